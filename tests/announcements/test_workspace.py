"""Announcements in the staff workspace: who sees the pages, writing, errors kept in the form,
and publishing."""

import pytest

from musharaka.announcements.models import Announcement
from musharaka.core.models import Role
from tests.announcements.helpers import make_announcement
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, agency):
    client.force_login(make_staff(agency, Role.EDITOR))
    return client


def base(agency) -> str:
    return f"/en/workspace/{agency.slug}/announcements/"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MANAGER, True),
        (Role.EDITOR, True),
        (Role.MODERATOR, False),
        (Role.RESPONDER, False),
        (Role.ANALYST, False),
        (Role.SOCIAL_MEDIA_OFFICER, False),
    ],
)
def test_nav_link_and_pages_follow_the_content_edit_rule(client, agency, role, allowed):
    client.force_login(make_staff(agency, role))
    draft = make_announcement(agency, published=False)

    home = client.get(f"/en/workspace/{agency.slug}/").content.decode()
    nav = home[home.index('<nav class="col-md-3') :]
    nav = nav[: nav.index("</nav>")]

    assert (f'href="{base(agency)}"' in nav) is allowed
    for url in (base(agency), f"{base(agency)}new/", f"{base(agency)}{draft.pk}/"):
        assert client.get(url).status_code == (200 if allowed else 403), url


def test_editor_writes_a_draft_then_publishes_it(editor_client, agency):
    response = editor_client.post(
        f"{base(agency)}new/",
        {
            "title_ar": "ورشة عمل",
            "title_en": "Workshop",
            "body_ar": "نص الإعلان",
            "body_en": "",
            "slug": "",
            "comments_open": "on",
        },
    )
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response.url == f"{base(agency)}{announcement.pk}/"
    page = editor_client.get(response.url).content.decode()
    assert "Draft" in page and "Publish the announcement" in page
    assert editor_client.get(f"/en/agencies/{agency.slug}/news/workshop/").status_code == 404

    response = editor_client.post(f"{base(agency)}{announcement.pk}/publish/")

    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.is_published
    page = editor_client.get(response.url).content.decode()
    assert "The announcement is published and open for comments." in page
    assert f'href="/en/agencies/{agency.slug}/news/workshop/"' in page
    assert editor_client.get(f"/en/agencies/{agency.slug}/news/workshop/").status_code == 200


def test_missing_arabic_text_comes_back_with_errors_and_what_was_typed(editor_client, agency):
    response = editor_client.post(
        f"{base(agency)}new/",
        {"title_ar": "", "title_en": "Only English", "body_ar": "", "body_en": "Some text"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write the title in Arabic." in html and "Write the announcement in Arabic." in html
    assert 'value="Only English"' in html and "Some text" in html
    assert 'aria-invalid="true"' in html
    assert not Announcement.objects.exists()


def test_a_published_address_cannot_be_changed_from_the_form(editor_client, agency):
    announcement = make_announcement(agency)
    response = editor_client.post(
        f"{base(agency)}{announcement.pk}/",
        {
            "title_ar": "عنوان معدل",
            "body_ar": "نص",
            "slug": "somewhere-else",
            "comments_open": "on",
        },
    )
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.title_ar == "عنوان معدل"
    assert announcement.slug == "workshop-on-the-draft-guideline"


def test_list_shows_drafts_and_published_of_this_agency_only(editor_client, agency, other_agency):
    make_announcement(agency, published=False, title_en="A draft in progress")
    make_announcement(agency, title_en="Already public")
    make_announcement(other_agency, title_en="Someone else's news")

    html = editor_client.get(base(agency)).content.decode()

    assert "A draft in progress" in html and "Already public" in html
    assert "Someone else" not in html


def test_announcement_of_another_agency_is_not_found(editor_client, agency, other_agency):
    theirs = make_announcement(other_agency)
    assert editor_client.get(f"{base(agency)}{theirs.pk}/").status_code == 404
    assert editor_client.post(f"{base(agency)}{theirs.pk}/publish/").status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_workspace_pages_render_in_both_languages(editor_client, agency, prefix):
    announcement = make_announcement(agency)
    for path in ("", "new/", f"{announcement.pk}/"):
        response = editor_client.get(f"{prefix}/workspace/{agency.slug}/announcements/{path}")
        assert response.status_code == 200
        assert response.content.decode().count("<h1") == 1
