"""The daily digest: one email per user once their oldest waiting item is a day old."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from musharaka.notifications.models import Delivery, Notification
from musharaka.notifications.services import digests_send, notify, preference_set
from musharaka.notifications.tasks import send_daily_digests
from tests.factories import UserFactory
from tests.notifications.conftest import ARABIC_SUBJECT

pytestmark = pytest.mark.django_db


def waiting(user, kind, *, hours_ago: float, when: str = "10:00") -> Notification:
    notification = notify(recipient=user, kind=kind, context={"when": when})
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return notification


@pytest.fixture
def daily(bilingual_kind):
    def choose(user):
        preference_set(user=user, kind=bilingual_kind, delivery=Delivery.DAILY)
        return user

    return choose


def test_items_younger_than_a_day_wait(english_user, bilingual_kind, daily):
    daily(english_user)
    waiting(english_user, bilingual_kind, hours_ago=23)
    assert digests_send() == 0
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_a_day_old_item_sends_everything_waiting_in_one_email(english_user, bilingual_kind, daily):
    daily(english_user)
    waiting(english_user, bilingual_kind, hours_ago=25, when="first")
    waiting(english_user, bilingual_kind, hours_ago=2, when="second")
    assert digests_send() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [english_user.email]
    assert message.subject == "[Musharaka] Your daily summary of notifications"
    assert "Time: first" in message.body
    assert "Time: second" in message.body
    assert message.body.index("Time: first") < message.body.index("Time: second")
    html = message.alternatives[0][0]
    assert '<html lang="en" dir="ltr">' in html
    assert "/en/notifications/preferences/" in html
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_the_digest_is_in_the_users_language(arabic_user, bilingual_kind, daily):
    daily(arabic_user)
    waiting(arabic_user, bilingual_kind, hours_ago=30)
    assert digests_send() == 1
    message = mail.outbox[0]
    assert ARABIC_SUBJECT in message.body
    html = message.alternatives[0][0]
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html


def test_a_digest_is_never_sent_twice(english_user, bilingual_kind, daily):
    daily(english_user)
    waiting(english_user, bilingual_kind, hours_ago=25)
    assert send_daily_digests.enqueue().return_value == 1
    assert send_daily_digests.enqueue().return_value == 0
    assert len(mail.outbox) == 1


def test_items_claimed_by_a_concurrent_run_are_left_to_it(english_user, bilingual_kind, daily):
    daily(english_user)
    item = waiting(english_user, bilingual_kind, hours_ago=25)
    Notification.objects.filter(pk=item.pk).update(email_claimed_at=timezone.now())
    assert digests_send() == 0
    assert mail.outbox == []


def test_each_user_gets_their_own_digest(bilingual_kind, daily):
    ready, not_ready = daily(UserFactory(language="en")), daily(UserFactory(language="en"))
    waiting(ready, bilingual_kind, hours_ago=26)
    waiting(not_ready, bilingual_kind, hours_ago=1)
    assert digests_send() == 1
    assert [m.to for m in mail.outbox] == [[ready.email]]


def test_immediate_and_off_items_never_join_a_digest(english_user, bilingual_kind):
    waiting(english_user, bilingual_kind, hours_ago=30)  # immediate (not yet emailed here)
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.OFF)
    waiting(english_user, bilingual_kind, hours_ago=30)
    assert digests_send() == 0
    assert mail.outbox == []


def test_a_failed_digest_is_retried_on_the_next_run(
    english_user, bilingual_kind, daily, monkeypatch, caplog
):
    daily(english_user)
    waiting(english_user, bilingual_kind, hours_ago=25)

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    assert digests_send() == 0
    assert "left for the next run" in caplog.text
    monkeypatch.undo()
    assert digests_send() == 1
    assert len(mail.outbox) == 1


def test_the_scheduler_runs_the_digest_and_the_email_retry():
    from django.utils.module_loading import import_string

    from musharaka.core.management.commands.scheduler import PERIODIC_TASKS

    scheduled = {path: period for path, period in PERIODIC_TASKS}
    for path in (
        "musharaka.notifications.tasks.send_daily_digests",
        "musharaka.notifications.tasks.retry_notification_emails",
    ):
        assert scheduled[path] <= 3600  # hourly, so a digest is never more than an hour late
        assert hasattr(import_string(path), "enqueue")
