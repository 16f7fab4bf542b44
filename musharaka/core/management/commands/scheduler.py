"""Enqueue periodic tasks on time. Safe to run on several machines: a cache lock per slot
means each run of a periodic task is enqueued once."""

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# (task path, period in seconds). Channels add their periodic work here.
PERIODIC_TASKS: list[tuple[str, int]] = [
    ("musharaka.notifications.tasks.send_daily_digests", 3600),
    ("musharaka.notifications.tasks.retry_notification_emails", 3600),
    ("musharaka.participation.tasks.send_moderation_digests", 3600),
    ("musharaka.consultations.tasks.open_and_close_due", 300),
    ("musharaka.contact.tasks.escalation_scan", 300),
]


def enqueue_due(now: float) -> list[str]:
    """Enqueue every task whose current period slot has not been claimed yet."""
    enqueued = []
    for path, period in PERIODIC_TASKS:
        slot = int(now // period)
        if cache.add(f"scheduler:{path}:{slot}", "1", timeout=period * 2):
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued


class Command(BaseCommand):
    help = "Run forever, enqueuing periodic tasks (daily digests, escalations) when due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args, once: bool, **options):
        while True:
            for path in enqueue_due(time.time()):
                self.stdout.write(f"enqueued {path}")
            if once:
                return
            time.sleep(30)
