"""/workspace/<agency>/members/: managers see their staff, give roles by email, take them away."""

import pytest

from musharaka.core.models import AuditEvent, Membership, Role
from tests.conftest import make_staff
from tests.factories import MembershipFactory, UserFactory


def url(agency, suffix=""):
    return f"/en/workspace/{agency.slug}/members/{suffix}"


def test_manager_sees_each_person_with_their_roles(staff_client, agency, manager):
    person = UserFactory(full_name="Huda Saleh", email="huda@example.sa")
    MembershipFactory(agency=agency, user=person, role=Role.EDITOR)
    MembershipFactory(agency=agency, user=person, role=Role.ANALYST)

    response = staff_client.get(url(agency))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Huda Saleh" in html and "huda@example.sa" in html
    assert "Editor" in html and "Analyst" in html
    row = html[html.index("Huda Saleh") :]
    row = row[: row.index("</tr>")]
    assert "Editor" in row and "Analyst" in row, "both roles sit in the person's row"


def test_manager_gives_a_role_by_email(staff_client, agency, manager):
    person = UserFactory(email="new.editor@example.sa")

    response = staff_client.post(url(agency), {"email": "New.Editor@Example.sa", "role": "editor"})

    assert response.status_code == 302
    assert response.url == url(agency)
    assert Membership.objects.filter(agency=agency, user=person, role=Role.EDITOR).exists()
    event = AuditEvent.objects.get(verb="membership.add", agency=agency)
    assert event.actor == manager
    assert event.changes == {"role": "editor"}
    page = staff_client.get(response.url).content.decode()
    assert "has the role Editor" in page


def test_unknown_email_is_a_clear_error_and_keeps_the_input(staff_client, agency):
    response = staff_client.post(url(agency), {"email": "nobody@example.sa", "role": "moderator"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "No account uses this email address" in html
    assert 'value="nobody@example.sa"' in html
    assert '<option value="moderator" selected>' in html
    assert 'aria-invalid="true"' in html
    assert not Membership.objects.filter(role=Role.MODERATOR).exists()
    assert not AuditEvent.objects.filter(verb="membership.add").exists()


def test_unknown_role_is_refused(staff_client, agency):
    UserFactory(email="someone@example.sa")
    response = staff_client.post(url(agency), {"email": "someone@example.sa", "role": "king"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Membership.objects.filter(agency=agency).count() == 1


def test_manager_removes_a_role(staff_client, agency, manager):
    editor = MembershipFactory(agency=agency, role=Role.EDITOR)

    response = staff_client.post(url(agency, f"{editor.pk}/remove/"))

    assert response.status_code == 302
    assert response.url == url(agency)
    assert not Membership.objects.filter(pk=editor.pk).exists()
    event = AuditEvent.objects.get(verb="membership.remove")
    assert event.actor == manager and event.agency == agency
    assert event.changes == {"role": "editor", "user": editor.user.email}


def test_the_last_manager_cannot_be_removed(staff_client, agency, manager):
    only_manager = Membership.objects.get(agency=agency, role=Role.MANAGER)

    response = staff_client.post(url(agency, f"{only_manager.pk}/remove/"))

    assert response.status_code == 400
    assert "An agency must keep at least one manager." in response.content.decode()
    assert Membership.objects.filter(pk=only_manager.pk).exists()
    assert not AuditEvent.objects.filter(verb="membership.remove").exists()


def test_a_manager_may_step_down_when_another_manager_remains(staff_client, agency, manager):
    MembershipFactory(agency=agency, role=Role.MANAGER)
    MembershipFactory(agency=agency, user=manager, role=Role.ANALYST)
    own = Membership.objects.get(agency=agency, user=manager, role=Role.MANAGER)

    response = staff_client.post(url(agency, f"{own.pk}/remove/"))

    assert response.status_code == 302
    assert response.url == f"/en/workspace/{agency.slug}/", "back to a page they may still see"
    assert not Membership.objects.filter(pk=own.pk).exists()
    assert staff_client.get(url(agency)).status_code == 403


def test_removing_is_post_only(staff_client, agency):
    editor = MembershipFactory(agency=agency, role=Role.EDITOR)
    assert staff_client.get(url(agency, f"{editor.pk}/remove/")).status_code == 405
    assert Membership.objects.filter(pk=editor.pk).exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.MANAGER])
def test_staff_without_the_manager_role_are_refused(client, agency, role):
    user = make_staff(agency, role)
    target = MembershipFactory(agency=agency, role=Role.MANAGER)
    UserFactory(email="candidate@example.sa")
    client.force_login(user)

    assert client.get(url(agency)).status_code == 403
    add = client.post(url(agency), {"email": "candidate@example.sa", "role": "manager"})
    assert add.status_code == 403
    assert client.post(url(agency, f"{target.pk}/remove/")).status_code == 403
    assert Membership.objects.filter(agency=agency).count() == 2
    assert not AuditEvent.objects.filter(verb__startswith="membership.").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, agency):
    response = client.get(url(agency))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_staff_without_an_authenticator_are_sent_to_enrol_first(client, agency):
    client.force_login(make_staff(agency, Role.MANAGER, totp=False))
    response = client.get(url(agency))
    assert response.status_code == 302
    assert "/2fa/totp/activate/" in response.url
