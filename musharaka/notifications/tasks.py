"""Background tasks. Arguments are ids; the work itself lives in services."""

from django_tasks import task


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification unless it has gone out already (tasks may run twice)."""
    from musharaka.notifications.services import notification_email_send

    return notification_email_send(notification_id=notification_id)


@task()
def send_daily_digests() -> int:
    """Email each user one message with their waiting digest notifications (hourly check;
    a user's digest goes once their oldest waiting item is a day old)."""
    from musharaka.notifications.services import digests_send

    return digests_send()


@task()
def retry_notification_emails() -> int:
    """Re-enqueue immediate emails that failed or were never enqueued (hourly)."""
    from musharaka.notifications.services import emails_retry

    return emails_retry()
