from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from musharaka.notifications.models import Notification


@task()
def send_notification_email(notification_id: int) -> None:
    """Email one notification unless it has gone out already (tasks may run twice)."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return
    send_mail(
        notification.subject,
        notification.body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@task()
def send_daily_digests() -> int:
    """Email each user one message with their waiting digest notifications (hourly check;
    a user's digest goes once their oldest waiting item is a day old)."""
    from musharaka.notifications.services import digests_send

    return digests_send()
