"""The author appeals a hide or reject decision once; another moderator decides the appeal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.core.models import AuditEvent, Role
from musharaka.notifications.models import Notification
from musharaka.participation import moderation, selectors
from musharaka.participation.models import (
    Action,
    Appeal,
    AppealStatus,
    Decision,
    QueueReason,
    ReasonCode,
    Status,
)
from musharaka.participation.services import contribution_submit
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(agency):
    return make_staff(agency, Role.MODERATOR, totp=False)


@pytest.fixture
def second(agency):
    return make_staff(agency, Role.MANAGER, totp=False)


@pytest.fixture
def hidden(first, author, space):
    c = contribution_submit(actor=author, space=space, body="My honest view on the draft.")
    moderation.contribution_hide(actor=first, contribution=c, reason=ReasonCode.OFF_TOPIC)
    c.refresh_from_db()
    return c


def test_appeal_puts_the_contribution_back_in_the_queue(author, hidden):
    appeal = moderation.appeal_submit(
        actor=author, contribution=hidden, text="It is about article 3 of the draft."
    )

    hidden.refresh_from_db()
    assert hidden.status == Status.HIDDEN, "stays hidden until the appeal is decided"
    assert hidden.needs_review and hidden.queue_reasons == [QueueReason.APPEAL]
    assert appeal.appealed_decision.action == Action.HIDE
    assert appeal.status == AppealStatus.PENDING
    assert Decision.objects.filter(contribution=hidden, action=Action.APPEAL).exists()
    assert AuditEvent.objects.filter(verb="contribution.appeal", actor=author).exists()


def test_only_the_author_appeals_and_only_once(author, hidden, second):
    with pytest.raises(PermissionDenied):
        moderation.appeal_submit(actor=second, contribution=hidden, text="On their behalf.")
    moderation.appeal_submit(actor=author, contribution=hidden, text="Please look again.")
    with pytest.raises(ValidationError, match="once"):
        moderation.appeal_submit(actor=author, contribution=hidden, text="And again.")
    assert Appeal.objects.count() == 1


def test_a_second_appeal_is_refused_even_after_the_first_is_decided(author, hidden, second):
    appeal = moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")
    moderation.appeal_decide(actor=second, appeal=appeal, grant=False)
    with pytest.raises(ValidationError, match="once"):
        moderation.appeal_submit(actor=author, contribution=hidden, text="Once more.")


def test_published_contributions_cannot_be_appealed(author, space):
    c = contribution_submit(actor=author, space=space, body="Published straight away.")
    with pytest.raises(ValidationError):
        moderation.appeal_submit(actor=author, contribution=c, text="Why?")
    assert not Appeal.objects.exists()


def test_hidden_after_reports_without_a_decision_cannot_be_appealed(author, space):
    from musharaka.participation.services import contribution_flag
    from tests.factories import UserFactory

    c = contribution_submit(actor=author, space=space, body="Reported by three readers.")
    for _ in range(3):
        contribution_flag(actor=UserFactory(), contribution=c, reason="spam")
    with pytest.raises(ValidationError, match="no moderator's decision"):
        moderation.appeal_submit(actor=author, contribution=c, text="Not spam.")


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001, "bad\x07text"])
def test_appeal_text_is_validated(author, hidden, text):
    with pytest.raises(ValidationError) as caught:
        moderation.appeal_submit(actor=author, contribution=hidden, text=text)
    assert "text" in caught.value.message_dict
    assert not Appeal.objects.exists()
    hidden.refresh_from_db()
    assert not hidden.needs_review


def test_the_moderator_who_decided_cannot_decide_the_appeal(first, author, hidden):
    appeal = moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")

    with pytest.raises(ValidationError, match="another moderator"):
        moderation.appeal_decide(actor=first, appeal=appeal, grant=True)

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING
    hidden.refresh_from_db()
    assert hidden.status == Status.HIDDEN and hidden.needs_review


def test_the_deciding_moderator_cannot_sidestep_the_appeal(first, author, hidden):
    moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")
    with pytest.raises(ValidationError, match="appeal"):
        moderation.contribution_restore(actor=first, contribution=hidden)
    with pytest.raises(ValidationError, match="appeal"):
        moderation.contribution_approve(actor=first, contribution=hidden)
    hidden.refresh_from_db()
    assert hidden.status == Status.HIDDEN


def test_the_queue_shows_the_appeal_to_the_other_moderators_only(
    agency, first, second, author, hidden
):
    moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")

    assert list(selectors.moderation_queue(agency=agency, viewer=first)) == []
    assert list(selectors.moderation_queue(agency=agency, viewer=second)) == [hidden]


def test_granted_appeal_publishes_and_tells_the_author(second, author, hidden):
    appeal = moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")

    moderation.appeal_decide(actor=second, appeal=appeal, grant=True, note="You were right.")

    hidden.refresh_from_db()
    appeal.refresh_from_db()
    assert hidden.status == Status.PUBLISHED and not hidden.needs_review
    assert hidden.queue_reasons == []
    assert (appeal.status, appeal.decided_by) == (AppealStatus.GRANTED, second)
    decision = Decision.objects.filter(contribution=hidden).last()
    assert (decision.action, decision.actor, decision.to_status) == (
        Action.APPEAL_GRANTED,
        second,
        Status.PUBLISHED,
    )
    assert AuditEvent.objects.filter(verb="contribution.appeal_grant", actor=second).exists()
    note = Notification.objects.get(recipient=author, kind="appeal_decided")
    assert note.subject == "Your appeal was granted: your contribution is published"
    assert "You were right." in note.body
    assert note.url == "/test/"


def test_upheld_appeal_keeps_the_decision_and_tells_the_author(second, author, hidden):
    appeal = moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")

    moderation.appeal_decide(actor=second, appeal=appeal, grant=False)

    hidden.refresh_from_db()
    assert hidden.status == Status.HIDDEN and not hidden.needs_review
    assert Appeal.objects.get().status == AppealStatus.UPHELD
    assert AuditEvent.objects.filter(verb="contribution.appeal_uphold").exists()
    note = Notification.objects.get(recipient=author, kind="appeal_decided")
    assert note.subject == "Your appeal was refused: the decision stands"
    assert note.url == "/participation/mine/"
    with pytest.raises(ValidationError, match="already been decided"):
        moderation.appeal_decide(actor=second, appeal=appeal, grant=True)


def test_rejected_contributions_can_be_appealed_too(first, second, author, premoderated_space):
    c = contribution_submit(actor=author, space=premoderated_space, body="Waiting for review.")
    moderation.contribution_reject(actor=first, contribution=c, reason=ReasonCode.DUPLICATE)
    appeal = moderation.appeal_submit(actor=author, contribution=c, text="It is not a repeat.")
    assert appeal.appealed_decision.action == Action.REJECT
    moderation.appeal_decide(actor=second, appeal=appeal, grant=True)
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED and c.published_at is not None


def test_non_moderators_cannot_decide_appeals(agency, author, hidden):
    appeal = moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")
    for actor in (make_staff(agency, Role.EDITOR, totp=False), author):
        with pytest.raises(PermissionDenied):
            moderation.appeal_decide(actor=actor, appeal=appeal, grant=True)
    assert Appeal.objects.get().status == AppealStatus.PENDING


# --- The author's appeal page -------------------------------------------------------------------


def appeal_url(contribution) -> str:
    return f"/en/participation/contributions/{contribution.pk}/appeal/"


def test_author_sees_the_decision_and_appeals_from_the_page(client, author, hidden):
    client.force_login(author)

    page = client.get(appeal_url(hidden))

    html = page.content.decode()
    assert page.status_code == 200 and html.count("<h1") == 1
    assert "Not about the subject under discussion" in html
    assert "My honest view on the draft." in html
    response = client.post(appeal_url(hidden), {"text": "It is about article 3."})
    assert response.status_code == 302 and response.url == "/en/participation/mine/"
    assert Appeal.objects.get().text == "It is about article 3."
    again = client.get(appeal_url(hidden)).content.decode()
    assert "You have already appealed this decision" in again
    assert client.post(appeal_url(hidden), {"text": "Again."}).status_code == 400
    assert Appeal.objects.count() == 1


def test_bad_appeal_text_is_a_400_that_keeps_the_text(client, author, hidden):
    client.force_login(author)
    empty = client.post(appeal_url(hidden), {"text": "   "})
    assert empty.status_code == 400
    too_long = client.post(appeal_url(hidden), {"text": "y" * 2001})
    assert too_long.status_code == 400
    assert "y" * 2001 in too_long.content.decode()
    assert not Appeal.objects.exists()


def test_appeal_page_of_someone_elses_contribution_is_404(client, hidden):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(appeal_url(hidden)).status_code == 404
    assert client.post(appeal_url(hidden), {"text": "Not mine."}).status_code == 404
    client.logout()
    assert client.get(appeal_url(hidden)).status_code == 302, "sign in first"
    assert not Appeal.objects.exists()


def test_after_the_one_appeal_later_decisions_no_longer_offer_one(second, first, author, hidden):
    appeal = moderation.appeal_submit(actor=author, contribution=hidden, text="Please look.")
    moderation.appeal_decide(actor=second, appeal=appeal, grant=True)

    moderation.contribution_hide(actor=first, contribution=hidden, reason=ReasonCode.ABUSE)

    decided = Notification.objects.filter(recipient=author, kind="contribution_decided")
    first_note, last_note = decided.order_by("id")
    assert "you can appeal once" in first_note.body
    assert "appeal" not in last_note.body
    assert last_note.url == "/participation/mine/"
