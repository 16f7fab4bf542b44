"""The bell, the notification list, opening and marking read, and privacy between users."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make(user, n: int = 1, **fields) -> list[Notification]:
    """Notifications straight in the table, a minute apart, returned oldest first."""
    now = timezone.now()
    items = []
    for i in range(n):
        item = Notification.objects.create(
            recipient=user,
            kind="representation_decided",
            subject=fields.get("subject", f"Message {i}"),
            body=fields.get("body", ""),
            url=fields.get("url", ""),
            delivery="immediate",
        )
        Notification.objects.filter(pk=item.pk).update(created_at=now - timedelta(minutes=n - i))
        items.append(item)
    return items


def test_bell_shows_the_unread_count_on_every_page(english_client, english_user):
    make(english_user, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(read_at=timezone.now())
    for path in ("/en/", "/en/agencies/", "/en/about/", "/en/notifications/preferences/"):
        html = english_client.get(path).content.decode()
        assert '2<span class="visually-hidden"> unread</span>' in html, path


def test_bell_has_no_count_when_everything_is_read(english_client, english_user):
    make(english_user, 1)
    Notification.objects.update(read_at=timezone.now())
    assert 'visually-hidden"> unread' not in english_client.get("/en/").content.decode()


def test_list_needs_sign_in(client):
    response = client.get("/en/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_list_is_newest_first_and_marks_unread_in_words(english_client, english_user):
    old, new = make(english_user, 2)
    Notification.objects.filter(pk=old.pk).update(subject="Older news", read_at=timezone.now())
    Notification.objects.filter(pk=new.pk).update(subject="Newer news")
    response = english_client.get("/en/notifications/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert html.index("Newer news") < html.index("Older news")
    newer_at, older_at = (html.index(f'id="notification-{n.pk}"') for n in (new, old))
    newer, older = html[newer_at:older_at], html[older_at:].split("</li>")[0]
    assert ">Unread</span>" in newer  # a word, not only a colour
    assert "Unread" not in older
    assert f'action="/en/notifications/{new.pk}/read/"' in newer
    assert "/read/" not in older
    assert "1 unread notification" in html


def test_list_is_paginated(english_client, english_user):
    make(english_user, 30)
    first = english_client.get("/en/notifications/").content.decode()
    second = english_client.get("/en/notifications/?page=2").content.decode()
    assert first.count('class="list-group-item') == 25
    assert second.count('class="list-group-item') == 5
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
    assert english_client.get("/en/notifications/?page=abc").status_code == 200


def test_list_query_count_does_not_grow_with_notifications(
    english_client, english_user, django_assert_max_num_queries
):
    make(english_user, 1)
    with CaptureQueriesContext(connection) as one:
        english_client.get("/en/notifications/")
    make(english_user, 24)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = english_client.get("/en/notifications/")
    assert response.content.decode().count('class="list-group-item') == 25


def test_following_a_notification_marks_it_read_and_goes_to_its_page(english_client, english_user):
    (item,) = make(english_user, 1, url="/agencies/health/")
    response = english_client.get(f"/en/notifications/{item.pk}/open/")
    assert response.status_code == 302
    assert response.url == "/en/agencies/health/"  # in the reader's language
    item.refresh_from_db()
    assert item.read_at is not None


def test_list_links_through_the_open_view(english_client, english_user):
    (item,) = make(english_user, 1, url="/agencies/health/")
    html = english_client.get("/en/notifications/").content.decode()
    assert f'href="/en/notifications/{item.pk}/open/"' in html


def test_a_foreign_stored_link_is_never_followed(english_client, english_user):
    (item,) = make(english_user, 1)
    Notification.objects.filter(pk=item.pk).update(url="https://evil.example/phish")
    response = english_client.get(f"/en/notifications/{item.pk}/open/")
    assert response.status_code == 302
    assert response.url == "/en/notifications/"


def test_mark_one_read(english_client, english_user):
    first, second = make(english_user, 2)
    response = english_client.post(
        f"/en/notifications/{first.pk}/read/", {"next": "/en/notifications/?page=1"}
    )
    assert response.status_code == 302
    assert response.url == "/en/notifications/?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_mark_read_needs_post_and_ignores_foreign_next(english_client, english_user):
    (item,) = make(english_user, 1)
    assert english_client.get(f"/en/notifications/{item.pk}/read/").status_code == 405
    item.refresh_from_db()
    assert item.read_at is None
    response = english_client.post(
        f"/en/notifications/{item.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response.url == "/en/notifications/"


def test_mark_all_read(english_client, english_user):
    make(english_user, 3)
    others = make(UserFactory(), 1)
    response = english_client.post("/en/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=english_user, read_at=None).exists()
    others[0].refresh_from_db()
    assert others[0].read_at is None
    html = english_client.get("/en/notifications/").content.decode()
    assert "All notifications are marked as read." in html
    assert '<span class="visually-hidden"> unread</span>' not in html


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/en/notifications/{pk}/open/"), ("post", "/en/notifications/{pk}/read/")],
)
def test_another_users_notification_is_404(english_client, method, path):
    (theirs,) = make(UserFactory(), 1, url="/agencies/")
    response = getattr(english_client, method)(path.format(pk=theirs.pk))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_notifications_are_not_listed(english_client, english_user):
    make(UserFactory(), 1, subject="Somebody else's news")
    html = english_client.get("/en/notifications/").content.decode()
    assert "Somebody else" not in html
    assert "You have no notifications." in html


def test_a_link_stored_in_english_opens_in_arabic_for_an_arabic_reader(client, arabic_user):
    (item,) = make(arabic_user, 1, url="/en/agencies/?q=health#list")
    client.force_login(arabic_user)
    response = client.get(f"/notifications/{item.pk}/open/")
    assert response.url == "/agencies/?q=health#list"
