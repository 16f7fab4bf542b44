"""The public news pages, the link from the agency page, and "open now"."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from musharaka.announcements.models import Announcement
from musharaka.core.open_now import open_items
from tests.announcements.helpers import make_announcement, page_url, submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_agency_page_links_to_its_news(client, agency):
    html = client.get(f"/en/agencies/{agency.slug}/").content.decode()
    assert f'href="/en/agencies/{agency.slug}/news/"' in html


def test_news_list_shows_published_announcements_newest_first_and_paginates(client, agency):
    editor = None
    for n in range(12):
        a = make_announcement(agency, editor=editor, title_en=f"News number {n:02d}")
        editor = a.created_by
        Announcement.objects.filter(pk=a.pk).update(
            published_at=timezone.now() - timedelta(days=12 - n)
        )
    make_announcement(agency, editor=editor, published=False, title_en="Secret draft")

    first = client.get(f"/en/agencies/{agency.slug}/news/").content.decode()
    second = client.get(f"/en/agencies/{agency.slug}/news/?page=2").content.decode()

    assert "Secret draft" not in first + second
    assert first.index("News number 11") < first.index("News number 02")
    assert "News number 01" not in first and "News number 01" in second
    assert "Page 2 of 2" in second.replace('<bdi dir="ltr" class="ident">', "").replace(
        "</bdi>", ""
    )


def test_news_of_an_unknown_agency_is_not_found(client):
    assert client.get("/en/agencies/nobody/news/").status_code == 404


def test_announcement_page_shows_the_text_and_its_comments(client, agency):
    announcement = make_announcement(agency, body_en="Join us on **Tuesday**.")
    submit(UserFactory(), announcement, "A first comment from a reader.")

    response = client.get(page_url(announcement))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<strong>Tuesday</strong>" in html
    assert 'id="comments"' in html and "A first comment from a reader." in html
    assert "Sign in to comment" in html, "anonymous readers are invited to sign in"


def test_english_reader_sees_the_arabic_text_marked_when_there_is_no_translation(client, agency):
    announcement = make_announcement(agency, title_en="", body_en="")
    html = client.get(page_url(announcement)).content.decode()
    assert "available in Arabic only" in html
    assert 'lang="ar"' in html


def test_drafts_are_not_public(client, agency):
    draft = make_announcement(agency, published=False)
    assert client.get(page_url(draft)).status_code == 404
    assert client.get(page_url(draft, prefix="")).status_code == 404


@pytest.mark.parametrize(("prefix", "lang"), [("", "ar"), ("/en", "en")])
def test_pages_render_in_both_languages(client, agency, prefix, lang):
    announcement = make_announcement(agency)
    for url in (f"{prefix}/agencies/{agency.slug}/news/", page_url(announcement, prefix)):
        response = client.get(url)
        assert response.status_code == 200
        assert f'<html lang="{lang}"' in response.content.decode()


def test_open_now_lists_recent_announcements_open_for_comments(client, agency, other_agency):
    recent = make_announcement(agency, title_en="Recent and open")
    closed = make_announcement(agency, editor=recent.created_by, title_en="Comments closed")
    closed.comments_open = False
    closed.save()
    old = make_announcement(agency, editor=recent.created_by, title_en="Old news")
    Announcement.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=31))
    make_announcement(other_agency, title_en="Elsewhere")

    html = client.get(f"/en/agencies/{agency.slug}/").content.decode()

    assert "Recent and open" in html
    assert f'href="/en/agencies/{agency.slug}/news/{recent.slug}/"' in html
    assert "Comments closed" not in html and "Old news" not in html
    assert "Elsewhere" not in html
    with translation.override("en"):
        everywhere = {item.title: item for item in open_items(agency=None, limit=50)}
    assert set(everywhere) == {"Recent and open", "Elsewhere"}
    assert everywhere["Elsewhere"].agency == other_agency
    assert everywhere["Recent and open"].kind == "Announcement"
