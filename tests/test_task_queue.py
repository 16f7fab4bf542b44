"""Both task queues really run tasks: the database queue (embedded mode) and RQ on Redis."""

import os

import pytest
from django.core import mail
from django.core.management import call_command

from musharaka.notifications.models import Notification
from musharaka.notifications.tasks import send_notification_email
from tests.factories import UserFactory

# The machine always runs Redis on 127.0.0.1 (.ci/run starts it); db 15 keeps tests apart.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def waiting_notification(db):
    user = UserFactory(language="en")
    return Notification.objects.create(
        recipient=user, kind="account_security", subject="Check", body="b", delivery="immediate"
    )


@pytest.mark.django_db(transaction=True)
def test_database_queue_runs_enqueued_task(settings, waiting_notification):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_notification_email.enqueue(waiting_notification.pk)
    assert not mail.outbox
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_rq_queue_runs_enqueued_task(settings, waiting_notification):
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue_name = f"test-{os.getpid()}"
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}, queue_name: {"URL": REDIS_URL}}
    settings.TASKS["default"]["QUEUES"] = [queue_name]
    result = send_notification_email.using(queue_name=queue_name).enqueue(waiting_notification.pk)
    assert not mail.outbox
    worker = django_rq.get_worker(queue_name, job_class=Job, worker_class=SimpleWorker)
    worker.work(burst=True)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
