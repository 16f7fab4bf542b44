"""What the header offers each reader: the channels to everyone, one's own pages to oneself."""

import re

import pytest

from musharaka.core.models import Role
from musharaka.notifications.services import notify
from tests.conftest import make_staff
from tests.factories import UserFactory

CHANNELS = ["Agencies", "Consultations", "Polls", "Blogs", "Forums", "Contact officials"]


def header(client) -> str:
    response = client.get("/en/")
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def part(html: str, marker: str, closing: str = "</ul>") -> str:
    start = html.index(marker)
    return html[start : html.index(closing, start)]


def link_texts(html: str) -> list[str]:
    inner = re.findall(r"<a [^>]*>(.*?)</a>", html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in inner]


@pytest.mark.django_db
def test_anonymous_reader_gets_the_channels_and_sign_in(client):
    found = header(client)
    assert link_texts(part(found, "site-channels")) == CHANNELS
    assert link_texts(part(found, "site-account")) == ["Sign in", "Register"]
    assert "account-menu" not in found


@pytest.mark.django_db
def test_signed_in_citizen_finds_their_pages_in_the_account_menu(client):
    user = UserFactory()
    client.force_login(user)
    found = header(client)
    assert link_texts(part(found, "site-channels")) == CHANNELS
    menu = part(found, '<details class="account-menu">', "</details>")
    assert re.search(r"<summary[^>]*>\s*My account\s*</summary>", menu)
    assert link_texts(menu) == [
        "Notifications",
        "My requests",
        "My contributions",
        "Representation",
    ]
    assert re.search(r'<button[^>]*type="submit">Sign out</button>', menu)
    assert "Workspace" not in found


@pytest.mark.django_db
def test_unread_notifications_show_on_the_closed_menu(client):
    user = UserFactory()
    notify(recipient=user, kind="account_security", context={})
    client.force_login(user)
    summary = part(header(client), "<summary", "</summary>")
    assert re.search(r'badge[^>]*>1<span class="visually-hidden"> unread notifications<', summary)


@pytest.mark.django_db
def test_staff_keep_the_workspace_one_click_away(client, agency):
    client.force_login(make_staff(agency, Role.RESPONDER))
    account = part(header(client), "site-account")
    assert re.search(r'<a class="nav-link" href="/en/workspace/"[^>]*>Workspace</a>', account)
    assert account.index("Workspace") < account.index("account-menu"), "outside the menu"
