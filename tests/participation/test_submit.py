"""The participant's side of the pipeline, through the service layer every channel uses."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from musharaka.core.models import AuditEvent
from musharaka.participation import ratelimit
from musharaka.participation.models import (
    AbuseTerm,
    Action,
    Contribution,
    Decision,
    ModerationSettings,
    QueueReason,
    Status,
    Suspension,
)
from musharaka.participation.services import (
    contribution_edit,
    contribution_endorse,
    contribution_flag,
    contribution_submit,
    contribution_withdraw,
    rules_publish,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def submit(author, space, body="A clear and useful comment.", **kwargs):
    return contribution_submit(actor=author, space=space, body=body, **kwargs)


def test_post_moderated_space_publishes_at_once(author, space):
    c = submit(author, space)
    assert (c.status, c.needs_review, c.published_at is not None) == (Status.PUBLISHED, False, True)
    assert c.language == "en"


def test_pre_moderated_space_queues_with_the_reason(author, premoderated_space):
    c = submit(author, premoderated_space, "تعليق مفيد على المسودة")
    assert c.status == Status.PENDING and c.needs_review
    assert c.queue_reasons == [QueueReason.PRE_MODERATION]
    assert c.language == "ar"


def test_phone_number_is_masked_publicly_kept_for_staff_and_queued(author, space):
    c = submit(author, space, "اتصلوا بي على ٠٥٥ ١٢٣ ٤٥٦٧ للمزيد")
    assert "4567" not in c.body and "٤٥٦٧" not in c.body
    assert "٤٥٦٧" in c.body_original
    assert c.status == Status.PENDING and QueueReason.PERSONAL_DATA in c.queue_reasons
    assert [f.code for f in c.new_findings] == ["mobile"]
    assert str(c.new_findings[0].message)  # the author is told why


def test_agency_word_list_catches_evasions(author, agency, space):
    AbuseTerm.objects.create(agency=agency, term="غبي")
    c = submit(author, space, "هذا الرأي غـــبيّ جدا")
    assert c.status == Status.PENDING and QueueReason.ABUSE in c.queue_reasons


def test_same_text_again_in_the_same_space_is_refused(author, space):
    submit(author, space, "I support article three as written.")
    with pytest.raises(ValidationError, match="already posted"):
        submit(author, space, "I support article three, as written!")
    assert Contribution.objects.count() == 1


def test_posting_too_fast_is_refused(author, space, settings):
    settings.MUSHARAKA_CONTRIBUTION_RATE_LIMITS = {
        "user": {"limit": 2, "period": 600},
        "ip": {"limit": 100, "period": 600},
    }
    submit(author, space, "first point about the draft")
    submit(author, space, "second, entirely different point")
    with pytest.raises(ValidationError, match="too quickly"):
        submit(author, space, "a third thing to say now")


def test_rules_must_be_accepted_in_their_current_version(author, agency, manager, space):
    first = rules_publish(actor=manager, agency=agency, body_ar="القواعد ١")
    with pytest.raises(ValidationError):
        submit(author, space)
    second = rules_publish(actor=manager, agency=agency, body_ar="القواعد ٢")
    with pytest.raises(ValidationError):
        submit(author, space, accepted_rules=first)
    c = submit(author, space, accepted_rules=second)
    assert c.rules == second


def test_suspended_author_and_closed_space_are_refused(author, agency, manager, space):
    Suspension.objects.create(
        agency=agency,
        user=author,
        until=timezone.now() + timedelta(days=1),
        reason="abuse",
        created_by=manager,
    )
    with pytest.raises(PermissionDenied, match="suspended"):
        submit(author, space)
    space.is_open = False
    space.save()
    with pytest.raises(PermissionDenied, match="closed"):
        submit(UserFactory(), space)


def test_replies_stop_at_three_levels(author, reader, space):
    parent = submit(author, space, "top level")
    for depth in (1, 2, 3):
        parent = submit(
            reader if depth % 2 else author, space, f"reply at depth {depth}", parent=parent
        )
        assert parent.depth == depth
    with pytest.raises(ValidationError, match="three levels"):
        submit(reader, space, "too deep a reply", parent=parent)


def test_edit_within_fifteen_minutes_is_checked_again(author, space):
    c = submit(author, space, "Original wording of my view.")
    contribution_edit(actor=author, contribution=c, body="Call me at 0551234567 instead.")
    c.refresh_from_db()
    assert c.status == Status.PENDING and QueueReason.EDITED in c.queue_reasons
    assert "0551234567" not in c.body
    Contribution.objects.filter(pk=c.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    c.refresh_from_db()
    with pytest.raises(ValidationError, match="15 minutes"):
        contribution_edit(actor=author, contribution=c, body="Too late to change this.")


def test_only_the_author_edits_or_withdraws(author, reader, space):
    c = submit(author, space)
    with pytest.raises(PermissionDenied):
        contribution_edit(actor=reader, contribution=c, body="hijacked text")
    with pytest.raises(PermissionDenied):
        contribution_withdraw(actor=reader, contribution=c)
    contribution_withdraw(actor=author, contribution=c)
    c.refresh_from_db()
    assert c.status == Status.WITHDRAWN
    assert Decision.objects.filter(contribution=c, action=Action.WITHDRAW).exists()


def test_endorsement_toggles_and_not_on_ones_own(author, reader, space):
    c = submit(author, space)
    assert contribution_endorse(actor=reader, contribution=c) is True
    c.refresh_from_db()
    assert c.endorsement_count == 1
    assert contribution_endorse(actor=reader, contribution=c) is False
    c.refresh_from_db()
    assert c.endorsement_count == 0
    with pytest.raises(ValidationError):
        contribution_endorse(actor=author, contribution=c)


def test_enough_distinct_reports_hide_it_for_review(author, agency, space):
    ModerationSettings.objects.create(agency=agency, flag_threshold=2)
    c = submit(author, space)
    first = UserFactory()
    contribution_flag(actor=first, contribution=c, reason="spam")
    with pytest.raises(ValidationError, match="already reported"):
        contribution_flag(actor=first, contribution=c, reason="abuse")
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED
    contribution_flag(actor=UserFactory(), contribution=c, reason="abuse", note="insulting")
    c.refresh_from_db()
    assert c.status == Status.HIDDEN and c.needs_review
    assert QueueReason.FLAGS in c.queue_reasons
    assert AuditEvent.objects.filter(verb="contribution.auto_hide", actor=None).exists()


@pytest.mark.parametrize("redis", [False, True])
def test_rate_limit_counts_per_window_on_both_backends(settings, redis):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15" if redis else ""
    if redis:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
                "KEY_PREFIX": f"rl-test-{timezone.now().timestamp()}",
            }
        }
    results = [ratelimit.hit("k", limit=3, period=3600) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.hit("other", limit=3, period=3600)
