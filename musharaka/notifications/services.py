"""The one notification service every channel uses.

``notify`` always creates the in-app notification (it is the user's record, whatever their email
choice); email follows the user's choice for that kind, after the transaction commits, through
a background task that never sends the same notification twice.
"""

import logging
from datetime import timedelta

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import musharaka.notifications.rules  # noqa: F401  (registers "notifications.read")
from musharaka.core.audit import audit_record
from musharaka.notifications.emails import absolute_url, email_build, language_of, render_kind
from musharaka.notifications.kinds import KINDS
from musharaka.notifications.models import Delivery, Notification, NotificationPreference
from musharaka.notifications.selectors import delivery_for, is_local_url

logger = logging.getLogger(__name__)

DIGEST_AFTER = timedelta(days=1)
# A worker that claimed an email and did not finish within this time is presumed dead.
CLAIM_LEASE = timedelta(minutes=15)
# The hourly retry leaves fresh emails to their own task, and gives up after this many tries.
RETRY_AFTER = timedelta(minutes=10)
MAX_EMAIL_ATTEMPTS = 5


def notify(*, recipient, kind: str, context: dict, url: str = "") -> Notification:
    """Create the in-app notification now; email goes out after the transaction commits.

    ``url`` is a local path (``reverse(...)`` in any language: it is shown in the reader's).
    The text is rendered from ``notifications/kinds/<kind>.txt`` in the recipient's language.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}; register it in kinds.py")
    if url and not is_local_url(url):
        raise ValueError(f"Notification links must be local paths, not {url!r}")
    if url:  # stored language-neutral: it opens in the reader's language
        url = translate_url(url, settings.LANGUAGE_CODE)
    subject, body = render_kind(kind=kind, recipient=recipient, context=context)
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject,
        body=body,
        url=url,
        delivery=delivery_for(user=recipient, kind=kind),
    )
    if notification.delivery == Delivery.IMMEDIATE:
        notification_id = notification.pk
        transaction.on_commit(lambda: _email_enqueue(notification_id))
    return notification


def _email_enqueue(notification_id: int) -> None:
    """Hand the email to the task queue; if the queue is down, the hourly retry sends it."""
    from musharaka.notifications.tasks import send_notification_email

    try:
        send_notification_email.enqueue(notification_id)
    except Exception:
        logger.exception("Could not enqueue the email for notification %s", notification_id)


def _claimable() -> Q:
    return Q(email_claimed_at=None) | Q(email_claimed_at__lt=timezone.now() - CLAIM_LEASE)


def _can_receive_email(user) -> bool:
    return bool(user.is_active and user.email)


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification at most once; returns whether it was sent now.

    The row is claimed with a conditional update before sending, so two workers running the same
    task cannot both send. A failure is logged and the claim released for the hourly retry;
    nothing is raised, so neither the worker nor the request that caused it crashes.
    """
    claimed = (
        Notification.objects.filter(
            pk=notification_id, emailed_at=None, delivery=Delivery.IMMEDIATE
        )
        .filter(_claimable())
        .update(email_claimed_at=timezone.now(), email_attempts=F("email_attempts") + 1)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if not _can_receive_email(recipient):
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        return False
    with translation.override(language_of(recipient)):
        open_url = absolute_url(reverse("notifications:open", args=[notification.pk]))
    message = email_build(
        recipient=recipient,
        subject=notification.subject,
        template="notification",
        context={"notification": notification, "open_url": open_url},
    )
    try:
        message.send()
    except Exception:
        logger.exception(
            "Email for notification %s failed (attempt %s); left for retry",
            notification_id,
            notification.email_attempts,
        )
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        return False
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def emails_retry() -> int:
    """Re-enqueue immediate emails that failed or were never enqueued; returns how many."""
    pending = list(
        Notification.objects.filter(
            delivery=Delivery.IMMEDIATE,
            emailed_at=None,
            email_attempts__lt=MAX_EMAIL_ATTEMPTS,
            created_at__lte=timezone.now() - RETRY_AFTER,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .filter(_claimable())
        .values_list("pk", flat=True)
    )
    for notification_id in pending:
        _email_enqueue(notification_id)
    return len(pending)


def _digest_waiting() -> QuerySet[Notification]:
    return Notification.objects.filter(delivery=Delivery.DAILY, emailed_at=None)


def digests_send() -> int:
    """Send each user's waiting daily-digest notifications as one email; returns emails sent.

    Run hourly; a user's digest goes once their oldest waiting item is a day old, and holds
    every item waiting at that moment. Items are claimed before sending, so overlapping runs
    never send the same item twice; a failed send is logged and retried on the next run.
    """
    due = (
        _digest_waiting()
        .filter(_claimable(), created_at__lte=timezone.now() - DIGEST_AFTER)
        .filter(recipient__is_active=True)
        .exclude(recipient__email="")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(due):
        claim = timezone.now()
        _digest_waiting().filter(_claimable(), recipient_id=recipient_id).update(
            email_claimed_at=claim, email_attempts=F("email_attempts") + 1
        )
        items = list(
            _digest_waiting()
            .filter(recipient_id=recipient_id, email_claimed_at=claim)
            .select_related("recipient")
            .order_by("created_at", "id")
        )
        if not items:
            continue  # another run took them
        recipient = items[0].recipient
        with translation.override(language_of(recipient)):
            subject = _("Your daily summary of notifications")
        message = email_build(
            recipient=recipient, subject=subject, template="digest", context={"items": items}
        )
        claimed = _digest_waiting().filter(pk__in=[n.pk for n in items], email_claimed_at=claim)
        try:
            message.send()
        except Exception:
            logger.exception("Daily digest for user %s failed; left for the next run", recipient_id)
            claimed.update(email_claimed_at=None)
            continue
        claimed.update(emailed_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def preference_set(*, user, kind: str, delivery: str) -> NotificationPreference:
    """Store how a user wants one kind emailed: immediately, in a daily digest, or not at all.

    Legally required kinds are always emailed at once, so any other choice is refused. "Off"
    stops email only; the notification still appears in the platform. Turning a kind off also
    drops its items waiting for the next digest (the user has said: no email).
    """
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Sign in to choose how you are notified."))
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of notification."))
    if delivery not in Delivery.values:
        raise ValidationError(_("Choose immediately, daily digest or off."))
    if KINDS[kind].required and delivery != Delivery.IMMEDIATE:
        raise ValidationError(
            _("This message is required by law; it is always emailed and cannot be turned off.")
        )
    before = delivery_for(user=user, kind=kind)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )
    if delivery == Delivery.OFF:
        _digest_waiting().filter(recipient=user, kind=kind).update(delivery=Delivery.OFF)
    if before != delivery:
        audit_record(
            actor=user,
            verb="notification.preference",
            target=preference,
            changes={"kind": kind, "delivery": [before, delivery]},
        )
    return preference


@transaction.atomic
def preferences_save(*, user, choices: dict[str, str]) -> None:
    """Store the whole preferences form at once: all choices are kept, or none."""
    for kind, delivery in choices.items():
        preference_set(user=user, kind=kind, delivery=delivery)


def notification_mark_read(*, user, notification: Notification) -> None:
    """Mark one notification read. Not audited: it is the reader's own inbox state."""
    if not rules.test_rule("notifications.read", user, notification):
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )


def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of this user read; returns how many changed."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
