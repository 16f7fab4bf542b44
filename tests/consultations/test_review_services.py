"""Answering comments and publishing the outcome: who may, in which phase, what changes, who is
told (``musharaka.consultations.review``)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from musharaka.consultations.models import Answer, Comment, Phase, TimelineEntry
from musharaka.consultations.review import comment_answer, comment_assign, outcome_publish
from musharaka.core.models import AuditEvent, Role
from musharaka.notifications.models import Notification
from musharaka.participation.models import Status
from tests.conftest import make_staff
from tests.consultations.review_data import add_comment, articles_of, make_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(agency):
    return make_consultation(agency)


@pytest.fixture
def team_member(agency, consultation):
    member = make_staff(agency, Role.EDITOR)
    consultation.team.add(member)
    return member


def actor_for(role: str, agency, other_agency, consultation, team_member):
    return {
        "owner": lambda: consultation.owner,
        "team": lambda: team_member,
        "manager": lambda: make_staff(agency, Role.MANAGER),
        "other_staff": lambda: make_staff(agency, Role.EDITOR),
        "moderator": lambda: make_staff(agency, Role.MODERATOR),
        "other_agency": lambda: make_staff(other_agency, Role.MANAGER),
        "citizen": lambda: UserFactory(),
    }[role]()


ROLES = [
    ("owner", True),
    ("team", True),
    ("manager", True),
    ("other_staff", False),
    ("moderator", False),
    ("other_agency", False),
    ("citizen", False),
]


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_answer_by_role(agency, other_agency, consultation, team_member, role, allowed):
    comment = add_comment(consultation, articles_of(consultation)[0])
    actor = actor_for(role, agency, other_agency, consultation, team_member)
    if not allowed:
        with pytest.raises(PermissionDenied):
            comment_answer(
                actor=actor, comments=[comment], answer=Answer.ACCEPTED, response_ar="شكرا"
            )
        assert Comment.objects.get().answer == ""
        assert not Notification.objects.exists()
        return
    comment_answer(
        actor=actor,
        comments=[comment],
        answer=Answer.ACCEPTED,
        response_ar="أضفنا التعريف",
        response_en="We added the definition",
    )
    saved = Comment.objects.get()
    assert (saved.answer, saved.response_ar, saved.response_en) == (
        Answer.ACCEPTED,
        "أضفنا التعريف",
        "We added the definition",
    )
    assert saved.answered_by == actor and saved.answered_at is not None
    assert AuditEvent.objects.filter(verb="consultation.comment_answer").count() == 1


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_assign_by_role(agency, other_agency, consultation, team_member, role, allowed):
    comment = add_comment(consultation, articles_of(consultation)[0])
    actor = actor_for(role, agency, other_agency, consultation, team_member)
    if not allowed:
        with pytest.raises(PermissionDenied):
            comment_assign(actor=actor, comments=[comment], member=team_member)
        assert Comment.objects.get().assigned_to is None
        return
    comment_assign(actor=actor, comments=[comment], member=team_member)
    assert Comment.objects.get().assigned_to == team_member
    assert AuditEvent.objects.filter(verb="consultation.comment_assign").exists()


def test_comments_go_only_to_the_owner_or_the_team(agency, consultation, team_member):
    comment = add_comment(consultation, articles_of(consultation)[0])
    outsider = make_staff(agency, Role.EDITOR)
    with pytest.raises(ValidationError) as error:
        comment_assign(actor=consultation.owner, comments=[comment], member=outsider)
    assert "member" in error.value.message_dict
    comment_assign(actor=consultation.owner, comments=[comment], member=consultation.owner)
    assert Comment.objects.get().assigned_to == consultation.owner
    comment_assign(actor=consultation.owner, comments=[comment], member=None)
    assert Comment.objects.get().assigned_to is None


def test_bulk_answer_gives_one_decision_to_many_and_tells_each_author_once(consultation):
    article = articles_of(consultation)[1]
    author = UserFactory()
    comments = [
        add_comment(consultation, article, author=author),
        add_comment(consultation, article, author=author),
        add_comment(consultation, article),
        add_comment(consultation, None),
    ]
    untouched = add_comment(consultation, article)

    count = comment_answer(
        actor=consultation.owner,
        comments=comments,
        answer=Answer.PARTLY_ACCEPTED,
        response_ar="عدلنا الصياغة جزئيا",
    )

    assert count == 4
    assert set(
        Comment.objects.filter(answer=Answer.PARTLY_ACCEPTED).values_list("pk", flat=True)
    ) == {c.pk for c in comments}
    assert Comment.objects.get(pk=untouched.pk).answer == ""
    notified = Notification.objects.filter(kind="consultation_comment_answered")
    assert notified.count() == 3
    mine = notified.get(recipient=author)
    assert mine.url.endswith("/participation/mine/")
    assert "عدلنا الصياغة جزئيا" in mine.body
    # Two comments answered: the subject says so, unlike the single answer others got.
    assert mine.subject != notified.exclude(recipient=author).first().subject


def test_answer_needs_a_decision_and_an_arabic_response(consultation):
    comment = add_comment(consultation, articles_of(consultation)[0])
    with pytest.raises(ValidationError) as error:
        comment_answer(
            actor=consultation.owner, comments=[comment], answer="maybe", response_ar=" "
        )
    assert set(error.value.message_dict) == {"answer", "response_ar"}
    assert Comment.objects.get().answer == ""
    with pytest.raises(ValidationError):
        comment_answer(actor=consultation.owner, comments=[], answer=Answer.NOTED, response_ar="x")


def test_comments_of_two_consultations_are_not_answered_together(agency, consultation):
    other = make_consultation(agency, owner=consultation.owner, slug="other")
    first = add_comment(consultation, articles_of(consultation)[0])
    second = add_comment(other, articles_of(other)[0])
    with pytest.raises(ValidationError):
        comment_answer(
            actor=consultation.owner, comments=[first, second], answer="noted", response_ar="x"
        )
    assert not Comment.objects.exclude(answer="").exists()


def test_withdrawn_comment_is_not_answered(consultation):
    comment = add_comment(consultation, articles_of(consultation)[0], status=Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        comment_answer(
            actor=consultation.owner, comments=[comment], answer="noted", response_ar="x"
        )


@pytest.mark.parametrize(
    ("phase", "allowed"),
    [
        (Phase.DRAFT, False),
        (Phase.SCHEDULED, False),
        (Phase.OPEN, True),
        (Phase.CLOSED, True),
        (Phase.UNDER_REVIEW, True),
        (Phase.OUTCOME_PUBLISHED, False),
        (Phase.ARCHIVED, False),
    ],
)
def test_answers_follow_the_phase(agency, phase, allowed):
    consultation = make_consultation(agency, phase=Phase.OPEN)
    comment = add_comment(consultation, articles_of(consultation)[0])
    consultation.phase = phase
    consultation.save()
    comment.consultation = consultation
    if allowed:
        comment_answer(
            actor=consultation.owner, comments=[comment], answer="noted", response_ar="x"
        )
        assert Comment.objects.get().answer == "noted"
    else:
        with pytest.raises(ValidationError):
            comment_answer(
                actor=consultation.owner, comments=[comment], answer="noted", response_ar="x"
            )
        assert Comment.objects.get().answer == ""


# --- Publishing the outcome ---------------------------------------------------------------


def answer_all(consultation):
    comments = list(
        Comment.objects.filter(consultation=consultation).select_related("consultation")
    )
    comment_answer(actor=consultation.owner, comments=comments, answer="noted", response_ar="شكرا")


def test_outcome_is_refused_while_comments_are_unanswered(consultation):
    article = articles_of(consultation)[0]
    answered = add_comment(consultation, article)
    add_comment(consultation, article)
    add_comment(consultation, None)
    add_comment(consultation, article, status=Status.REJECTED)  # needs no answer
    comment_answer(actor=consultation.owner, comments=[answered], answer="noted", response_ar="x")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        outcome_publish(actor=consultation.owner, consultation=consultation, summary_ar="ما فعلناه")

    assert "2 published comments still have no answer." in error.value.messages
    consultation.refresh_from_db()
    assert consultation.phase == Phase.UNDER_REVIEW
    assert consultation.outcome_published_at is None
    assert not Notification.objects.filter(kind="consultation_outcome_published").exists()


def test_outcome_is_refused_while_a_comment_waits_for_a_moderator(consultation):
    add_comment(consultation, articles_of(consultation)[0], status=Status.PENDING)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        outcome_publish(actor=consultation.owner, consultation=consultation, summary_ar="x")
    assert "1 comment is still waiting for a moderator." in error.value.messages


def test_outcome_needs_a_summary_and_the_review_phase(agency):
    closed = make_consultation(agency, phase=Phase.CLOSED)
    with pytest.raises(ValidationError):
        outcome_publish(actor=closed.owner, consultation=closed, summary_ar="ما فعلناه")
    under_review = make_consultation(agency, slug="second")
    with pytest.raises(ValidationError) as error:
        outcome_publish(actor=under_review.owner, consultation=under_review, summary_ar="  ")
    assert "summary_ar" in error.value.message_dict


def test_publishing_the_outcome_tells_every_commenter_once(consultation):
    article = articles_of(consultation)[0]
    twice = UserFactory()
    add_comment(consultation, article, author=twice)
    add_comment(consultation, None, author=twice)
    add_comment(consultation, article)
    add_comment(consultation, article, status=Status.REJECTED)
    answer_all(consultation)

    outcome_publish(
        actor=consultation.owner,
        consultation=consultation,
        summary_ar="أخذنا بأغلب الملاحظات",
        summary_en="We took most comments on board",
    )

    consultation.refresh_from_db()
    assert consultation.phase == Phase.OUTCOME_PUBLISHED
    assert consultation.outcome_published_at is not None
    assert consultation.outcome_summary_en == "We took most comments on board"
    entry = TimelineEntry.objects.get(consultation=consultation)
    assert entry.phase == Phase.OUTCOME_PUBLISHED
    assert AuditEvent.objects.filter(verb="consultation.outcome_publish").count() == 1
    told = Notification.objects.filter(kind="consultation_outcome_published")
    assert told.count() == 3
    assert told.filter(recipient=twice).count() == 1
    assert told.first().url.endswith(
        f"/consultations/{consultation.agency.slug}/draft-guideline/outcome/"
    )


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_outcome_by_role(agency, other_agency, consultation, team_member, role, allowed):
    add_comment(consultation, articles_of(consultation)[0])
    answer_all(consultation)
    actor = actor_for(role, agency, other_agency, consultation, team_member)
    if allowed:
        outcome_publish(actor=actor, consultation=consultation, summary_ar="ما فعلناه")
        consultation.refresh_from_db()
        assert consultation.phase == Phase.OUTCOME_PUBLISHED
    else:
        with pytest.raises(PermissionDenied):
            outcome_publish(actor=actor, consultation=consultation, summary_ar="ما فعلناه")
        consultation.refresh_from_db()
        assert consultation.phase == Phase.UNDER_REVIEW


# --- The participant's "my contributions" -------------------------------------------------


def test_my_contributions_show_the_answer_without_a_query_per_row(
    client, consultation, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    author = UserFactory()
    client.force_login(author)
    article = articles_of(consultation)[0]
    first = add_comment(consultation, article, author=author)
    comment_answer(
        actor=consultation.owner,
        comments=[first],
        answer=Answer.ACCEPTED,
        response_ar="أضفناها",
        response_en="We added it",
    )
    with CaptureQueriesContext(connection) as one:
        page = client.get("/en/participation/mine/").content.decode()
    assert "Answered" in page and "Accepted" in page and "We added it" in page

    for _ in range(5):
        add_comment(consultation, article, author=author)
    with django_assert_max_num_queries(len(one)):
        page = client.get("/en/participation/mine/").content.decode()
    assert page.count("We added it") == 1
