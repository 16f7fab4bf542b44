"""The platform admin (Django admin): organisation claims are decided there, every change goes
through the services (so it is audited), and the audit trail cannot be edited."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import messages

from musharaka.core.models import (
    Agency,
    AuditEvent,
    Membership,
    PageFeedback,
    Representation,
    RepresentationStatus,
    Role,
)
from musharaka.core.services import representation_declare
from tests.conftest import TOTP_SECRET, make_staff
from tests.factories import AgencyFactory, MembershipFactory, UserFactory


@pytest.fixture
def platform_admin(db):
    admin = UserFactory(is_superuser=True, is_staff=True, email="admin@example.sa")
    TOTP.activate(admin, TOTP_SECRET)
    return admin


@pytest.fixture
def admin_client(client, platform_admin):
    client.force_login(platform_admin)
    return client


def message_levels(response) -> list[int]:
    """The admin always speaks the default language (Arabic): check what kind of message."""
    return [m.level for m in response.context["messages"]]


@pytest.mark.parametrize(
    "model", ["agency", "membership", "representation", "auditevent", "pagefeedback"]
)
def test_each_core_model_has_an_admin_list(admin_client, agency, model):
    response = admin_client.get(f"/admin/core/{model}/")
    assert response.status_code == 200


def test_agency_managers_cannot_open_the_admin(client, agency):
    client.force_login(make_staff(agency, Role.MANAGER))
    response = client.get("/admin/core/representation/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_platform_admin_confirms_an_organisation_claim(admin_client, platform_admin, citizen):
    rep = representation_declare(
        user=citizen, kind="private", organisation_name="Acme", job_title="CEO"
    )

    response = admin_client.post(
        "/admin/core/representation/",
        {"action": "confirm_selected", "_selected_action": [rep.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert message_levels(response) == [messages.SUCCESS]
    rep.refresh_from_db()
    assert rep.status == RepresentationStatus.CONFIRMED
    assert rep.decided_by == platform_admin
    assert AuditEvent.objects.get(verb="representation.confirm").actor == platform_admin


def test_platform_admin_rejects_and_decided_claims_are_left_alone(admin_client, citizen):
    pending = representation_declare(user=citizen, kind="academic", organisation_name="KSU")
    done = Representation.objects.create(
        user=UserFactory(), kind="private", organisation_name="Old", status="confirmed"
    )

    response = admin_client.post(
        "/admin/core/representation/",
        {"action": "reject_selected", "_selected_action": [pending.pk, done.pk]},
        follow=True,
    )

    assert message_levels(response) == [messages.SUCCESS, messages.WARNING]
    pending.refresh_from_db()
    done.refresh_from_db()
    assert pending.status == RepresentationStatus.REJECTED
    assert done.status == RepresentationStatus.CONFIRMED


def test_declarations_cannot_be_edited_or_added_in_the_admin(admin_client, citizen):
    rep = representation_declare(user=citizen, kind="private", organisation_name="Acme")
    assert admin_client.get("/admin/core/representation/add/").status_code == 403
    admin_client.post(f"/admin/core/representation/{rep.pk}/change/", {"status": "confirmed"})
    rep.refresh_from_db()
    assert rep.status == RepresentationStatus.PENDING


def test_the_audit_trail_is_read_only_in_the_admin(admin_client, agency, platform_admin):
    MembershipFactory(agency=agency, role=Role.EDITOR)
    representation_declare(user=UserFactory(), kind="agency", agency=agency)
    event = AuditEvent.objects.first()

    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    assert admin_client.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    change = admin_client.get(f"/admin/core/auditevent/{event.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    admin_client.post(f"/admin/core/auditevent/{event.pk}/change/", {"verb": "forged"})
    admin_client.post(
        "/admin/core/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb


def test_giving_a_role_in_the_admin_is_audited(admin_client, platform_admin, agency, citizen):
    response = admin_client.post(
        "/admin/core/membership/add/",
        {"user": citizen.pk, "agency": agency.pk, "role": "moderator"},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=citizen, agency=agency, role=Role.MODERATOR)
    event = AuditEvent.objects.get(verb="membership.add")
    assert event.actor == platform_admin and event.target_id == str(membership.pk)


def test_the_last_manager_cannot_be_deleted_in_the_admin(admin_client, agency, manager):
    only = Membership.objects.get(agency=agency, role=Role.MANAGER)
    response = admin_client.post(f"/admin/core/membership/{only.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Membership.objects.filter(pk=only.pk).exists()

    extra = MembershipFactory(agency=agency, role=Role.EDITOR)
    admin_client.post(f"/admin/core/membership/{extra.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.filter(pk=extra.pk).exists()
    assert AuditEvent.objects.filter(verb="membership.remove").count() == 1


def test_creating_and_changing_an_agency_in_the_admin_is_audited(admin_client, platform_admin):
    data = {
        "slug": "new-authority",
        "name_ar": "هيئة جديدة",
        "name_en": "New Authority",
        "kind": "authority",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/admin/core/agency/add/", data)
    assert response.status_code == 302
    agency = Agency.objects.get(slug="new-authority")
    assert AuditEvent.objects.get(verb="agency.create").actor == platform_admin

    data.pop("is_active")
    admin_client.post(f"/admin/core/agency/{agency.pk}/change/", data)
    agency.refresh_from_db()
    assert agency.is_active is False
    event = AuditEvent.objects.get(verb="agency.admin_update")
    assert event.changes == {"is_active": [True, False]}


def test_page_feedback_list_counts_answers_per_page(admin_client):
    for path, useful in [("/a/", True), ("/a/", False), ("/a/", False), ("/b/", True)]:
        PageFeedback.objects.create(path=path, useful=useful, language="ar")

    response = admin_client.get("/admin/core/pagefeedback/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<tr><td dir="ltr">/a/</td><td>1</td><td>2</td></tr>' in html
    assert '<tr><td dir="ltr">/b/</td><td>1</td><td>0</td></tr>' in html
    assert html.index(">/a/<") < html.index(">/b/<"), "pages with most 'No' first"
    assert admin_client.get("/admin/core/pagefeedback/add/").status_code == 403


def test_agencies_cannot_be_deleted_in_the_admin(admin_client):
    agency = AgencyFactory()
    assert admin_client.get(f"/admin/core/agency/{agency.pk}/delete/").status_code == 403
