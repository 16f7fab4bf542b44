"""Moderators hear about waiting contributions: an alert per agency at most once a day (hourly
task, registered with the scheduler), with the count and the oldest item's age."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from musharaka.core.management.commands.scheduler import PERIODIC_TASKS
from musharaka.core.models import Role
from musharaka.notifications.models import Notification
from musharaka.participation import moderation
from musharaka.participation.services import contribution_submit
from musharaka.participation.tasks import send_moderation_digests
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def alerts(user=None):
    found = Notification.objects.filter(kind="moderation_waiting")
    return found.filter(recipient=user) if user else found


@pytest.fixture
def team(agency):
    staff = {
        "manager": make_staff(agency, Role.MANAGER, totp=False),
        "moderator": make_staff(agency, Role.MODERATOR, totp=False),
        "editor": make_staff(agency, Role.EDITOR, totp=False),
    }
    for user in staff.values():  # alerts are read in each recipient's language
        user.language = "en"
        user.save(update_fields=["language"])
    return staff


def test_the_task_runs_every_hour():
    assert ("musharaka.participation.tasks.send_moderation_digests", 3600) in PERIODIC_TASKS


def test_moderators_and_managers_are_alerted_once_a_day(agency, team, premoderated_space):
    start = timezone.now()
    with freeze_time(start - timedelta(hours=26)):
        contribution_submit(actor=UserFactory(), space=premoderated_space, body="First waiting.")
    contribution_submit(actor=UserFactory(), space=premoderated_space, body="Second waiting.")

    with freeze_time(start):
        assert moderation.moderation_alerts_send() == 1

    for role in ("manager", "moderator"):
        [alert] = alerts(team[role])
        assert alert.subject.startswith("2 contributions waiting for moderation")
        assert "1 day" in alert.body and "2 hours" in alert.body
        assert alert.url == f"/workspace/{agency.slug}/moderation/"
    assert not alerts(team["editor"]).exists()

    with freeze_time(start + timedelta(hours=23)):
        assert moderation.moderation_alerts_send() == 0
    assert alerts().count() == 2
    with freeze_time(start + timedelta(hours=24, minutes=1)):
        assert moderation.moderation_alerts_send() == 1
    assert alerts().count() == 4


def test_no_alert_when_nothing_waits(agency, team, space):
    contribution_submit(actor=UserFactory(), space=space, body="Published at once, no review.")
    assert send_moderation_digests.call() == 0
    assert not alerts().exists()


def test_each_agency_is_alerted_about_its_own_queue(agency, other_agency, team, premoderated_space):
    other_moderator = make_staff(other_agency, Role.MODERATOR, totp=False)
    contribution_submit(actor=UserFactory(), space=premoderated_space, body="Waiting here.")

    send_moderation_digests.enqueue()

    assert alerts(team["moderator"]).count() == 1
    assert not alerts(other_moderator).exists()
