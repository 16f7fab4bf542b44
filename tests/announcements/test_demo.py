"""The demo tells the channel's story: announcements with comment threads in every agency, and
a moderation queue with work waiting everywhere."""

import pytest
from django.core.management import call_command

from musharaka.announcements.models import Announcement
from musharaka.core.audit import chain_verify
from musharaka.core.models import Agency
from musharaka.participation.models import (
    Contribution,
    Endorsement,
    ModerationMode,
    QueueReason,
    Space,
    Status,
)


@pytest.mark.django_db
def test_demo_has_threads_and_a_queue_in_every_agency(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load")

    yesser = Announcement.objects.get(
        agency__slug="yesser", slug="e-participation-guideline-workshop"
    )
    assert "الدليل الاسترشادي للمشاركة الإلكترونية" in yesser.title_ar
    assert yesser.title_en and yesser.is_published
    assert Announcement.objects.filter(published_at__isnull=True).exists(), "a draft in progress"
    for agency in Agency.objects.all():
        assert agency.rules_versions.exists(), agency.slug
        assert Announcement.objects.filter(agency=agency, published_at__isnull=False).count() >= 2
        waiting = Contribution.objects.filter(agency=agency, needs_review=True)
        assert waiting.exists(), f"{agency.slug} has an empty queue"
        assert waiting.filter(queue_reasons__icontains=QueueReason.PERSONAL_DATA).exists()
        assert Contribution.objects.filter(
            agency=agency, status=Status.PUBLISHED, depth__gte=1
        ).exists(), "replies"
    assert Space.objects.filter(moderation=ModerationMode.PRE).exists()
    assert Contribution.objects.filter(
        status=Status.HIDDEN, queue_reasons__icontains=QueueReason.FLAGS
    ).exists()
    assert Contribution.objects.filter(
        status=Status.PENDING, queue_reasons__icontains=QueueReason.PRE_MODERATION
    ).exists()
    assert Endorsement.objects.exists()
    assert not Contribution.objects.filter(queue_reasons__icontains=QueueReason.SPAM).exists()
    assert list(chain_verify()) == []
