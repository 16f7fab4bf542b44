"""/workspace/<agency>/representatives/: managers confirm or reject people who say they
represent the agency, and see who is confirmed."""

import pytest

from musharaka.core.models import AuditEvent, Representation, RepresentationStatus, Role
from musharaka.core.services import representation_declare
from musharaka.notifications.models import Notification
from tests.conftest import make_staff
from tests.factories import UserFactory


def url(agency, suffix=""):
    return f"/en/workspace/{agency.slug}/representatives/{suffix}"


@pytest.fixture
def declaration(agency):
    person = UserFactory(full_name="Omar Nasser", email="omar@example.sa")
    return representation_declare(
        user=person, kind="agency", agency=agency, job_title="Head of partnerships"
    )


def test_manager_sees_pending_declarations(staff_client, agency, declaration):
    organisation = representation_declare(
        user=UserFactory(email="company@example.sa"), kind="private", organisation_name="Acme"
    )

    response = staff_client.get(url(agency))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Omar Nasser" in html and "Head of partnerships" in html
    assert f"/representatives/{declaration.pk}/decide/" in html
    assert "company@example.sa" not in html, "organisation claims go to platform admins"
    assert f"/representatives/{organisation.pk}/decide/" not in html


def test_manager_confirms_a_declaration(staff_client, agency, manager, declaration):
    response = staff_client.post(url(agency, f"{declaration.pk}/decide/"), {"decision": "confirm"})

    assert response.status_code == 302
    assert response.url == url(agency)
    declaration.refresh_from_db()
    assert declaration.status == RepresentationStatus.CONFIRMED
    assert declaration.decided_by == manager
    assert declaration.decided_at is not None
    event = AuditEvent.objects.get(verb="representation.confirm")
    assert event.actor == manager and event.agency == agency
    notification = Notification.objects.get(recipient=declaration.user)
    assert notification.url.endswith("/account/representation/"), "links to the status page"

    html = staff_client.get(url(agency)).content.decode()
    assert "is now a confirmed representative" in html
    confirmed = html[html.index("Confirmed representatives") :]
    assert "Omar Nasser" in confirmed
    assert f"/representatives/{declaration.pk}/decide/" not in html


def test_manager_rejects_a_declaration(staff_client, agency, manager, declaration):
    response = staff_client.post(url(agency, f"{declaration.pk}/decide/"), {"decision": "reject"})

    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == RepresentationStatus.REJECTED
    assert AuditEvent.objects.filter(verb="representation.reject", actor=manager).exists()
    html = staff_client.get(url(agency)).content.decode()
    assert "Omar Nasser" not in html[html.index("Confirmed representatives") :]


def test_a_decided_declaration_cannot_be_decided_again(staff_client, agency, declaration):
    staff_client.post(url(agency, f"{declaration.pk}/decide/"), {"decision": "reject"})

    response = staff_client.post(url(agency, f"{declaration.pk}/decide/"), {"decision": "confirm"})

    assert response.status_code == 400
    assert "already been decided" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == RepresentationStatus.REJECTED
    assert not AuditEvent.objects.filter(verb="representation.confirm").exists()


@pytest.mark.parametrize("data", [{}, {"decision": "maybe"}])
def test_a_missing_or_unknown_decision_is_refused(staff_client, agency, declaration, data):
    response = staff_client.post(url(agency, f"{declaration.pk}/decide/"), data)

    assert response.status_code == 400
    assert "Choose whether to confirm or reject" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == RepresentationStatus.PENDING


def test_unknown_declaration_is_404(staff_client, agency):
    response = staff_client.post(url(agency, "999999/decide/"), {"decision": "confirm"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.MANAGER])
def test_staff_without_the_manager_role_are_refused(client, agency, declaration, role):
    client.force_login(make_staff(agency, role))

    assert client.get(url(agency)).status_code == 403
    decide = client.post(url(agency, f"{declaration.pk}/decide/"), {"decision": "confirm"})
    assert decide.status_code == 403
    declaration.refresh_from_db()
    assert declaration.status == RepresentationStatus.PENDING
    assert Representation.objects.filter(status=RepresentationStatus.CONFIRMED).count() == 0
