"""The workspace side navigation offers only what the user's roles allow, and the home page
shows the work waiting."""

import pytest

from musharaka.core.models import Role
from musharaka.core.services import representation_declare
from tests.conftest import make_staff
from tests.factories import MembershipFactory, UserFactory

LINKS = {
    "members": "Staff and roles",
    "representatives": "Representatives",
    "profile": "Agency profile",
    "audit": "Audit trail",
}
EXPECTED = {
    Role.MANAGER: {"members", "representatives", "profile", "audit"},
    Role.EDITOR: set(),
    Role.MODERATOR: set(),
    Role.RESPONDER: set(),
    Role.ANALYST: {"audit"},
    Role.SOCIAL_MEDIA_OFFICER: set(),
}


def nav_of(html: str) -> str:
    start = html.index('<nav class="col-md-3')
    return html[start : html.index("</nav>", start)]


def links_shown(client, agency) -> set[str]:
    nav = nav_of(client.get(f"/en/workspace/{agency.slug}/").content.decode())
    return {key for key in LINKS if f"/en/workspace/{agency.slug}/{key}/" in nav}


@pytest.mark.parametrize("role", Role.values)
def test_nav_shows_only_the_pages_the_role_may_open(client, agency, role):
    client.force_login(make_staff(agency, role))

    shown = links_shown(client, agency)

    assert shown == EXPECTED[role]
    for key in LINKS:
        status = client.get(f"/en/workspace/{agency.slug}/{key}/").status_code
        assert status == (200 if key in shown else 403), f"{role} on {key}"


def test_nav_combines_several_roles(client, agency):
    user = make_staff(agency, Role.ANALYST)
    MembershipFactory(agency=agency, user=user, role=Role.EDITOR)
    client.force_login(user)
    assert links_shown(client, agency) == {"audit"}


def test_platform_admin_sees_every_page_of_every_agency(client, agency):
    admin = make_staff(agency, Role.EDITOR)  # enrols TOTP; the role itself is not what counts
    admin.memberships.all().delete()
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)

    assert links_shown(client, agency) == set(LINKS)


def test_current_page_is_marked(staff_client, agency):
    nav = nav_of(staff_client.get(f"/en/workspace/{agency.slug}/audit/").content.decode())
    current = nav[: nav.index('aria-current="page"')]
    assert current.rstrip().endswith(f'href="/en/workspace/{agency.slug}/audit/"')


def test_home_shows_the_work_waiting(staff_client, agency):
    MembershipFactory(agency=agency, role=Role.EDITOR)
    for _ in range(3):
        representation_declare(user=UserFactory(), kind="agency", agency=agency, job_title="x")

    response = staff_client.get(f"/en/workspace/{agency.slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"] == {
        "representations": 3,
        "members": 2,
        "moderation": 0,
        "overdue_outcomes": 0,
    }
    assert "Representatives awaiting confirmation" in html
    assert f'<a href="/en/workspace/{agency.slug}/representatives/">' in html
    assert "Manager" in html, "the user's own roles are listed"


def test_workspace_index_sends_single_agency_staff_to_their_workspace(staff_client, agency):
    response = staff_client.get("/en/workspace/")
    assert response.status_code == 302
    assert response.url == f"/en/workspace/{agency.slug}/"


def test_workspace_index_lets_staff_of_several_agencies_choose(client, agency, other_agency):
    user = make_staff(agency, Role.EDITOR)
    MembershipFactory(agency=other_agency, user=user, role=Role.ANALYST)
    client.force_login(user)

    html = client.get("/en/workspace/").content.decode()

    assert f'href="/en/workspace/{agency.slug}/"' in html
    assert f'href="/en/workspace/{other_agency.slug}/"' in html


def test_people_without_a_role_are_not_let_in(client, citizen, agency):
    client.force_login(citizen)
    assert client.get("/en/workspace/").status_code == 403
    assert client.get(f"/en/workspace/{agency.slug}/").status_code == 404


@pytest.mark.parametrize("page", ["", "members/", "representatives/", "profile/", "audit/"])
@pytest.mark.parametrize(("prefix", "lang", "direction"), [("", "ar", "rtl"), ("/en", "en", "ltr")])
def test_workspace_pages_render_in_both_languages(
    staff_client, agency, page, prefix, lang, direction
):
    representation_declare(user=UserFactory(), kind="agency", agency=agency, job_title="x")
    response = staff_client.get(f"{prefix}/workspace/{agency.slug}/{page}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}"' in html
    assert html.count("<h1") == 1
