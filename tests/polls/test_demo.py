"""The demo's polls tell the channel's story: a quick poll open with live results, a survey
closed with its results and the agency's statement, one scheduled and one still a draft; and the
thousands of responses are what answering the forms would have stored."""

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from musharaka.core.audit import chain_verify
from musharaka.core.models import ParticipantType
from musharaka.participation.models import Status
from musharaka.polls.models import (
    Answer,
    Audience,
    Phase,
    Poll,
    PollKind,
    QuestionKind,
    Response,
    ResponseStatus,
    ResultsPolicy,
)

pytestmark = pytest.mark.django_db


def _consistent(poll: Poll) -> None:
    """Counts agree, every shown required question is answered, hidden ones are not, and only
    submitted responses count."""
    submitted = Response.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED)
    assert poll.response_count == submitted.count()
    assert not submitted.filter(submitted_at=None).exists()
    assert (
        not Answer.objects.filter(poll=poll, final=True)
        .exclude(response__status=ResponseStatus.SUBMITTED)
        .exists()
    )
    assert not Answer.objects.filter(poll=poll, final=False, response__in=submitted).exists()
    assert not Answer.objects.filter(poll=poll).exclude(response__poll=poll).exists()
    assert (
        not Answer.objects.filter(poll=poll)
        .exclude(participant_type=F("response__participant_type"))
        .exists()
    )
    for question in poll.questions.prefetch_related("options"):
        rows = Answer.objects.filter(question=question, response__in=submitted)
        answered = rows.values("response")
        shown = submitted
        if question.show_if_id is not None:
            shown = submitted.filter(answers__option=question.show_if_id)
        if question.required:
            assert not shown.exclude(pk__in=answered).exists(), question.text_en
        hidden = submitted.exclude(pk__in=shown.values("pk"))
        assert not hidden.filter(pk__in=answered).exists(), f"hidden: {question.text_en}"
        per_response = set(
            rows.values("response").annotate(n=Count("id")).values_list("n", flat=True)
        )
        if question.kind in (QuestionKind.RANKING, QuestionKind.MATRIX):
            assert per_response <= {len(question.options.all())}, question.text_en
        elif question.kind == QuestionKind.MULTIPLE:
            low, high = question.min_choices or 1, question.max_choices or 99
            assert all(low <= n <= high for n in per_response), question.text_en
        else:
            assert per_response <= {1}, question.text_en


def test_demo_polls(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load", verbosity=0)

    channel = Poll.objects.get(agency__slug="yesser", kind=PollKind.QUICK)
    assert channel.phase == Phase.OPEN
    assert channel.audience == Audience.EVERYONE and channel.results_policy == ResultsPolicy.LIVE
    assert channel.title_en and channel.title_ar != channel.title_en
    assert 1_800 <= channel.response_count <= 2_500
    responses = Response.objects.filter(poll=channel)
    assert responses.filter(respondent=None).exclude(token="").count() >= 1_000
    assert responses.filter(participant_type=ParticipantType.AGENCY).exists()
    tally = dict(
        Answer.objects.filter(poll=channel, final=True)
        .values_list("option__label_en")
        .annotate(n=Count("id"))
    )
    assert len(tally) == 5 and len(set(tally.values())) == 5, "not a uniform spread"
    assert sum(tally.values()) == channel.response_count
    _consistent(channel)

    survey = Poll.objects.get(agency__slug="mcit", kind=PollKind.SURVEY)
    assert survey.phase == Phase.CLOSED
    assert survey.audience == Audience.SIGNED_IN
    assert survey.results_policy == ResultsPolicy.AFTER_CLOSE
    assert survey.statement_ar and survey.statement_en and survey.statement_at
    assert survey.opens_at < survey.closes_at < survey.statement_at
    assert f"{survey.response_count:,}" in survey.statement_en, "quotes the real count"
    assert 2_500 <= survey.response_count <= 3_500
    questions = list(survey.questions.all())
    assert {q.page for q in questions} == {1, 2}
    assert 8 <= len(questions) <= 10
    assert {q.kind for q in questions} == set(QuestionKind.values)
    conditional = next(q for q in questions if q.show_if_id)
    assert conditional.kind == QuestionKind.LONG_TEXT and conditional.answers_public
    submitted = Response.objects.filter(poll=survey, status=ResponseStatus.SUBMITTED)
    assert not submitted.filter(respondent=None).exists()
    assert (
        submitted.filter(participant_type=ParticipantType.AGENCY).exclude(on_behalf_of=None).count()
        >= 150
    )
    assert Response.objects.filter(poll=survey, status=ResponseStatus.DRAFT).exists()
    assert not submitted.filter(
        Q(submitted_at__lt=survey.opens_at) | Q(submitted_at__gt=survey.closes_at)
    ).exists()
    public = Answer.objects.filter(poll=survey, contribution__status=Status.PUBLISHED)
    assert 30 <= public.count() <= 60
    assert set(public.values_list("question", flat=True)) == {conditional.pk}
    _consistent(survey)

    scheduled = Poll.objects.get(agency__slug="moe")
    assert scheduled.phase == Phase.SCHEDULED and scheduled.published_at is not None
    draft = Poll.objects.get(agency__slug="momah")
    assert draft.phase == Phase.DRAFT and draft.questions.count() >= 3

    assert list(chain_verify()) == []  # the services' audit events, untouched

    call_command("demo_load", if_empty=True, verbosity=0)
    assert Poll.objects.count() == 4
