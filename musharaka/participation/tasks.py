"""Background tasks of the participation pipeline. Arguments are ids; the work is in services."""

from django_tasks import task


@task()
def send_moderation_digests() -> int:
    """Alert each agency's moderators when contributions wait in its queue (hourly check; at
    most one alert a day per agency)."""
    from musharaka.participation.moderation import moderation_alerts_send

    return moderation_alerts_send()
