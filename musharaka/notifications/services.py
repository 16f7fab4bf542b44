"""The one notification service every channel uses."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from musharaka.notifications.kinds import KINDS
from musharaka.notifications.models import Delivery, Notification, NotificationPreference


def delivery_for(*, user, kind: str) -> str:
    if KINDS[kind].required:
        return Delivery.IMMEDIATE
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return pref.delivery if pref else Delivery.IMMEDIATE


def notify(*, recipient, kind: str, context: dict, url: str = "") -> Notification:
    """Create the in-app notification now; email goes out after the transaction commits."""
    with translation.override(recipient.language or "ar"):
        text = render_to_string(
            f"notifications/kinds/{kind}.txt", {"recipient": recipient, **context}
        ).strip()
    subject, _, body = text.partition("\n")
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject.strip()[:200],
        body=body.strip(),
        url=url,
        delivery=delivery_for(user=recipient, kind=kind),
    )
    if notification.delivery == Delivery.IMMEDIATE:
        from musharaka.notifications.tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def digests_send() -> int:
    """Send each user's waiting daily-digest notifications as one email; returns emails sent."""
    from datetime import timedelta

    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import timezone

    cutoff = timezone.now() - timedelta(days=1)
    waiting = Notification.objects.filter(delivery=Delivery.DAILY, emailed_at=None)
    due = waiting.filter(created_at__lte=cutoff).values_list("recipient", flat=True).distinct()
    sent = 0
    for recipient_id in list(due):
        items = list(waiting.filter(recipient_id=recipient_id).select_related("recipient"))
        recipient = items[0].recipient
        with translation.override(recipient.language or "ar"):
            body = render_to_string(
                "notifications/digest.txt", {"recipient": recipient, "items": items}
            )
            subject = translation.gettext("Your daily summary of notifications")
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
        sent += 1
    return sent
