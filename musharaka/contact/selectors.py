"""Reads for direct communication: the agency's working time, inboxes, a citizen's requests."""

from datetime import time

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from musharaka.contact.calendar import WorkingTime
from musharaka.contact.models import (
    CalendarDay,
    Inbox,
    Message,
    MessageAttachment,
    MessageRole,
    PublishedAnswer,
    Request,
    WorkCalendar,
)
from musharaka.core.models import Agency, User
from musharaka.participation.models import Status as ContributionStatus


def working_time(*, agency: Agency) -> WorkingTime:
    """The agency's calendar (Sunday–Thursday 08:00–15:00 with Saudi public holidays unless
    it set its own), with its own closures and extra working days."""
    calendar = WorkCalendar.objects.filter(agency=agency).first() or WorkCalendar(agency=agency)
    days = list(CalendarDay.objects.filter(agency=agency).values_list("date", "working"))
    return WorkingTime(
        days=frozenset(calendar.working_days),
        starts=calendar.day_starts
        if not isinstance(calendar.day_starts, str)
        else _time(calendar.day_starts),
        ends=calendar.day_ends
        if not isinstance(calendar.day_ends, str)
        else _time(calendar.day_ends),
        national=calendar.national_holidays,
        closed=frozenset(d for d, working in days if not working),
        opened=frozenset(d for d, working in days if working),
    )


def _time(value: time | str) -> time:
    """A stored time; an unsaved calendar holds the default as text."""
    if isinstance(value, time):
        return value
    hours, minutes = value.split(":")[:2]
    return time(int(hours), int(minutes))


def public_inboxes(*, agency: Agency) -> QuerySet[Inbox]:
    return Inbox.objects.filter(agency=agency, is_active=True).order_by("id")


def public_inbox(*, agency_slug: str, slug: str) -> Inbox:
    found = (
        Inbox.objects.filter(agency__slug=agency_slug, agency__is_active=True, slug=slug)
        .select_related("agency")
        .first()
    )
    if found is None:
        raise Http404
    return found


def citizen_requests(*, user: User) -> QuerySet[Request]:
    return (
        Request.objects.filter(citizen=user)
        .select_related("agency", "inbox", "merged_into", "transferred_to")
        .order_by("-created_at", "-id")
    )


def citizen_request(*, user: User, number: str) -> Request:
    """The citizen's own request by tracking number; anyone else's is a 404."""
    found = citizen_requests(user=user).filter(number=number).first()
    if found is None:
        raise Http404
    return found


# --- Citizens' and public pages -----------------------------------------------------------------


def contact_agencies() -> QuerySet[Agency]:
    """Active agencies with at least one inbox taking requests, each with those inboxes
    (two queries, however many agencies)."""
    active = Inbox.objects.filter(is_active=True).order_by("id")
    return (
        Agency.objects.filter(is_active=True, inboxes__is_active=True)
        .distinct()
        .prefetch_related(Prefetch("inboxes", queryset=active, to_attr="active_inboxes"))
        .order_by("name_ar", "id")
    )


def response_time(*, inbox: Inbox, calendar: WorkingTime) -> tuple[str, int]:
    """The inbox's service level as the citizen reads it: whole working days when the hours
    make whole days of the agency's working day, else working hours."""
    seconds = inbox.response_hours * 3600
    day = calendar.day_seconds
    if day and seconds and seconds % day == 0:
        return "days", seconds // day
    return "hours", inbox.response_hours


def conversation(*, request: Request) -> list[Message]:
    """What the citizen sees of a request's conversation: their messages, the agency's and
    the platform's, with attachments, never the internal notes."""
    return list(
        request.messages.exclude(role=MessageRole.NOTE)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def transferred_from(*, request: Request) -> Request | None:
    """The request this one continues, when another agency transferred it here."""
    return Request.objects.filter(transferred_to=request).only("number").first()


def citizen_attachment(*, request: Request, pk: int) -> MessageAttachment:
    """A file of the request's conversation the citizen may download (never of a note)."""
    found = (
        MessageAttachment.objects.filter(pk=pk, message__request=request)
        .exclude(message__role=MessageRole.NOTE)
        .first()
    )
    if found is None:
        raise Http404
    return found


def published_answers(*, agency: Agency) -> QuerySet[PublishedAnswer]:
    """The agency's public questions and answers: only those a moderator published, with the
    question as the moderation pipeline left it (personal data masked), newest first."""
    return (
        PublishedAnswer.objects.filter(
            agency=agency, contribution__status=ContributionStatus.PUBLISHED
        )
        .select_related("contribution")
        .order_by("-contribution__published_at", "-id")
    )
