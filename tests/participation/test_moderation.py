"""Staff decisions on contributions, through the service layer: approve, hide, reject, redact,
restore, bulk; each leaves a history row, an audit event and a notification to the author."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.core.models import AuditEvent, Role
from musharaka.core.roles import ACTIONS
from musharaka.notifications.models import Notification
from musharaka.participation import moderation
from musharaka.participation.models import (
    Action,
    Contribution,
    Decision,
    QueueReason,
    ReasonCode,
    Status,
)
from musharaka.participation.services import contribution_flag, contribution_submit
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODERATING_ROLES = sorted(ACTIONS["contributions.moderate"])
OTHER_ROLES = sorted(set(Role.values) - ACTIONS["contributions.moderate"])


@pytest.fixture
def moderator(agency):
    return make_staff(agency, Role.MODERATOR)


def submit(author, space, body="A clear and useful comment on the draft."):
    return contribution_submit(actor=author, space=space, body=body)


def notifications_of(user, kind="contribution_decided"):
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("id"))


# --- Approve ----------------------------------------------------------------------------------


def test_approve_publishes_a_waiting_contribution(moderator, author, premoderated_space):
    c = submit(author, premoderated_space)
    assert c.status == Status.PENDING and c.published_at is None

    moderation.contribution_approve(actor=moderator, contribution=c)

    c.refresh_from_db()
    assert c.status == Status.PUBLISHED
    assert c.published_at is not None
    assert (c.needs_review, c.queue_reasons) == (False, [])
    decision = Decision.objects.get(contribution=c, action=Action.APPROVE)
    assert (decision.actor, decision.from_status, decision.to_status) == (
        moderator,
        Status.PENDING,
        Status.PUBLISHED,
    )
    event = AuditEvent.objects.get(verb="contribution.approve")
    assert event.actor == moderator and event.agency == premoderated_space.agency
    assert event.target_id == str(c.pk)
    assert event.changes["status"] == ["pending", "published"]
    [note] = notifications_of(author)
    assert note.subject == "Your contribution has been published"
    assert note.url == "/test/", "a published contribution links to its discussion"


def test_author_is_emailed_about_the_decision(
    moderator, author, premoderated_space, django_capture_on_commit_callbacks
):
    c = submit(author, premoderated_space)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.contribution_hide(
            actor=moderator, contribution=c, reason=ReasonCode.OFF_TOPIC, note="Stay on topic."
        )
    [email] = mail.outbox
    assert email.to == [author.email]
    assert "Your contribution has been hidden" in email.subject


def test_notification_is_in_the_authors_language(moderator, agency, premoderated_space):
    premoderated_space.title_en = "Draft tourism regulation"
    premoderated_space.save()
    english, arabic = UserFactory(language="en"), UserFactory(language="ar")
    for person in (english, arabic):
        c = submit(person, premoderated_space, f"My view, by {person.email}, on the draft.")
        moderation.contribution_approve(actor=moderator, contribution=c)

    [to_english] = notifications_of(english)
    [to_arabic] = notifications_of(arabic)
    assert "Draft tourism regulation" in to_english.body
    assert premoderated_space.title_ar in to_arabic.body
    assert "Draft tourism regulation" not in to_arabic.body


def test_approve_of_a_contribution_hidden_after_reports(moderator, author, space, agency):
    c = submit(author, space)
    for _ in range(3):
        contribution_flag(actor=UserFactory(), contribution=c, reason="spam")
    c.refresh_from_db()
    assert c.status == Status.HIDDEN and QueueReason.FLAGS in c.queue_reasons

    moderation.contribution_approve(actor=moderator, contribution=c)

    c.refresh_from_db()
    assert (c.status, c.needs_review, c.queue_reasons) == (Status.PUBLISHED, False, [])


def test_approving_twice_is_a_clear_error(moderator, author, premoderated_space):
    c = submit(author, premoderated_space)
    moderation.contribution_approve(actor=moderator, contribution=c)
    with pytest.raises(ValidationError, match="already published"):
        moderation.contribution_approve(actor=moderator, contribution=c)
    assert Decision.objects.filter(action=Action.APPROVE).count() == 1


# --- Hide and reject ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "action", "status", "subject"),
    [
        (moderation.contribution_hide, Action.HIDE, Status.HIDDEN, "has been hidden"),
        (moderation.contribution_reject, Action.REJECT, Status.REJECTED, "was not published"),
    ],
)
def test_hide_and_reject_record_the_reason_and_tell_the_author(
    moderator, author, space, service, action, status, subject
):
    c = submit(author, space)
    assert c.status == Status.PUBLISHED

    service(actor=moderator, contribution=c, reason=ReasonCode.ABUSE, note="Please be civil.")

    c.refresh_from_db()
    assert c.status == status
    decision = Decision.objects.get(contribution=c, action=action)
    assert (decision.reason, decision.note) == (ReasonCode.ABUSE, "Please be civil.")
    assert (decision.from_status, decision.to_status) == (Status.PUBLISHED, status)
    event = AuditEvent.objects.get(verb=f"contribution.{action}")
    assert event.changes == {"status": ["published", status], "reason": "abuse"}
    [note] = notifications_of(author)
    assert subject in note.subject
    assert "Abusive, offensive or hateful language" in note.body
    assert "Please be civil." in note.body
    assert "appeal" in note.body
    assert note.url == f"/participation/contributions/{c.pk}/appeal/", "explains and takes appeals"


@pytest.mark.parametrize("service", [moderation.contribution_hide, moderation.contribution_reject])
@pytest.mark.parametrize("reason", ["", "rude", None])
def test_hide_and_reject_need_a_published_reason(moderator, author, space, service, reason):
    c = submit(author, space)
    with pytest.raises(ValidationError) as caught:
        service(actor=moderator, contribution=c, reason=reason)
    assert "reason" in caught.value.message_dict
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED
    assert not Decision.objects.filter(contribution=c).exists()
    assert not Notification.objects.filter(recipient=author).exists()


def test_a_note_that_is_too_long_is_refused(moderator, author, space):
    c = submit(author, space)
    with pytest.raises(ValidationError):
        moderation.contribution_hide(
            actor=moderator, contribution=c, reason=ReasonCode.SPAM, note="x" * 2001
        )
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED


def test_withdrawn_contributions_take_no_decision(moderator, author, space):
    from musharaka.participation.services import contribution_withdraw

    c = submit(author, space)
    contribution_withdraw(actor=author, contribution=c)
    for service, kwargs in [
        (moderation.contribution_approve, {}),
        (moderation.contribution_hide, {"reason": "spam"}),
        (moderation.contribution_reject, {"reason": "spam"}),
        (moderation.contribution_restore, {}),
        (moderation.contribution_redact, {"body": "redacted"}),
    ]:
        with pytest.raises(ValidationError, match="withdrawn"):
            service(actor=moderator, contribution=c, **kwargs)
    c.refresh_from_db()
    assert c.status == Status.WITHDRAWN


# --- Redact and restore ---------------------------------------------------------------------------


def test_redact_publishes_the_moderators_text_and_keeps_the_original(
    moderator, author, premoderated_space
):
    c = submit(author, premoderated_space, "The manager Khalid is a thief and the draft is weak.")

    moderation.contribution_redact(
        actor=moderator, contribution=c, body="The manager [removed] and the draft is weak."
    )

    c.refresh_from_db()
    assert c.body == "The manager [removed] and the draft is weak."
    assert c.body_original == "The manager Khalid is a thief and the draft is weak."
    assert c.status == Status.PUBLISHED and not c.needs_review
    assert Decision.objects.filter(contribution=c, action=Action.REDACT).exists()
    event = AuditEvent.objects.get(verb="contribution.redact")
    assert "thief" not in str(event.changes), "the audit trail does not copy what was removed"
    [note] = notifications_of(author)
    assert "edited your contribution" in note.subject


def test_redact_keeps_the_authors_first_original_after_masking(moderator, author, space):
    c = submit(author, space, "Call me on 0551234567 about the draft please.")
    assert c.body_original == "Call me on 0551234567 about the draft please."

    moderation.contribution_redact(actor=moderator, contribution=c, body="About the draft.")

    c.refresh_from_db()
    assert c.body == "About the draft."
    assert c.body_original == "Call me on 0551234567 about the draft please."


def test_redacted_text_goes_through_the_same_input_checks(moderator, author, space):
    c = submit(author, space)
    for bad in ["   ", "x" * 5001, "bad\x00text"]:
        with pytest.raises(ValidationError):
            moderation.contribution_redact(actor=moderator, contribution=c, body=bad)
    moderation.contribution_redact(
        actor=moderator, contribution=c, body="Reach me at 0551234567 instead."
    )
    c.refresh_from_db()
    assert "0551234567" not in c.body, "personal data typed by a moderator is masked too"


@pytest.mark.parametrize("first", [moderation.contribution_hide, moderation.contribution_reject])
def test_restore_publishes_again(moderator, author, space, first):
    c = submit(author, space)
    published_at = c.published_at
    first(actor=moderator, contribution=c, reason=ReasonCode.OFF_TOPIC)

    moderation.contribution_restore(actor=moderator, contribution=c, note="On reflection, fine.")

    c.refresh_from_db()
    assert c.status == Status.PUBLISHED
    assert c.published_at == published_at, "the first publication date is kept"
    decision = Decision.objects.filter(contribution=c).last()
    assert (decision.action, decision.to_status) == (Action.RESTORE, Status.PUBLISHED)
    assert AuditEvent.objects.filter(verb="contribution.restore").exists()
    assert notifications_of(author)[-1].subject == "Your contribution is public again"


def test_restore_of_a_published_contribution_is_refused(moderator, author, space):
    c = submit(author, space)
    with pytest.raises(ValidationError):
        moderation.contribution_restore(actor=moderator, contribution=c)


# --- Bulk ---------------------------------------------------------------------------------


def test_bulk_approve_decides_each_and_reports_the_rest(moderator, agency, premoderated_space):
    authors = [UserFactory() for _ in range(3)]
    items = [
        submit(a, premoderated_space, f"Comment number {i} here.") for i, a in enumerate(authors)
    ]
    moderation.contribution_approve(actor=moderator, contribution=items[0])

    done, errors = moderation.contributions_bulk_decide(
        actor=moderator, agency=agency, contributions=items, action=Action.APPROVE
    )

    assert done == 2
    assert len(errors) == 1 and f"#{items[0].pk}" in errors[0]
    assert set(Contribution.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert AuditEvent.objects.filter(verb="contribution.approve").count() == 3
    assert all(len(notifications_of(a)) == 1 for a in authors)


def test_bulk_reject_needs_a_reason_and_changes_nothing_without(
    moderator, agency, premoderated_space
):
    items = [submit(UserFactory(), premoderated_space, f"Text {i} to review.") for i in range(2)]
    with pytest.raises(ValidationError):
        moderation.contributions_bulk_decide(
            actor=moderator, agency=agency, contributions=items, action=Action.REJECT
        )
    assert set(Contribution.objects.values_list("status", flat=True)) == {Status.PENDING}

    done, errors = moderation.contributions_bulk_decide(
        actor=moderator,
        agency=agency,
        contributions=items,
        action=Action.REJECT,
        reason=ReasonCode.SPAM,
    )
    assert (done, errors) == (2, [])
    assert set(Decision.objects.values_list("reason", flat=True)) == {"spam"}


def test_bulk_refuses_other_actions(moderator, agency, premoderated_space):
    c = submit(UserFactory(), premoderated_space)
    with pytest.raises(ValidationError):
        moderation.contributions_bulk_decide(
            actor=moderator, agency=agency, contributions=[c], action=Action.RESTORE
        )


def test_bulk_cannot_reach_another_agencys_contribution(moderator, agency, other_agency):
    from musharaka.participation.services import space_get_or_create

    elsewhere = space_get_or_create(
        agency=other_agency, channel="test", owner=other_agency, title_ar="نقاش آخر"
    )
    c = submit(UserFactory(), elsewhere)
    with pytest.raises(PermissionDenied):
        moderation.contributions_bulk_decide(
            actor=moderator,
            agency=agency,
            contributions=[c],
            action=Action.HIDE,
            reason=ReasonCode.SPAM,
        )
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED


# --- Permissions ------------------------------------------------------------------------------


DECISIONS = [
    (moderation.contribution_approve, {}),
    (moderation.contribution_hide, {"reason": "spam"}),
    (moderation.contribution_reject, {"reason": "spam"}),
    (moderation.contribution_redact, {"body": "Redacted text."}),
]


@pytest.mark.parametrize("role", MODERATING_ROLES)
@pytest.mark.parametrize(("service", "kwargs"), DECISIONS, ids=lambda v: getattr(v, "__name__", ""))
def test_every_moderating_role_may_decide(agency, premoderated_space, role, service, kwargs):
    staff = make_staff(agency, role, totp=False)
    c = submit(UserFactory(), premoderated_space)
    service(actor=staff, contribution=c, **kwargs)
    assert Decision.objects.filter(contribution=c, actor=staff).exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize(("service", "kwargs"), DECISIONS, ids=lambda v: getattr(v, "__name__", ""))
def test_other_roles_and_outsiders_may_not_decide(
    agency, other_agency, premoderated_space, role, service, kwargs
):
    c = submit(UserFactory(), premoderated_space)
    for actor in (
        make_staff(agency, role, totp=False),
        make_staff(other_agency, Role.MODERATOR, totp=False),
        c.author,
    ):
        with pytest.raises(PermissionDenied):
            service(actor=actor, contribution=c, **kwargs)
    c.refresh_from_db()
    assert c.status == Status.PENDING
    assert not Decision.objects.filter(contribution=c).exists()
    assert not AuditEvent.objects.filter(verb__startswith="contribution.").exists()


# --- Original text -------------------------------------------------------------------------


def test_viewing_the_original_is_audited_and_moderators_only(moderator, agency, author, space):
    c = submit(author, space, "My number is 0551234567, call me.")

    text = moderation.contribution_original_view(actor=moderator, contribution=c)

    assert "0551234567" in text
    event = AuditEvent.objects.get(verb="contribution.view_original")
    assert (event.actor, event.target_id, event.agency) == (moderator, str(c.pk), agency)
    with pytest.raises(PermissionDenied):
        moderation.contribution_original_view(
            actor=make_staff(agency, Role.EDITOR, totp=False), contribution=c
        )
    assert AuditEvent.objects.filter(verb="contribution.view_original").count() == 1
