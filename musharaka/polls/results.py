"""What a poll's respondents said, in numbers: counts and percentages per option, averages and
distributions for scales, ranks, number and date summaries, and the split by participant type.

Reads only. The numbers come from a few grouped queries over ``Answer`` (final rows only, through
the ``polls_answer_tally`` index), however many responses there are, and are kept in Django's
cache as plain numbers keyed by question and option ids (``tally``). They are reused while the
poll's ``response_count`` and ``updated_at`` stay the same; while an open poll keeps receiving
answers a tally up to ``STALE_SECONDS`` old is reused and the page says "as of" when. Labels are
read fresh on every request (wording edits show at once), and so are free-text answers, a page
at a time: a moderator's decision must show at once, so they are never cached with the counts.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from musharaka.core.bilingual import localized
from musharaka.core.models import ParticipantType
from musharaka.participation.models import Contribution, Status
from musharaka.participation.selectors import space_for
from musharaka.polls import charts
from musharaka.polls.models import (
    TEXT_KINDS,
    Answer,
    Phase,
    Poll,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    ResultsPolicy,
)

CACHE_SECONDS = 24 * 3600
# An open poll's tally may lag this far behind the latest answers (the page says as of when).
STALE_SECONDS = 30
PUBLIC_TEXTS_PER_PAGE = 10
STAFF_TEXTS_PER_PAGE = 25
MONTHS_SHOWN = 36
CACHE_VERSION = 1
PARTICIPANT_TYPES = ParticipantType.values
SEVERAL_ROWS = frozenset({QuestionKind.MULTIPLE, QuestionKind.MATRIX})
VALUE_KINDS = frozenset({QuestionKind.NUMBER, QuestionKind.DATE})


# --- Finding the poll -----------------------------------------------------------------------


def published_poll(*, agency_slug: str, slug: str) -> Poll:
    """A published poll of an active agency, or 404 (drafts do not exist for the public)."""
    poll = (
        Poll.objects.filter(
            agency__slug=agency_slug,
            agency__is_active=True,
            slug=slug,
            published_at__isnull=False,
        )
        .select_related("agency")
        .first()
    )
    if poll is None:
        raise Http404
    return poll


def staff_poll(*, agency, pk: int) -> Poll:
    """One poll of this agency, or 404: other agencies' ids must not resolve."""
    poll = Poll.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if poll is None:
        raise Http404
    return poll


def hidden_reason(*, poll: Poll, now: dt.datetime | None = None) -> str | None:
    """Why the public may not see the results now (a ``ResultsPolicy`` value), or ``None``.

    live: any time after publishing; after_close: once closed; staff: never."""
    phase = poll.phase_at(now or timezone.now())
    if phase == Phase.DRAFT:
        return ResultsPolicy.STAFF
    if poll.results_policy == ResultsPolicy.STAFF:
        return ResultsPolicy.STAFF
    if poll.results_policy == ResultsPolicy.AFTER_CLOSE and phase != Phase.CLOSED:
        return ResultsPolicy.AFTER_CLOSE
    return None


# --- The tally: numbers only, cached --------------------------------------------------------


def _questions(poll: Poll) -> list[Question]:
    return list(poll.questions.prefetch_related("options"))


def compute_tally(*, poll: Poll, questions: list[Question] | None = None) -> dict:
    """Every number the results show, from three grouped queries however many responses.

    ``cells``: {question: {(option, value, participant type): answers}}, read from the
    ``polls_answer_tally`` index alone: choices, scale points, ranks, matrix cells, and the
    answer count of the other kinds. ``people``: submitted responses per participant type;
    ``respondents``: {question: {participant type: people}} for the kinds where one person
    gives several rows (multiple choice, matrix), counted on the responses with an index probe
    each. ``stats`` and ``months``: number and date summaries, from their distinct values."""
    questions = _questions(poll) if questions is None else questions
    kinds = {q.pk: q.kind for q in questions}
    # ``final IN (true)`` rather than ``final``: SQLite uses an index column only when it is
    # compared, and the whole read then stays inside the tally index.
    final = Answer.objects.filter(poll=poll, final__in=[True]).order_by()

    cells: dict[int, dict[tuple, int]] = defaultdict(dict)
    rows = final.values_list("question_id", "option_id", "value", "participant_type").annotate(
        n=Count("*")
    )
    for question_id, option_id, value, participant_type, n in rows:
        cells[question_id][(option_id, value, participant_type)] = n

    several = [pk for pk, kind in kinds.items() if kind in SEVERAL_ROWS]
    counts = {"n": Count("id")}
    for pk in several:
        # A submitted response's answers are all final, so one probe of the (response,
        # question) index tells whether that person answered the question.
        answered = Exists(Answer.objects.filter(response=OuterRef("pk"), question_id=pk))
        counts[f"q{pk}"] = Count("id", filter=Q(answered))
    people: dict[str, int] = {}
    respondents: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Response.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED)
        .order_by()
        .values("participant_type")
        .annotate(**counts)
    )
    for row in rows:
        people[row["participant_type"]] = row["n"]
        for pk in several:
            if row[f"q{pk}"]:
                respondents[pk][row["participant_type"]] = row[f"q{pk}"]

    stats: dict[int, dict] = {}
    months: dict[int, list[tuple[dt.date, int]]] = {}
    numbers_and_dates = [pk for pk, kind in kinds.items() if kind in VALUE_KINDS]
    if numbers_and_dates:
        values: dict[int, list[tuple]] = defaultdict(list)
        rows = (
            final.filter(question_id__in=numbers_and_dates)
            .values_list("question_id", "number", "date")
            .annotate(n=Count("*"))
        )
        for question_id, number, date, n in rows:
            values[question_id].append((number if date is None else date, n))
        for question_id, found in values.items():
            found = sorted((v, n) for v, n in found if v is not None)
            if kinds[question_id] == QuestionKind.NUMBER:
                stats[question_id] = _number_stats(found)
            else:
                stats[question_id] = _date_stats(found)
                months[question_id] = _per_month(found)
    return {
        "cells": dict(cells),
        "respondents": dict(respondents),
        "stats": stats,
        "months": months,
        "people": people,
    }


def _number_stats(found: list[tuple[float, int]]) -> dict:
    """Count, mean, median, smallest and largest from sorted (value, how many) pairs."""
    total = sum(n for _v, n in found)
    if not total:
        return {"count": 0}
    middle = sorted({(total + 1) // 2, (total + 2) // 2})  # 1-based: the middle answer(s)
    picked, seen = [], 0
    for value, n in found:
        picked += [value for position in middle if seen < position <= seen + n]
        seen += n
    return {
        "count": total,
        "mean": sum(v * n for v, n in found) / total,
        "median": sum(picked) / len(picked),
        "min": found[0][0],
        "max": found[-1][0],
    }


def _date_stats(found: list[tuple[dt.date, int]]) -> dict:
    total = sum(n for _v, n in found)
    if not total:
        return {"count": 0}
    return {"count": total, "earliest": found[0][0], "latest": found[-1][0]}


def _per_month(found: list[tuple[dt.date, int]]) -> list[tuple[dt.date, int]]:
    months: dict[dt.date, int] = defaultdict(int)
    for day, n in found:
        months[day.replace(day=1)] += n
    return sorted(months.items())


def cache_key(poll: Poll) -> str:
    """One entry per poll: a newer tally replaces the older one."""
    return f"polls:results:v{CACHE_VERSION}:{poll.pk}"


def tally(
    *, poll: Poll, questions: list[Question] | None = None, now: dt.datetime | None = None
) -> dict:
    """The cached tally if still good, else a fresh one (stored). Adds ``computed_at``."""
    now = now or timezone.now()
    key = cache_key(poll)
    entry = cache.get(key)
    updated = poll.updated_at.isoformat()
    if entry is not None and entry["updated"] == updated:
        if entry["count"] == poll.response_count:
            return entry
        age = (now - entry["computed_at"]).total_seconds()
        if poll.phase_at(now) == Phase.OPEN and 0 <= age < STALE_SECONDS:
            return entry
    entry = {
        **compute_tally(poll=poll, questions=questions),
        "count": poll.response_count,
        "updated": updated,
        "computed_at": now,
    }
    cache.set(key, entry, CACHE_SECONDS)
    return entry


# --- Presentation: labels, percentages, charts ---------------------------------------------


def format_percent(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def format_number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _count_and_share(part: int, whole: int) -> str:
    return f"{part} ({format_percent(_share(part, whole))})"


@dataclass
class Bar:
    """One line of a chart and of the table beside it."""

    label: str
    count: int
    percent: float
    note: str = ""

    @property
    def percent_text(self) -> str:
        return format_percent(self.percent)

    @property
    def bar_width(self) -> str:
        """For a CSS width (always a "." decimal point, whatever the language)."""
        return f"{min(max(self.percent, 0), 100):.1f}%"


@dataclass
class Breakdown:
    """A small table: the first column names the row, the others are preformatted numbers."""

    caption: str
    corner: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass
class MatrixRow:
    label: str
    answered: int
    average: float | None
    cells: list[tuple[int, int, float]]  # (point, answers, percent)

    @property
    def average_text(self) -> str:
        return format_number(round(self.average, 2)) if self.average is not None else "—"


@dataclass
class RankRow:
    label: str
    average: float | None
    first: int
    first_percent: float

    @property
    def average_text(self) -> str:
        return format_number(round(self.average, 2)) if self.average is not None else "—"

    @property
    def first_percent_text(self) -> str:
        return format_percent(self.first_percent)

    @property
    def bar_width(self) -> str:
        return f"{min(max(self.first_percent, 0), 100):.1f}%"


@dataclass
class QuestionResult:
    question: Question
    number: int
    text: str
    kind: str
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    bars_caption: str = ""
    bars_heading: str = ""
    average: float | None = None
    matrix: list[MatrixRow] = field(default_factory=list)
    points: list[int] = field(default_factory=list)
    ranking: list[RankRow] = field(default_factory=list)
    stats: list[tuple[str, str]] = field(default_factory=list)
    breakdown: Breakdown | None = None
    chart: SafeString | str = ""
    # Free-text answers, a page at a time (set by the view; never cached).
    texts: Page | None = None

    @property
    def anchor(self) -> str:
        return f"q{self.question.pk}"

    @property
    def average_text(self) -> str:
        return format_number(round(self.average, 2)) if self.average is not None else "—"

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


@dataclass
class PollResults:
    poll: Poll
    respondents: int
    computed_at: dt.datetime
    questions: list[QuestionResult]
    by_type: list[Bar]
    language: str


def _type_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ParticipantType.choices}


def _label(obj, name: str, language: str) -> str:
    return str(localized(obj, name, language))


def _chart(result: QuestionResult, *, language: str, values: list[tuple[str, float, str]]):
    title = _("Chart of the answers to “%(question)s”; the numbers are in the table beside it.") % {
        "question": result.text
    }
    return charts.bar_chart(
        title=title, bars=values, rtl=language == "ar", ident=f"chart-{result.anchor}"
    )


def _choice(result: QuestionResult, question: Question, data: dict, language: str) -> None:
    cells = data["cells"].get(question.pk, {})
    by_option: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (option_id, _value, participant_type), n in cells.items():
        by_option[option_id][participant_type] += n
    if question.kind == QuestionKind.MULTIPLE:
        people = data["respondents"].get(question.pk, {})
        base = dict(people)
        result.bars_caption = _("Share of the people who answered this question")
    else:
        base = defaultdict(int)
        for counts in by_option.values():
            for participant_type, n in counts.items():
                base[participant_type] += n
        result.bars_caption = _("Share of the answers")
    answered = sum(base.values())
    result.answered = answered
    options = list(question.options.all())
    for option in options:
        count = sum(by_option.get(option.pk, {}).values())
        result.bars.append(Bar(_label(option, "label", language), count, _share(count, answered)))
    result.bars_heading = _("Option")
    result.chart = _chart(
        result,
        language=language,
        values=[(b.label, b.percent / 100, b.percent_text) for b in result.bars],
    )
    types = [t for t in PARTICIPANT_TYPES if base.get(t)]
    if len(types) > 1:
        labels = _type_labels()
        result.breakdown = Breakdown(
            caption=_("Answers by participant type (share of each type's respondents)"),
            corner=_("Option"),
            columns=[f"{labels[t]} ({base[t]})" for t in types],
            rows=[
                (
                    _label(option, "label", language),
                    [
                        _count_and_share(by_option.get(option.pk, {}).get(t, 0), base[t])
                        for t in types
                    ],
                )
                for option in options
            ],
        )


def _scale_points(question: Question) -> list[int]:
    return list(range(question.scale_min, question.scale_max + 1))


def _point_note(question: Question, point: int, language: str) -> str:
    if point == question.scale_min:
        return _label(question, "low_label", language)
    if point == question.scale_max:
        return _label(question, "high_label", language)
    return ""


def _average(counts: dict[int, int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    return sum(point * n for point, n in counts.items()) / total


def _scale(result: QuestionResult, question: Question, data: dict, language: str) -> None:
    cells = data["cells"].get(question.pk, {})
    points = _scale_points(question)
    counts: dict[int, int] = defaultdict(int)
    per_type: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (_option, value, participant_type), n in cells.items():
        if value is None:
            continue
        counts[value] += n
        per_type[participant_type][value] += n
    answered = sum(counts.values())
    result.answered = answered
    result.average = _average(counts)
    result.points = points
    for point in points:
        note = _point_note(question, point, language)
        result.bars.append(
            Bar(str(point), counts.get(point, 0), _share(counts.get(point, 0), answered), note)
        )
    result.bars_heading = _("Point")
    result.bars_caption = _("Answers per point of the scale")
    result.chart = _chart(
        result,
        language=language,
        values=[
            (f"{b.label} — {b.note}" if b.note else b.label, b.percent / 100, b.percent_text)
            for b in result.bars
        ],
    )
    types = [t for t in PARTICIPANT_TYPES if per_type.get(t)]
    if len(types) > 1:
        labels = _type_labels()
        result.breakdown = Breakdown(
            caption=_("Average by participant type"),
            corner=_("Participant type"),
            columns=[_("Average"), _("Answers")],
            rows=[
                (
                    labels[t],
                    [
                        format_number(round(_average(per_type[t]) or 0, 2)),
                        str(sum(per_type[t].values())),
                    ],
                )
                for t in types
            ],
        )


def _matrix(result: QuestionResult, question: Question, data: dict, language: str) -> None:
    cells = data["cells"].get(question.pk, {})
    points = _scale_points(question)
    result.points = points
    per_row: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    per_type: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (option_id, value, participant_type), n in cells.items():
        if value is None:
            continue
        per_row[option_id][value] += n
        per_type[(option_id, participant_type)][value] += n
    result.answered = sum(data["respondents"].get(question.pk, {}).values())
    options = list(question.options.all())
    for option in options:
        counts = per_row.get(option.pk, {})
        answered = sum(counts.values())
        result.matrix.append(
            MatrixRow(
                label=_label(option, "label", language),
                answered=answered,
                average=_average(counts),
                cells=[(p, counts.get(p, 0), _share(counts.get(p, 0), answered)) for p in points],
            )
        )
    top = question.scale_max or 1
    result.chart = _chart(
        result,
        language=language,
        values=[
            (
                row.label,
                max(row.average or 0, 0) / top,
                f"{row.average_text} / {question.scale_max}",
            )
            for row in result.matrix
        ],
    )
    present = {t for (_o, t) in per_type}
    types = [t for t in PARTICIPANT_TYPES if t in present]
    if len(types) > 1:
        labels = _type_labels()
        result.breakdown = Breakdown(
            caption=_("Average of each row by participant type"),
            corner=_("Row"),
            columns=[labels[t] for t in types],
            rows=[
                (
                    _label(option, "label", language),
                    [
                        format_number(round(avg, 2))
                        if (avg := _average(per_type.get((option.pk, t), {}))) is not None
                        else "—"
                        for t in types
                    ],
                )
                for option in options
            ],
        )


def _ranking(result: QuestionResult, question: Question, data: dict, language: str) -> None:
    cells = data["cells"].get(question.pk, {})
    ranks: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (option_id, value, _type), n in cells.items():
        if value is not None:
            ranks[option_id][value] += n
    # Everyone who ranks gives exactly one first place.
    answered = sum(counts.get(1, 0) for counts in ranks.values())
    result.answered = answered
    rows = []
    for option in question.options.all():
        counts = ranks.get(option.pk, {})
        first = counts.get(1, 0)
        rows.append(
            RankRow(
                label=_label(option, "label", language),
                average=_average(counts),
                first=first,
                first_percent=_share(first, answered),
            )
        )
    rows.sort(key=lambda r: (r.average is None, r.average or 0))
    result.ranking = rows
    result.chart = charts.bar_chart(
        title=_(
            "Chart of how often each option of “%(question)s” was ranked first; the numbers are"
            " in the table beside it."
        )
        % {"question": result.text},
        bars=[(r.label, r.first_percent / 100, r.first_percent_text) for r in rows],
        rtl=language == "ar",
        ident=f"chart-{result.anchor}",
    )


def _number(result: QuestionResult, question: Question, data: dict, language: str) -> None:
    stats = data["stats"].get(question.pk) or {}
    result.answered = stats.get("count", 0)
    if not result.answered:
        return
    result.stats = [
        (_("Answers"), str(result.answered)),
        (
            _("Mean"),
            format_number(round(stats["mean"], 2)) if stats.get("mean") is not None else "—",
        ),
        (_("Median"), format_number(stats.get("median"))),
        (_("Smallest"), format_number(stats.get("min"))),
        (_("Largest"), format_number(stats.get("max"))),
    ]


def _date(result: QuestionResult, question: Question, data: dict, language: str) -> None:
    stats = data["stats"].get(question.pk) or {}
    result.answered = stats.get("count", 0)
    if not result.answered:
        return
    result.stats = [
        (_("Answers"), str(result.answered)),
        (_("Earliest"), stats["earliest"].isoformat() if stats.get("earliest") else "—"),
        (_("Latest"), stats["latest"].isoformat() if stats.get("latest") else "—"),
    ]
    months = data["months"].get(question.pk, [])[-MONTHS_SHOWN:]
    for month, n in months:
        result.bars.append(Bar(month.strftime("%Y-%m"), n, _share(n, result.answered)))
    result.bars_heading = _("Month")
    result.bars_caption = _("Answers per month")
    if result.bars:
        top = max(b.count for b in result.bars) or 1
        result.chart = _chart(
            result,
            language=language,
            values=[(b.label, b.count / top, str(b.count)) for b in result.bars],
        )


def _text(result: QuestionResult, question: Question, data: dict, language: str) -> None:
    cells = data["cells"].get(question.pk, {})
    result.answered = sum(cells.values())


BUILDERS = {
    QuestionKind.SINGLE: _choice,
    QuestionKind.MULTIPLE: _choice,
    QuestionKind.SCALE: _scale,
    QuestionKind.MATRIX: _matrix,
    QuestionKind.RANKING: _ranking,
    QuestionKind.NUMBER: _number,
    QuestionKind.DATE: _date,
    QuestionKind.SHORT_TEXT: _text,
    QuestionKind.LONG_TEXT: _text,
}


def poll_results(
    *, poll: Poll, language: str | None = None, now: dt.datetime | None = None
) -> PollResults:
    """The results of ``poll`` ready to show, in ``language`` (the current one by default)."""
    language = (language or translation.get_language() or "ar")[:2]
    questions = _questions(poll)
    data = tally(poll=poll, questions=questions, now=now)
    labels = _type_labels()
    people = data["people"]
    total = sum(people.values())
    results = []
    with translation.override(language):
        for number, question in enumerate(questions, start=1):
            result = QuestionResult(
                question=question,
                number=number,
                text=_label(question, "text", language),
                kind=question.kind,
            )
            BUILDERS[question.kind](result, question, data, language)
            results.append(result)
        by_type = [
            Bar(labels[t], people[t], _share(people[t], total))
            for t in PARTICIPANT_TYPES
            if people.get(t)
        ]
    return PollResults(
        poll=poll,
        respondents=total,
        computed_at=data["computed_at"],
        questions=results,
        by_type=by_type,
        language=language,
    )


# --- Free-text answers, a page at a time (never cached) -------------------------------------


def public_texts(*, poll: Poll, question: Question, page=1, space=None) -> Page:
    """Published free-text answers to ``question`` (moderated contributions of final answers),
    newest first. Read through the space's index on its texts, one page at a time."""
    space = space if space is not None else space_for(owner=poll)
    if space is None or not question.answers_public:
        found = Contribution.objects.none()
    else:
        found = (
            Contribution.objects.filter(
                space=space,
                target_type=question._meta.label_lower,
                target_id=str(question.pk),
                status=Status.PUBLISHED,
            )
            .filter(Exists(Answer.objects.filter(contribution=OuterRef("pk"), final=True)))
            .only("id", "body", "language", "published_at", "created_at")
            .order_by("-created_at", "-id")
        )
    return Paginator(found, PUBLIC_TEXTS_PER_PAGE).get_page(page)


def staff_texts(*, poll: Poll, question: Question, page=1) -> Page:
    """Every final free-text answer to ``question`` for staff, oldest first; who gave it only
    when the poll's results are not anonymous."""
    found = Answer.objects.filter(poll=poll, final=True, question=question).exclude(text="")
    if poll.anonymous_results:
        found = found.only("id", "text", "participant_type")
    else:
        found = found.select_related("response__respondent", "response__on_behalf_of").only(
            "id",
            "text",
            "participant_type",
            "response__id",
            "response__respondent__full_name",
            "response__respondent__email",
            "response__on_behalf_of__name_ar",
            "response__on_behalf_of__name_en",
        )
    return Paginator(found.order_by("id"), STAFF_TEXTS_PER_PAGE).get_page(page)


def attach_texts(*, results: PollResults, staff: bool, selected: str | None = None, page=1) -> None:
    """Give each text question its page of answers: ``page`` for the one named by ``selected``
    (``q<id>``), the first page for the others."""
    space = None
    if not staff and any(r.is_text and r.question.answers_public for r in results.questions):
        space = space_for(owner=results.poll)
    for result in results.questions:
        if not result.is_text:
            continue
        number = page if selected == result.anchor else 1
        if staff:
            result.texts = staff_texts(poll=results.poll, question=result.question, page=number)
        elif result.question.answers_public:
            result.texts = public_texts(
                poll=results.poll, question=result.question, page=number, space=space
            )
