"""Immediate email: after commit, in the recipient's language, once, and robust to failures."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from musharaka.core.models import Representation, RepresentationStatus
from musharaka.core.services import representation_decide
from musharaka.notifications.models import Delivery, Notification
from musharaka.notifications.services import emails_retry, notify
from musharaka.notifications.tasks import send_notification_email
from tests.notifications.conftest import ARABIC_SUBJECT, ENGLISH_SUBJECT

pytestmark = pytest.mark.django_db


def html_part(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def test_email_waits_for_the_commit(english_user, bilingual_kind, on_commit):
    with on_commit(execute=True) as callbacks:
        notify(recipient=english_user, kind=bilingual_kind, context={"when": "10:00"})
        assert mail.outbox == []  # still inside the transaction
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [english_user.email]
    assert Notification.objects.get().emailed_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(english_user, bilingual_kind, on_commit):
    with (
        on_commit(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipient=english_user, kind=bilingual_kind, context={"when": "10:00"})
        raise RuntimeError("the channel's write failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_english_recipient_gets_english(english_user, bilingual_kind, on_commit):
    with on_commit(execute=True):
        notify(recipient=english_user, kind=bilingual_kind, context={"when": "10:00"})
    message = mail.outbox[0]
    assert message.subject == f"[Musharaka] {ENGLISH_SUBJECT}"
    assert "Time: 10:00" in message.body
    assert "Hello Sara Ahmed," in message.body
    html = html_part(message)
    assert '<html lang="en" dir="ltr">' in html
    assert ENGLISH_SUBJECT in html


def test_arabic_recipient_gets_arabic(arabic_user, bilingual_kind, on_commit):
    with on_commit(execute=True):
        notify(recipient=arabic_user, kind=bilingual_kind, context={"when": "10:00"})
    message = mail.outbox[0]
    assert ENGLISH_SUBJECT not in message.subject
    assert ARABIC_SUBJECT in message.subject
    html = html_part(message)
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html
    assert message.extra_headers["Content-Language"] == "ar"


def test_recipient_language_wins_over_the_actors(arabic_user, bilingual_kind, on_commit):
    """A staff member working in English notifies an Arabic-speaking citizen."""
    from django.utils import translation

    with translation.override("en"), on_commit(execute=True):
        notify(recipient=arabic_user, kind=bilingual_kind, context={"when": "10:00"})
    assert Notification.objects.get().subject == ARABIC_SUBJECT
    assert 'dir="rtl"' in html_part(mail.outbox[0])


def test_email_links_to_the_list_and_preferences_on_the_configured_site(
    settings, english_user, bilingual_kind, on_commit
):
    settings.MUSHARAKA_SITE_URL = "https://musharaka.example.sa"
    with on_commit(execute=True):
        notification = notify(
            recipient=english_user, kind=bilingual_kind, context={"when": "10:00"}
        )
    message = mail.outbox[0]
    for text in (message.body, html_part(message)):
        assert "https://musharaka.example.sa/en/notifications/" in text
        assert "https://musharaka.example.sa/en/notifications/preferences/" in text
        assert f"https://musharaka.example.sa/en/notifications/{notification.pk}/open/" in text


def test_text_is_not_html_escaped_in_storage_or_plain_email(
    english_user, bilingual_kind, on_commit
):
    with on_commit(execute=True):
        notify(recipient=english_user, kind=bilingual_kind, context={"when": "R&D <office>"})
    assert Notification.objects.get().body == "Time: R&D <office>"
    assert "Time: R&D <office>" in mail.outbox[0].body
    assert "R&amp;D &lt;office&gt;" in html_part(mail.outbox[0])  # escaped once in HTML


def test_a_real_channel_notifies_after_its_commit(agency, manager, english_user, on_commit):
    representation = Representation.objects.create(user=english_user, kind="agency", agency=agency)
    with on_commit(execute=True):
        representation_decide(actor=manager, representation=representation, confirm=True)
    representation.refresh_from_db()
    assert representation.status == RepresentationStatus.CONFIRMED
    expected = "[Musharaka] Your representation has been confirmed"
    assert [m.subject for m in mail.outbox] == [expected]


def test_the_task_never_sends_twice(english_user, bilingual_kind):
    notification = notify(recipient=english_user, kind=bilingual_kind, context={"when": "1"})
    send_notification_email.enqueue(notification.pk)
    send_notification_email.enqueue(notification.pk)
    assert len(mail.outbox) == 1


def test_an_email_claimed_by_another_worker_is_not_sent_again(english_user, bilingual_kind):
    notification = notify(recipient=english_user, kind=bilingual_kind, context={"when": "1"})
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=timezone.now())
    send_notification_email.enqueue(notification.pk)
    assert mail.outbox == []
    # The worker died: after the lease its email is sent by someone else.
    Notification.objects.filter(pk=notification.pk).update(
        email_claimed_at=timezone.now() - timedelta(hours=1)
    )
    send_notification_email.enqueue(notification.pk)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_logged_and_retried_without_crashing_the_caller(
    english_user, bilingual_kind, on_commit, monkeypatch, caplog
):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with (
        caplog.at_level(logging.ERROR, logger="musharaka.notifications"),
        on_commit(execute=True),
    ):
        notification = notify(recipient=english_user, kind=bilingual_kind, context={"when": "1"})
    assert "left for retry" in caplog.text
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert notification.email_claimed_at is None
    assert notification.email_attempts == 1

    monkeypatch.undo()  # the mail server is back
    assert emails_retry() == 0  # too fresh: its own task may still be on the way
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=30)
    )
    assert emails_retry() == 1
    assert len(mail.outbox) == 1
    assert emails_retry() == 0
    assert len(mail.outbox) == 1


def test_retry_gives_up_after_the_last_attempt(english_user, bilingual_kind):
    notification = notify(recipient=english_user, kind=bilingual_kind, context={"when": "1"})
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=2), email_attempts=5
    )
    assert emails_retry() == 0
    assert mail.outbox == []


def test_a_failing_queue_does_not_break_the_channels_write(
    english_user, bilingual_kind, on_commit, monkeypatch, caplog
):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("redis is down")

    monkeypatch.setattr("musharaka.notifications.tasks.send_notification_email", QueueDown())
    with on_commit(execute=True):
        notify(recipient=english_user, kind=bilingual_kind, context={"when": "1"})
    assert "Could not enqueue" in caplog.text
    assert Notification.objects.get().delivery == Delivery.IMMEDIATE


def test_inactive_users_are_not_emailed(english_user, bilingual_kind, on_commit):
    english_user.is_active = False
    english_user.save()
    with on_commit(execute=True):
        notify(recipient=english_user, kind=bilingual_kind, context={"when": "1"})
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_unknown_kinds_and_foreign_links_are_programming_errors(english_user, bilingual_kind):
    with pytest.raises(ValueError, match=r"kinds\.py"):
        notify(recipient=english_user, kind="no_such_kind", context={})
    for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil"):
        with pytest.raises(ValueError, match="local"):
            notify(recipient=english_user, kind=bilingual_kind, context={}, url=url)
    assert not Notification.objects.exists()
