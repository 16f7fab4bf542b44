"""A participant's own contributions: where each stands, the latest decision with its reason and
note, and a link back to where it is."""

import pytest

from musharaka.core.models import Role
from musharaka.participation.models import Contribution
from musharaka.participation.moderation import contribution_approve, contribution_reject
from musharaka.participation.services import contribution_withdraw
from tests.announcements.helpers import make_announcement, page_url, space_of, submit
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MINE = "/en/participation/mine/"


def card(html: str, contribution: Contribution) -> str:
    start = html.index(f'id="c{contribution.pk}"')
    return html[start : html.index("</li>", start)]


def test_signing_in_is_required(client):
    response = client.get(MINE)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_each_contribution_shows_where_it_stands(client, citizen, agency):
    moderator = make_staff(agency, Role.MODERATOR, totp=False)
    open_thread = make_announcement(agency, title_en="Open thread")
    reviewed = make_announcement(
        agency, editor=open_thread.created_by, pre_moderated=True, title_en="Reviewed thread"
    )
    published = submit(citizen, open_thread, "Published at once.")
    waiting = submit(citizen, reviewed, "Waiting for a moderator.")
    refused = submit(citizen, reviewed, "Refused by the moderator.")
    contribution_reject(
        actor=moderator, contribution=refused, reason="off_topic", note="Please stay on topic."
    )
    withdrawn = submit(citizen, open_thread, "Taken back by me.")
    contribution_withdraw(actor=citizen, contribution=withdrawn)
    submit(UserFactory(), open_thread, "Someone else's comment.")
    client.force_login(citizen)

    response = client.get(MINE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else's comment." not in html
    assert "Published" in card(html, published)
    assert f'href="{page_url(open_thread)}#c{published.pk}"' in card(html, published)
    assert "Under review" in card(html, waiting)
    assert "Pre-moderated space" in card(html, waiting)
    assert f'href="{page_url(reviewed)}#c{waiting.pk}"' in card(html, waiting)
    rejected = card(html, refused)
    assert "Not published" in rejected
    assert "Not about the subject under discussion" in rejected
    assert "Please stay on topic." in rejected
    assert f"#c{refused.pk}" not in rejected, "no link to a text that is not shown"
    assert "Withdrawn by you" in card(html, withdrawn)
    assert html.index(f'id="c{withdrawn.pk}"') < html.index(f'id="c{published.pk}"')


def test_masked_contribution_says_why_it_is_withheld(client, citizen, agency):
    announcement = make_announcement(agency)
    masked = submit(citizen, announcement, "Call me on 0551234567 please.")
    client.force_login(citizen)

    html = card(client.get(MINE).content.decode(), masked)

    assert "Under review" in html and "Personal data found" in html
    assert "0551234567" not in html


def test_approval_shows_as_the_latest_decision(client, citizen, agency):
    moderator = make_staff(agency, Role.MODERATOR, totp=False)
    announcement = make_announcement(agency, pre_moderated=True)
    comment = submit(citizen, announcement, "Approved in the end.")
    contribution_approve(actor=moderator, contribution=comment)
    client.force_login(citizen)

    html = card(client.get(MINE).content.decode(), comment)

    assert "Published" in html and "Approved" in html


def test_list_is_paginated(client, citizen, agency):
    announcement = make_announcement(agency)
    spaces = [announcement]
    for n in range(21):
        if n % 4 == 0 and n:
            spaces.append(
                make_announcement(agency, editor=announcement.created_by, title_en=f"News {n}")
            )
        Contribution.objects.create(
            space=space_of(spaces[-1]),
            agency=agency,
            author=citizen,
            body=f"Contribution {n}",
            status="published",
        )
    client.force_login(citizen)

    first = client.get(MINE).content.decode()
    second = client.get(f"{MINE}?page=2").content.decode()

    assert first.count('class="card mb-3"') == 20
    assert second.count('class="card mb-3"') == 1


@pytest.mark.parametrize(("prefix", "lang"), [("", "ar"), ("/en", "en")])
def test_page_renders_in_both_languages(client, citizen, agency, prefix, lang):
    submit(citizen, make_announcement(agency), "Something I wrote.")
    client.force_login(citizen)
    response = client.get(f"{prefix}/participation/mine/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html and html.count("<h1") == 1


def test_signed_in_people_find_the_page_in_the_header(client, citizen):
    assert 'href="/en/participation/mine/"' not in client.get("/en/").content.decode()
    client.force_login(citizen)
    assert 'href="/en/participation/mine/"' in client.get("/en/").content.decode()


def test_withheld_contributions_link_to_the_appeal_page(client, agency, manager):
    from musharaka.participation.moderation import contribution_hide
    from musharaka.participation.services import contribution_submit, space_get_or_create
    from tests.factories import UserFactory

    author = UserFactory(language="en")
    space = space_get_or_create(agency=agency, channel="test", owner=agency, title_ar="نقاش")
    kept = contribution_submit(actor=author, space=space, body="A perfectly fine comment here.")
    hidden = contribution_submit(actor=author, space=space, body="Another comment to be hidden.")
    contribution_hide(actor=manager, contribution=hidden, reason="off_topic")
    client.force_login(author)
    html = client.get("/en/participation/mine/").content.decode()
    assert f"/en/participation/contributions/{hidden.pk}/appeal/" in html
    assert f"/en/participation/contributions/{kept.pk}/appeal/" not in html
