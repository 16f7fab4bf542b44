"""Reads for the requests dashboard: where the open requests stand, which deadlines were missed,
how fast the agency answers and closes, how satisfied citizens are, and each responder's share.

Built for hundreds of thousands of requests: every figure comes from a grouped aggregate
(``COUNT … GROUP BY``) over one range of an index that holds every column it needs (see
``Request.Meta.indexes``), so the table itself is not read. The two overall medians are picked
by the database (sorted, and only the middle row or two returned); the medians per person come
from one column of durations for the period. The number of queries never depends on the data.

Durations are working hours, counted like the deadlines they are compared with: the agency's
working days and hours, less the time a request was returned to the citizen for more
information. Calendar arithmetic cannot be done in SQL, so each duration is recorded on the
request when it happens (``Request.first_response_working_seconds``,
``answer_working_seconds``, ``close_working_seconds``; see ``services._worked``) and read here
as a plain column. Open requests are always counted live; the figures of the 90- and 365-day
periods are kept in the cache for ten minutes.
"""

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from musharaka.contact.models import CLOCK_STATUSES, OPEN_STATUSES, Inbox, Request, Status
from musharaka.core.models import Agency, User

PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 30
LIVE_DAYS = 30  # longer periods: what happened in them is kept for CACHE_SECONDS
CACHE_SECONDS = 600
# Still with the agency or its citizen: not answered, closed or transferred.
UNRESOLVED = (*OPEN_STATUSES, Status.WAITING)
# (key, label, from days, to days): age of an open request since it was sent.
AGE_BANDS: list[tuple[str, Promise, int, int | None]] = [
    ("day", _("Less than 1 day"), 0, 1),
    ("days3", _("1 to 3 days"), 1, 3),
    ("week", _("3 to 7 days"), 3, 7),
    ("month", _("7 to 30 days"), 7, 30),
    ("older", _("More than 30 days"), 30, None),
]
RATINGS = range(1, 6)


def format_percent(part: int, whole: int) -> str:
    """A share as people read it (Western digits, at most one decimal): 12.5%; — of nothing."""
    if not whole:
        return "—"
    text = f"{100 * part / whole:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def format_hours(hours: float | None) -> str:
    if hours is None:
        return "—"
    return f"{hours:.1f}".rstrip("0").rstrip(".")


def format_average(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class Line:
    """One row of a table: a label, a count and its share of the table's total."""

    key: str
    label: object
    count: int
    whole: int

    @property
    def percent(self) -> str:
        return format_percent(self.count, self.whole)


@dataclass
class Responder:
    user_id: int | None
    name: str
    email: str
    open: int = 0
    answered: int = 0
    late: int = 0
    median_hours: float | None = None
    rated: int = 0
    rating: float | None = None
    answered_whole: int = 0

    @property
    def answered_percent(self) -> str:
        return format_percent(self.answered, self.answered_whole)

    @property
    def median_text(self) -> str:
        return format_hours(self.median_hours)

    @property
    def rating_text(self) -> str:
        return format_average(self.rating)


@dataclass
class Dashboard:
    agency: Agency
    inbox: Inbox | None
    days: int
    now: datetime
    start: datetime
    as_of: datetime | None = None  # when the period's figures were counted, if kept a while
    open_total: int = 0
    by_status: list[Line] = field(default_factory=list)
    by_age: list[Line] = field(default_factory=list)
    running: int = 0  # open with the clock running (not waiting for the citizen)
    overdue: int = 0
    received: int = 0
    answered: int = 0
    answered_late: int = 0
    first_responses: int = 0
    first_response_hours: float | None = None
    closed: int = 0
    close_hours: float | None = None
    rated: int = 0
    rating: float | None = None
    ratings: list[Line] = field(default_factory=list)
    responders: list[Responder] = field(default_factory=list)

    @property
    def overdue_percent(self) -> str:
        return format_percent(self.overdue, self.running)

    @property
    def late_percent(self) -> str:
        return format_percent(self.answered_late, self.answered)

    @property
    def on_time(self) -> int:
        return self.answered - self.answered_late

    @property
    def on_time_percent(self) -> str:
        return format_percent(self.on_time, self.answered)

    @property
    def first_response_text(self) -> str:
        return format_hours(self.first_response_hours)

    @property
    def close_text(self) -> str:
        return format_hours(self.close_hours)

    @property
    def rating_text(self) -> str:
        return format_average(self.rating)


def dashboard_inboxes(*, agency: Agency) -> QuerySet[Inbox]:
    return Inbox.objects.filter(agency=agency).order_by("id")


def _scope(agency: Agency, inbox: Inbox | None) -> QuerySet[Request]:
    scope = Request.objects.filter(agency=agency)
    return scope.filter(inbox=inbox) if inbox is not None else scope


def median_hours(queryset: QuerySet[Request], column: str) -> tuple[float | None, int]:
    """The median of the working seconds in ``column`` over ``queryset``, in hours, and how
    many rows ``queryset`` holds: the database sorts and returns only the middle row (or two).
    A row without the figure (none is left once migration 0004 has run) is counted but not
    part of the median."""
    counts = queryset.aggregate(size=Count("id"), known=Count(column))
    size, known = counts["size"], counts["known"]
    if not known:
        return None, size
    middle = list(
        queryset.filter(**{f"{column}__isnull": False})
        .order_by(column)
        .values_list(column, flat=True)[(known - 1) // 2 : known // 2 + 1]
    )
    return sum(middle) / len(middle) / 3600, size


def dashboard(
    *, agency: Agency, inbox: Inbox | None = None, days: int = DEFAULT_PERIOD, now=None
) -> Dashboard:
    """Every figure of the requests dashboard for the agency (or one of its inboxes) over the
    last ``days`` days, in ten queries whatever the data. Open requests are always counted
    live; what happened over a period longer than 30 days is kept for ten minutes (a year of
    requests takes a few hundred milliseconds to go through, and changes little meanwhile)."""
    live = now is not None or days <= LIVE_DAYS
    now = now or timezone.now()
    start = now - timedelta(days=days)
    scope = _scope(agency, inbox)
    board = Dashboard(agency=agency, inbox=inbox, days=days, now=now, start=start)
    people: dict[int | None, Responder] = {}
    _open(board, scope, people)
    if live:
        figures = period_figures(scope=scope, start=start, now=now)
    else:
        # "working": figures kept before durations were working hours are not reused.
        key = f"contact:dashboard:working:{agency.pk}:{inbox.pk if inbox else 0}:{days}"
        figures = cache.get(key)
        if figures is None:
            figures = period_figures(scope=scope, start=start, now=now)
            cache.set(key, figures, CACHE_SECONDS)
        board.as_of = figures["computed_at"]
    _apply(board, people, figures)
    _names(people)
    for person in people.values():
        person.answered_whole = board.answered
    # The unassigned row last; people by open requests, then answered, then name.
    board.responders = sorted(
        people.values(), key=lambda p: (p.user_id is None, -p.open, -p.answered, p.name)
    )
    return board


def _assignee() -> ExpressionWrapper:
    """Who a request is assigned to, as a grouping key. Written ``assigned_to + 0`` so that
    SQLite groups the rows of the period's index range instead of walking the whole
    (assigned_to, …) index in order, which reads the entire table."""
    return ExpressionWrapper(F("assigned_to") + 0, output_field=IntegerField())


def _person(people: dict, key: int | None) -> Responder:
    if key not in people:
        people[key] = Responder(user_id=key, name="", email="")
    return people[key]


def _names(people: dict) -> None:
    """Who the people are (one query for all of them)."""
    found = User.objects.filter(pk__in=[k for k in people if k]).values_list(
        "pk", "full_name", "email"
    )
    for pk, name, email in found:
        people[pk].name, people[pk].email = name or email, email
    if None in people:
        people[None].name = str(_("Not assigned yet"))


def _open(board: Dashboard, scope: QuerySet[Request], people: dict) -> None:
    """Open requests by status and person, with their age bands and how many are overdue now
    (one query, on the status index)."""
    now = board.now
    bands = {}
    for key, _label, low, high in AGE_BANDS:
        condition = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(created_at__gt=now - timedelta(days=high))
        bands[key] = Count("id", filter=condition)
    rows = list(
        scope.filter(status__in=UNRESOLVED)
        .values("status", person=_assignee())
        .annotate(
            total=Count("id"),
            overdue=Count("id", filter=Q(status__in=CLOCK_STATUSES, due_at__lt=now)),
            **bands,
        )
        .order_by()
    )
    by_status = dict.fromkeys(UNRESOLVED, 0)
    for row in rows:
        by_status[row["status"]] += row["total"]
        _person(people, row["person"]).open += row["total"]
    total = sum(by_status.values())
    board.open_total = total
    board.by_status = [
        Line(status, Status(status).label, count, total) for status, count in by_status.items()
    ]
    board.by_age = [
        Line(key, label, sum(row[key] for row in rows), total)
        for key, label, _low, _high in AGE_BANDS
    ]
    board.running = sum(by_status[s] for s in CLOCK_STATUSES)
    board.overdue = sum(row["overdue"] for row in rows)


def period_figures(*, scope: QuerySet[Request], start: datetime, now: datetime) -> dict:
    """What happened since ``start``, as plain values (so they can be cached): requests
    received (one count); answers by person, late ones and ratings (one grouped query); each
    person's median working time to answer (one column of durations); the medians to the
    first answer and to closing with how many each is taken over (two queries each)."""
    answered = scope.filter(answered_at__gte=start)
    ratings = {f"r{n}": Count("id", filter=Q(rating=n)) for n in RATINGS}
    rows = (
        answered.values(person=_assignee())
        .annotate(answered=Count("id"), late=Count("id", filter=Q(answered_late=True)), **ratings)
        .order_by()
    )
    people = {
        row["person"]: {
            "answered": row["answered"],
            "late": row["late"],
            "ratings": {n: row[f"r{n}"] for n in RATINGS},
            "median": None,
        }
        for row in rows
    }
    if people:
        durations: dict[int | None, list[int]] = {}
        for key, seconds in answered.values_list("assigned_to", "answer_working_seconds"):
            if seconds is not None:
                durations.setdefault(key, []).append(seconds)
        for key, values in durations.items():
            people[key]["median"] = statistics.median(values) / 3600
    # Every status listed, so the (agency, status, created_at) index serves the date range.
    received = scope.filter(status__in=Status.values, created_at__gte=start).count()
    first = median_hours(
        scope.filter(first_response_at__gte=start), "first_response_working_seconds"
    )
    closed = median_hours(
        scope.filter(status=Status.CLOSED, closed_at__gte=start, merged_into__isnull=True),
        "close_working_seconds",
    )
    return {
        "computed_at": now,
        "received": received,
        "people": people,
        "first": first,
        "closed": closed,
    }


def _average(ratings: dict[int, int]) -> float | None:
    count = sum(ratings.values())
    return sum(n * c for n, c in ratings.items()) / count if count else None


def _apply(board: Dashboard, people: dict, figures: dict) -> None:
    counts = dict.fromkeys(RATINGS, 0)
    for key, mine in figures["people"].items():
        person = _person(people, key)
        person.answered, person.late = mine["answered"], mine["late"]
        person.rated = sum(mine["ratings"].values())
        person.rating = _average(mine["ratings"])
        person.median_hours = mine["median"]
        for n in RATINGS:
            counts[n] += mine["ratings"][n]
        board.answered += mine["answered"]
        board.answered_late += mine["late"]
    board.rated = sum(counts.values())
    board.ratings = [Line(str(n), str(n), counts[n], board.rated) for n in reversed(RATINGS)]
    board.rating = _average(counts)
    board.received = figures["received"]
    board.first_response_hours, board.first_responses = figures["first"]
    board.close_hours, board.closed = figures["closed"]
