"""Reads for direct communication: the agency's working time, inboxes, a citizen's requests."""

from datetime import time

from django.db.models import QuerySet
from django.http import Http404

from musharaka.contact.calendar import WorkingTime
from musharaka.contact.models import CalendarDay, Inbox, Request, WorkCalendar
from musharaka.core.models import Agency, User


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
