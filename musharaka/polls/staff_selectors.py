"""Reads for the staff workspace of polls and surveys: the agency's polls, the question builder
and the submitted responses.

Every lookup is scoped to the agency (or poll) of the URL, so ids of other agencies' polls never
resolve. Pages read a fixed number of queries whatever the number of questions or responses.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from musharaka.core.bilingual import LocalText, localized
from musharaka.core.models import Agency
from musharaka.polls.models import (
    CHOICE_KINDS,
    Answer,
    Option,
    Poll,
    Question,
    QuestionKind,
    QuestionRevision,
    Response,
    ResponseStatus,
)

# Questions a condition may point at: one answer or several picked from a list (a ranking
# orders every option, so "picked" means nothing there).
CONDITION_KINDS = CHOICE_KINDS - {QuestionKind.RANKING}


def workspace_polls(*, agency: Agency) -> QuerySet[Poll]:
    """The agency's polls for its staff, newest first (the count is kept on the poll)."""
    return Poll.objects.filter(agency=agency).order_by("-created_at", "-id")


def workspace_poll(*, agency: Agency, pk: int) -> Poll:
    """One poll of this agency, or 404: ids of other agencies' polls must not resolve."""
    found = Poll.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found


def workspace_question(*, poll: Poll, pk: int) -> Question:
    """One question of this poll, or 404."""
    found = Question.objects.filter(poll=poll, pk=pk).first()
    if found is None:
        raise Http404
    found.poll = poll
    return found


def question_answered(*, question: Question) -> bool:
    return Answer.objects.filter(question=question).exists()


def poll_answered(*, poll: Poll) -> bool:
    """Whether anyone has started answering (the service then keeps who may answer)."""
    return Response.objects.filter(poll=poll).exists()


def invitable_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("name_ar", "id")


@dataclass
class BuilderQuestion:
    """A question as the builder lists it: its number in the poll, options, whether answers
    exist (then only its wording may change) and the condition in words."""

    number: int
    question: Question
    options: list[Option]
    answered: bool
    condition: str = ""
    revisions: list[QuestionRevision] = field(default_factory=list)


def builder_questions(*, poll: Poll) -> list[BuilderQuestion]:
    """The poll's questions in order, numbered Q1, Q2… across pages (three queries)."""
    questions = list(
        poll.questions.annotate(answered=Exists(Answer.objects.filter(question=OuterRef("pk"))))
        .prefetch_related(
            "options",
            Prefetch("revisions", queryset=QuestionRevision.objects.order_by("-revision")),
        )
        .order_by("page", "position", "id")
    )
    numbers = {q.pk: n for n, q in enumerate(questions, start=1)}
    owners = {o.pk: (q, o) for q in questions for o in q.options.all()}
    rows = []
    for q in questions:
        q.poll = poll
        condition = ""
        if q.show_if_id in owners:
            source, option = owners[q.show_if_id]
            condition = condition_label(numbers[source.pk], option)
        rows.append(
            BuilderQuestion(
                number=numbers[q.pk],
                question=q,
                options=list(q.options.all()),
                answered=q.answered,
                condition=condition,
                revisions=list(q.revisions.all()),
            )
        )
    return rows


def condition_label(number: int, option: Option) -> str:
    return _("Q%(number)s = “%(answer)s”") % {
        "number": number,
        "answer": localized(option, "label").text,
    }


def condition_choices(
    *, questions: list[BuilderQuestion], before: Question | None = None
) -> list[tuple[Option, str]]:
    """Answers a question may depend on: options of single and multiple choice questions that
    come before it (for a new question: all of them; the service checks its page)."""
    found = []
    for row in questions:
        q = row.question
        if q.kind not in CONDITION_KINDS:
            continue
        if before is not None and (q.page, q.position, q.pk) >= (
            before.page,
            before.position,
            before.pk,
        ):
            continue
        found += [(o, condition_label(row.number, o)) for o in row.options]
    return found


def pages_of(questions: list[BuilderQuestion]) -> list[tuple[int, list[BuilderQuestion]]]:
    """The questions grouped by page, in page order."""
    grouped: dict[int, list[BuilderQuestion]] = {}
    for row in questions:
        grouped.setdefault(row.question.page, []).append(row)
    return sorted(grouped.items())


# --- Responses ------------------------------------------------------------------------------


def submitted_responses(*, poll: Poll) -> QuerySet[Response]:
    """Submitted responses, newest first, with their answers. Who answered is not even read when
    the poll promised anonymous results."""
    found = (
        Response.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED)
        .select_related("on_behalf_of")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("option").order_by("id"))
        )
        .order_by("-submitted_at", "-id")
    )
    if not poll.anonymous_results:
        found = found.select_related("respondent")
    return found


@dataclass
class AnswerLine:
    """One question of a response in readable form: option labels, ranks, points, a number, a
    date (formatted by the template) or the text typed."""

    number: int
    question: LocalText
    kind: str
    values: list[str]
    date: dt.date | None = None
    # Its condition was not met: the respondent never saw it.
    not_shown: bool = False

    @property
    def answered(self) -> bool:
        return bool(self.values) or self.date is not None


@dataclass
class ResponseRow:
    number: int
    response: Response
    respondent: str
    answers: list[AnswerLine]


def response_rows(*, poll: Poll, responses: list[Response], first_number: int) -> list[ResponseRow]:
    """The page of responses with answers in question order; ``first_number`` is the number of
    the first (newest) response, counting in the order they were submitted."""
    questions = list(poll.questions.prefetch_related("options").order_by("page", "position", "id"))
    rows = []
    for i, response in enumerate(responses):
        given: dict[int, list[Answer]] = {}
        for answer in response.answers.all():
            given.setdefault(answer.question_id, []).append(answer)
        chosen = {a.option_id for a in response.answers.all() if a.option_id}
        rows.append(
            ResponseRow(
                number=first_number - i,
                response=response,
                respondent=_respondent(poll, response),
                answers=[
                    _line(n, q, given.get(q.pk, []), shown=q.show_if_id in (None, *chosen))
                    for n, q in enumerate(questions, start=1)
                ],
            )
        )
    return rows


def _respondent(poll: Poll, response: Response) -> str:
    if poll.anonymous_results:
        return _("Anonymous respondent")
    if response.respondent is None:
        return _("Not signed in")
    return response.respondent.full_name or response.respondent.email


def _label(answer: Answer) -> str:
    return localized(answer.option, "label").text if answer.option else ""


def _line(number: int, question: Question, answers: list[Answer], *, shown: bool) -> AnswerLine:
    line = AnswerLine(
        number=number,
        question=localized(question, "text"),
        kind=question.kind,
        values=[],
        not_shown=not shown,
    )
    kind = question.kind
    position = {o.pk: o.position for o in question.options.all()}
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        ordered = sorted(answers, key=lambda a: (position.get(a.option_id, 0), a.option_id))
        line.values = [_label(a) for a in ordered]
    elif kind == QuestionKind.RANKING:
        line.values = [
            _("%(option)s: rank %(rank)s") % {"option": _label(a), "rank": a.value}
            for a in sorted(answers, key=lambda a: (a.value or 0, a.option_id))
        ]
    elif kind == QuestionKind.MATRIX:
        ordered = sorted(answers, key=lambda a: (position.get(a.option_id, 0), a.option_id))
        line.values = [
            _("%(row)s: %(value)s / %(max)s")
            % {"row": _label(a), "value": a.value, "max": question.scale_max}
            for a in ordered
        ]
    elif kind == QuestionKind.SCALE:
        line.values = [f"{a.value} / {question.scale_max}" for a in answers if a.value is not None]
    elif kind == QuestionKind.NUMBER:
        line.values = [f"{a.number:g}" for a in answers if a.number is not None]
    elif kind == QuestionKind.DATE:
        dates = [a.date for a in answers if a.date is not None]
        line.date = dates[0] if dates else None
    else:
        line.values = [a.text for a in answers if a.text]
    return line
