"""Warnings and suspensions of authors: audited, notified, and a suspension really stops
new contributions in every space of the agency (and only that agency) until it ends or is lifted."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from musharaka.core.models import AuditEvent, Role
from musharaka.notifications.models import Notification
from musharaka.participation import moderation
from musharaka.participation.models import ReasonCode, Suspension
from musharaka.participation.services import contribution_submit, space_get_or_create
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(agency):
    return make_staff(agency, Role.MODERATOR)


def test_warning_reaches_the_author_and_is_audited(moderator, agency, author, space):
    c = contribution_submit(actor=author, space=space, body="A rather heated comment here.")

    moderation.author_warn(
        actor=moderator, agency=agency, user=author, note="Keep it civil, please.", contribution=c
    )

    [note] = Notification.objects.filter(recipient=author, kind="participation_warning")
    assert "Keep it civil, please." in note.body
    assert "heated comment" in note.body
    assert agency.name_en in note.subject
    event = AuditEvent.objects.get(verb="participation.warn")
    assert (event.actor, event.agency, event.target_id) == (moderator, agency, str(author.pk))
    assert event.changes["contribution"] == c.pk


def test_a_warning_needs_words(moderator, agency, author):
    with pytest.raises(ValidationError):
        moderation.author_warn(actor=moderator, agency=agency, user=author, note="  ")
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(verb="participation.warn").exists()


def test_suspension_stops_contributions_agency_wide_until_it_ends(
    moderator, agency, other_agency, author, space
):
    second_space = space_get_or_create(
        agency=agency, channel="forum", owner=moderator, title_ar="منتدى"
    )
    elsewhere = space_get_or_create(
        agency=other_agency, channel="test", owner=other_agency, title_ar="نقاش"
    )

    suspension = moderation.author_suspend(
        actor=moderator,
        agency=agency,
        user=author,
        days=7,
        reason=ReasonCode.ABUSE,
        note="Insults.",
    )

    assert timedelta(days=6, hours=23) < suspension.until - timezone.now() <= timedelta(days=7)
    for where in (space, second_space):
        with pytest.raises(PermissionDenied, match="suspended"):
            contribution_submit(actor=author, space=where, body="Trying again after suspension.")
    contribution_submit(actor=author, space=elsewhere, body="Another agency is not affected.")
    [note] = Notification.objects.filter(recipient=author, kind="participation_suspended")
    assert "Insults." in note.body and "Abusive" in note.body
    event = AuditEvent.objects.get(verb="participation.suspend")
    assert event.changes == {"user": author.pk, "days": 7, "reason": "abuse"}


@pytest.mark.parametrize("days", [0, -1, 366, "7"])
def test_suspension_length_must_be_sensible(moderator, agency, author, days):
    with pytest.raises(ValidationError):
        moderation.author_suspend(
            actor=moderator, agency=agency, user=author, days=days, reason=ReasonCode.SPAM
        )
    assert not Suspension.objects.exists()


def test_suspension_needs_a_published_reason(moderator, agency, author):
    with pytest.raises(ValidationError):
        moderation.author_suspend(actor=moderator, agency=agency, user=author, days=3, reason="")


def test_moderators_cannot_suspend_themselves(moderator, agency):
    with pytest.raises(ValidationError):
        moderation.author_suspend(
            actor=moderator, agency=agency, user=moderator, days=1, reason=ReasonCode.OTHER
        )


def test_lifting_a_suspension_lets_the_author_contribute_again(moderator, agency, author, space):
    suspension = moderation.author_suspend(
        actor=moderator, agency=agency, user=author, days=30, reason=ReasonCode.SPAM
    )

    moderation.suspension_lift(actor=moderator, suspension=suspension)

    contribution_submit(actor=author, space=space, body="Back, and following the rules.")
    assert AuditEvent.objects.filter(verb="participation.suspension_lift").exists()
    assert Notification.objects.filter(
        recipient=author, kind="participation_suspension_lifted"
    ).exists()
    with pytest.raises(ValidationError, match="already ended"):
        moderation.suspension_lift(actor=moderator, suspension=suspension)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ANALYST, Role.RESPONDER])
def test_only_moderating_roles_warn_suspend_and_lift(agency, other_agency, author, role):
    moderator = make_staff(agency, Role.MODERATOR, totp=False)
    suspension = moderation.author_suspend(
        actor=moderator, agency=agency, user=author, days=3, reason=ReasonCode.SPAM
    )
    for actor in (make_staff(agency, role, totp=False), make_staff(other_agency, Role.MANAGER)):
        with pytest.raises(PermissionDenied):
            moderation.author_warn(actor=actor, agency=agency, user=author, note="Careful.")
        with pytest.raises(PermissionDenied):
            moderation.author_suspend(
                actor=actor, agency=agency, user=UserFactory(), days=3, reason=ReasonCode.SPAM
            )
        with pytest.raises(PermissionDenied):
            moderation.suspension_lift(actor=actor, suspension=suspension)
    assert Suspension.objects.count() == 1
    suspension.refresh_from_db()
    assert suspension.until > timezone.now()
