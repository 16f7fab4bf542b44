"""Staff reads of direct communication: the working queue and one request's page.

What a staff member sees follows the rule ``contact.handle`` (``rules.py``) in the database
itself, so the queue is one indexed query however many requests the agency holds: managers see
all the agency's requests; responders only those of the inboxes whose team they are on or whose
escalation chain names them. Remaining time is counted in the agency's working hours.
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from musharaka.contact import selectors
from musharaka.contact.calendar import WorkingTime, working_seconds_between
from musharaka.contact.models import (
    CLOCK_STATUSES,
    OPEN_STATUSES,
    EscalationLevel,
    Inbox,
    Message,
    MessageAttachment,
    MessageRole,
    PublishedAnswer,
    ReplyTemplate,
    Request,
    Status,
)
from musharaka.core.models import Agency, Role, User
from musharaka.core.paging import UncountedPage, page_number
from musharaka.core.selectors import roles_in_agency

QUEUE_PAGE_SIZE = 50
MERGE_CHOICES_MAX = 50
# Statuses in which a request is still with the agency or its citizen (as services.py).
HANDLED_STATUSES = (*OPEN_STATUSES, Status.WAITING)
# The queue's status filter: "open" (the clock runs) is the default, "all" drops the filter.
STATUS_OPEN, STATUS_ALL = "open", "all"


# --- Who sees which inboxes -------------------------------------------------------------------


def sees_whole_agency(*, user: User, agency: Agency) -> bool:
    """Managers (and platform admins) handle every inbox of the agency."""
    return user.is_superuser or Role.MANAGER in roles_in_agency(user=user, agency=agency)


def handled_inboxes(*, user: User, agency: Agency) -> list[Inbox]:
    """The agency's inboxes whose requests ``user`` may handle: the same answer as
    ``rules.is_inbox_staff`` for each of them, in one query."""
    inboxes = Inbox.objects.filter(agency=agency).order_by("id")
    if sees_whole_agency(user=user, agency=agency):
        return list(inboxes)
    roles = roles_in_agency(user=user, agency=agency)
    if not roles:
        return []
    allowed = Q(pk__in=EscalationLevel.objects.filter(person=user).values("inbox_id"))
    if Role.RESPONDER in roles:
        allowed |= Q(pk__in=Inbox.team.through.objects.filter(user=user).values("inbox_id"))
    return list(inboxes.filter(allowed))


# --- The queue --------------------------------------------------------------------------------


# The queue reads in three parts, each in an order an index gives without sorting the whole
# set: running clocks by deadline (the partial index on ``due_at``), requests waiting for the
# citizen by the working time they had left, then finished ones newest first.
QUEUE_PARTS = (
    (CLOCK_STATUSES, (F("due_at").asc(nulls_last=True), "id")),
    ((Status.WAITING,), (F("remaining_seconds").asc(nulls_last=True), "id")),
    ((Status.ANSWERED, Status.CLOSED, Status.TRANSFERRED), ("-id",)),
)


def staff_queue(
    *,
    user: User,
    agency: Agency,
    inboxes: list[Inbox],
    inbox: int | None = None,
    status: str = STATUS_OPEN,
    kind: str = "",
    assigned: str = "",
    overdue: bool = False,
    escalated: bool = False,
    now: datetime | None = None,
) -> list[QuerySet[Request]]:
    """The requests ``user`` may handle, soonest deadline first, as the parts (``QUEUE_PARTS``)
    the filters leave, to be read one after the other (``queue_page``). The filters map onto
    the indexes of ``Request``: (inbox, status, due_at), (assigned_to, status, due_at) and the
    partial index on ``due_at`` of the open statuses."""
    found = Request.objects.filter(agency=agency)
    if not sees_whole_agency(user=user, agency=agency):
        found = found.filter(inbox_id__in=[i.pk for i in inboxes])
    if inbox is not None:
        found = found.filter(inbox_id=inbox)
    if kind:
        found = found.filter(kind=kind)
    if assigned == "me":
        found = found.filter(assigned_to=user)
    elif assigned == "none":
        found = found.filter(assigned_to__isnull=True)
    if escalated:
        found = found.filter(escalation_level__gt=0)
    if status == STATUS_OPEN:
        wanted = set(OPEN_STATUSES)
    elif status == STATUS_ALL:
        wanted = set(Status.values)
    else:
        wanted = {status}
    if overdue:
        # Only running clocks have a deadline (it is cleared on pause, answer and close).
        found = found.filter(due_at__lt=now or timezone.now())
        wanted &= set(CLOCK_STATUSES)
    parts = []
    for statuses, order in QUEUE_PARTS:
        chosen = [s for s in statuses if s in wanted]
        if chosen:
            part = (
                found.filter(status__in=chosen)
                if len(chosen) > 1
                else found.filter(status=chosen[0])
            )
            parts.append(part.order_by(*order))
    return parts


def queue_page(parts: list[QuerySet[Request]], number: str | int | None) -> UncountedPage:
    """One page of ``QUEUE_PAGE_SIZE`` rows across the parts, reading one row more to know if
    another follows. A part is counted only when a later page lies wholly past it.

    The parts give only ids, sorted from an index alone where one covers the filters; the
    page's rows are then read in full in one query. Sorting every open request with its text
    was most of the page's time at 200,000 requests (bench/contact.py)."""
    number = page_number(number)
    skip, wanted, ids = (number - 1) * QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE + 1, []
    for position, part in enumerate(parts):
        if skip and position < len(parts) - 1:
            size = part.count()
            if skip >= size:
                skip -= size
                continue
        found = list(part.values_list("pk", flat=True)[skip : skip + wanted])
        ids += found
        wanted -= len(found)
        skip = 0
        if not wanted:
            break
    rows = Request.objects.select_related("inbox", "assigned_to").in_bulk(ids)
    return UncountedPage.of([rows[pk] for pk in ids], number=number, size=QUEUE_PAGE_SIZE)


# --- Remaining working time -------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """Where a request stands against its service level.

    ``state``: "running" (time left), "soon" (within the inbox's warning time), "overdue",
    "paused" (waiting for the citizen) or "" (answered, closed, transferred: no clock).
    ``seconds``: working seconds left (negative when overdue)."""

    state: str
    seconds: int = 0
    text: str = ""


def working_span(seconds: int, *, calendar: WorkingTime) -> str:
    """A span of working time in words: minutes, hours, or working days (of the agency's
    length) and hours."""
    seconds = abs(seconds)
    if seconds < 60:
        return _("less than a working minute")
    if seconds < 3600:
        minutes = seconds // 60
        return ngettext("%(count)d working minute", "%(count)d working minutes", minutes) % {
            "count": minutes
        }
    day = calendar.day_seconds
    if day and seconds >= day:
        days, hours = seconds // day, (seconds % day) // 3600
        days_text = ngettext("%(count)d working day", "%(count)d working days", days) % {
            "count": days
        }
        if not hours:
            return days_text
        hours_text = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
        return _("%(days)s and %(hours)s") % {"days": days_text, "hours": hours_text}
    hours, minutes = seconds // 3600, (seconds % 3600) // 60
    hours_text = ngettext("%(count)d working hour", "%(count)d working hours", hours) % {
        "count": hours
    }
    if not minutes:
        return hours_text
    minutes_text = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return _("%(hours)s and %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}


def _working_seconds_from(now: datetime, moments: list[datetime], calendar: WorkingTime) -> dict:
    """Working seconds from ``now`` to each moment (negative before ``now``), walking the
    calendar once from the earliest to the latest rather than once per moment: a queue page of
    requests a year overdue would otherwise count the same year fifty times."""
    points = sorted({now, *moments})
    offsets, total = {points[0]: 0}, 0
    for before, after in pairwise(points):
        total += working_seconds_between(before, after, calendar)
        offsets[after] = total
    return {moment: offsets[moment] - offsets[now] for moment in moments}


def deadline_of(
    request: Request, *, calendar: WorkingTime, now: datetime, left: int | None = None
) -> Deadline:
    """The request's remaining working time, in words, as the queue and the page show it
    (``left``: the working seconds to its deadline, when already counted)."""
    if request.status in CLOCK_STATUSES and request.due_at is not None:
        if left is None:
            left = working_seconds_between(now, request.due_at, calendar)
        span = working_span(left, calendar=calendar)
        if request.due_at <= now:
            return Deadline("overdue", left, _("Overdue by %(span)s") % {"span": span})
        state = "soon" if left <= request.inbox.warn_hours * 3600 else "running"
        return Deadline(state, left, _("Due in %(span)s") % {"span": span})
    if request.status == Status.WAITING and request.remaining_seconds is not None:
        left = request.remaining_seconds
        span = working_span(left, calendar=calendar)
        if left < 0:
            text = _("Paused while waiting for the citizen (it was overdue by %(span)s)")
        else:
            text = _("Paused while waiting for the citizen (%(span)s left)")
        return Deadline("paused", left, text % {"span": span})
    return Deadline("")


def with_deadlines(rows: list[Request], *, agency: Agency) -> WorkingTime:
    """Attach ``deadline`` to each row, reading the agency's calendar once (returned, for the
    page to say how long a working day is)."""
    calendar = selectors.working_time(agency=agency)
    now = timezone.now()
    running = [r.due_at for r in rows if r.status in CLOCK_STATUSES and r.due_at is not None]
    left = _working_seconds_from(now, running, calendar)
    for row in rows:
        row.deadline = deadline_of(row, calendar=calendar, now=now, left=left.get(row.due_at))
    return calendar


# --- One request ------------------------------------------------------------------------------


def staff_request(*, agency: Agency, pk: int) -> Request:
    """A request of this agency by id (404 for another agency's), with what its page shows.
    Whether the reader may see it is ``services.request_open``'s decision."""
    found = (
        Request.objects.filter(agency=agency, pk=pk)
        .select_related(
            "agency",
            "inbox",
            "citizen",
            "assigned_to",
            "merged_into",
            "transferred_to__agency",
            "transferred_from__agency",
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def conversation(*, request: Request) -> list[Message]:
    """Every message, internal notes included (staff only), with authors and attachments."""
    return list(
        request.messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def staff_attachment(*, request: Request, pk: int) -> MessageAttachment:
    found = (
        MessageAttachment.objects.filter(pk=pk, message__request=request)
        .select_related("message")
        .first()
    )
    if found is None:
        raise Http404
    return found


def merged_requests(*, request: Request) -> list[Request]:
    """The citizen's repeated requests that were merged into this one."""
    return list(request.merged.order_by("id").only("id", "number", "agency_id"))


def escalation_chain(*, request: Request) -> list[EscalationLevel]:
    return list(request.inbox.escalation_levels.select_related("person").order_by("level"))


def assignable_people(*, request: Request, also: User | None = None) -> QuerySet[User]:
    """Who a manager can give the request to: the inbox's team members still on the agency's
    staff (people who left keep no access, so they are not offered); ``also`` adds the reader,
    who may take an unassigned request (``services.request_assign`` decides)."""
    team = request.inbox.team.filter(memberships__agency_id=request.agency_id).values("pk")
    people = Q(pk__in=team)
    if also is not None:
        people |= Q(pk=also.pk)
    return User.objects.filter(people).order_by("full_name", "email")


def merge_candidates(*, user: User, request: Request) -> QuerySet[Request]:
    """The same citizen's other requests to this agency that are still being handled and that
    ``user`` may handle too: where a repeated request can be merged."""
    inboxes = [i.pk for i in handled_inboxes(user=user, agency=request.agency)]
    ids = list(
        Request.objects.filter(
            agency_id=request.agency_id,
            citizen_id=request.citizen_id,
            status__in=HANDLED_STATUSES,
            merged_into__isnull=True,
            inbox_id__in=inboxes,
        )
        .exclude(pk=request.pk)
        .order_by("-id")
        .values_list("pk", flat=True)[:MERGE_CHOICES_MAX]
    )
    # Not sliced: the form's choice field looks the chosen one up in it.
    return Request.objects.filter(pk__in=ids).order_by("-id")


def transfer_inboxes(*, agency: Agency) -> QuerySet[Inbox]:
    """Other agencies' inboxes that take requests, grouped by agency."""
    return (
        Inbox.objects.filter(is_active=True, agency__is_active=True)
        .exclude(agency=agency)
        .select_related("agency")
        .order_by("agency__name_ar", "agency_id", "id")
    )


def reply_templates(*, agency: Agency) -> list[ReplyTemplate]:
    return list(ReplyTemplate.objects.filter(agency=agency).order_by("title_ar", "id"))


def last_staff_answer(*, request: Request) -> str:
    """The agency's latest message to the citizen (after answering: the answer)."""
    message = request.messages.filter(role=MessageRole.STAFF).order_by("-created_at", "-id").first()
    return message.body if message else ""


def published_answer(*, request: Request) -> PublishedAnswer | None:
    return PublishedAnswer.objects.filter(request=request).select_related("contribution").first()
