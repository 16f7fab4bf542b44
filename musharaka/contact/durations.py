"""The working time a request took, worked out afterwards from its conversation: for requests
stored before the services recorded it (migration 0004) and for the demo's requests, which are
inserted in bulk. The services record the same figures as things happen (``services._worked``).

The rule is the deadline's: the agency's working seconds from arrival, less those spent
returned to the citizen for more information. Before the answer, a staff message is such a
request (the only other staff message is the answer itself), and the pause lasts until the
citizen's next message. A reopened request's earlier answer cannot be told from one, so the
time from it to the citizen's next message is left out too.

No models are imported: the migration passes its historical ones.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import QuerySet

from musharaka.contact.calendar import WorkingTime, working_seconds_between
from musharaka.core.bulk import rows_update

FIELDS = [
    "first_response_working_seconds",
    "answer_working_seconds",
    "close_working_seconds",
    "waiting_since",
    "waiting_working_seconds",
]
BATCH = 2000

Pause = tuple[datetime, datetime | None]


def pauses(messages: list[tuple[str, datetime]], answered_at: datetime | None) -> list[Pause]:
    """(from, to) of each time the request was returned to the citizen, from its conversation
    as (role, when) in order; ``to`` is None while it still waits."""
    found: list[Pause] = []
    asked = None
    for role, at in messages:
        if role == "staff" and asked is None and (answered_at is None or at < answered_at):
            asked = at
        elif role == "citizen" and asked is not None:
            found.append((asked, at))
            asked = None
    if asked is not None:
        found.append((asked, None))
    return found


def _paused(found: list[Pause], until: datetime, calendar: WorkingTime) -> int:
    """Working seconds of the pauses before ``until``."""
    total = 0
    for start, end in found:
        if start < until:
            finish = until if end is None else min(end, until)
            total += working_seconds_between(start, finish, calendar)
    return total


def working_figures(request, messages: list[tuple[str, datetime]], calendar: WorkingTime) -> dict:
    """The values of ``FIELDS`` for one request (an instance of the model, current or
    historical) with its conversation."""
    found = pauses(messages, request.answered_at)

    def since_arrival(moment: datetime | None) -> int | None:
        if moment is None:
            return None
        worked = working_seconds_between(request.created_at, moment, calendar)
        return max(worked - _paused(found, moment, calendar), 0)

    figures = {
        # Nothing pauses the clock before the first response: it is the first pause.
        "first_response_working_seconds": since_arrival(request.first_response_at),
        "answer_working_seconds": since_arrival(request.answered_at),
        "close_working_seconds": since_arrival(request.closed_at),
        "waiting_since": None,
    }
    ended = found
    if found and found[-1][1] is None:
        if request.status == "waiting":
            figures["waiting_since"], ended = found[-1][0], found[:-1]
        else:  # closed (merged or transferred) while waiting: the pause ended there
            ended = [*found[:-1], (found[-1][0], request.closed_at or found[-1][0])]
    figures["waiting_working_seconds"] = sum(
        max(working_seconds_between(start, end, calendar), 0) for start, end in ended
    )
    return figures


def fill(
    requests: QuerySet,
    messages: QuerySet,
    calendar_of: Callable[[int], WorkingTime],
    *,
    batch: int = BATCH,
) -> int:
    """Work out and store ``FIELDS`` for ``requests`` (with their conversations from
    ``messages``), in batches of primary keys so memory stays bounded and no query carries a
    long list of ids; ``calendar_of`` gives an agency's working time. Returns how many."""
    todo = requests.order_by("pk").only(
        "pk", "agency_id", "status", "created_at", "first_response_at", "answered_at", "closed_at"
    )
    last, done = 0, 0
    while True:
        rows = list(todo.filter(pk__gt=last)[:batch])
        if not rows:
            return done
        conversation: dict[int, list[tuple[str, datetime]]] = {}
        for request_id, role, at in (
            messages.filter(
                request_id__gte=rows[0].pk,
                request_id__lte=rows[-1].pk,
                role__in=["staff", "citizen"],
            )
            .order_by("request_id", "created_at", "id")
            .values_list("request_id", "role", "created_at")
        ):
            conversation.setdefault(request_id, []).append((role, at))
        for request in rows:
            figures = working_figures(
                request, conversation.get(request.pk, []), calendar_of(request.agency_id)
            )
            for name, value in figures.items():
                setattr(request, name, value)
        rows_update(requests.model, rows, FIELDS, using=requests.db)
        last, done = rows[-1].pk, done + len(rows)
