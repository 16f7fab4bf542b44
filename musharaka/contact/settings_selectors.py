"""Reads for the agency's settings pages of direct communication: its inboxes with their
workload, the staff who may join a team or an escalation chain, the calendar and the national
holidays that the deadlines skip."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from musharaka.contact.calendar import national_holidays
from musharaka.contact.models import (
    OPEN_STATUSES,
    CalendarDay,
    Inbox,
    ReplyTemplate,
    Request,
    Status,
    WorkCalendar,
)
from musharaka.core.models import Agency, Membership, Role, User

TEAM_ROLES = (Role.RESPONDER, Role.MANAGER)
# Days the agency recorded this long ago are still listed (a closure recorded late still
# matters to how overdue a request counts); older ones no longer change anything shown.
CALENDAR_DAYS_BACK = 30


def inbox_rows(*, agency: Agency) -> list[Inbox]:
    """The agency's inboxes with team and chain sizes and how many requests each holds now
    (open, waiting for the citizen, overdue): two queries whatever the number of inboxes."""
    inboxes = list(
        Inbox.objects.filter(agency=agency)
        .annotate(
            team_size=Count("team", distinct=True),
            chain_size=Count("escalation_levels", distinct=True),
        )
        .order_by("id")
    )
    now = timezone.now()
    counts = {
        row["inbox"]: row
        for row in Request.objects.filter(
            agency=agency, status__in=(*OPEN_STATUSES, Status.WAITING)
        )
        .values("inbox")
        .annotate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            waiting=Count("id", filter=Q(status=Status.WAITING)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
        )
        .order_by()
    }
    for inbox in inboxes:
        row = counts.get(inbox.pk, {})
        inbox.open_count = row.get("open", 0)
        inbox.waiting_count = row.get("waiting", 0)
        inbox.overdue_count = row.get("overdue", 0)
    return inboxes


def settings_inbox(*, agency: Agency, pk: int) -> Inbox:
    """One inbox of this agency, or 404: another agency's inbox ids must not resolve."""
    found = Inbox.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found


@dataclass
class StaffChoices:
    """Staff of an agency as form choices: who they are and their roles, from one query."""

    users: QuerySet[User]
    roles: dict[int, list[str]] = field(default_factory=dict)

    def label(self, user: User) -> str:
        roles = ", ".join(str(Role(r).label) for r in self.roles.get(user.pk, []))
        return f"{user} ({roles})" if roles else str(user)


def _staff(agency: Agency, roles: tuple[str, ...] | None) -> StaffChoices:
    memberships = Membership.objects.filter(agency=agency)
    by_user: dict[int, list[str]] = defaultdict(list)
    for user_id, role in memberships.values_list("user_id", "role"):
        by_user[user_id].append(role)
    if roles is not None:
        by_user = defaultdict(
            list, {k: v for k, v in by_user.items() if any(r in roles for r in v)}
        )
    order = {r: i for i, r in enumerate(Role.values)}
    for user_roles in by_user.values():
        user_roles.sort(key=order.get)
    users = User.objects.filter(pk__in=list(by_user), is_active=True).order_by("full_name", "email")
    return StaffChoices(users=users, roles=dict(by_user))


def team_candidates(*, agency: Agency) -> StaffChoices:
    """Who may be on an inbox's team: the agency's responders and managers."""
    return _staff(agency, TEAM_ROLES)


def agency_staff(*, agency: Agency) -> StaffChoices:
    """Who may be in an escalation chain: anyone on the agency's staff."""
    return _staff(agency, None)


def team_ids(*, inbox: Inbox) -> list[int]:
    return list(inbox.team.values_list("pk", flat=True))


def chain_people(*, inbox: Inbox) -> list[int]:
    """The escalation chain's people in level order."""
    return list(inbox.escalation_levels.order_by("level").values_list("person_id", flat=True))


def routing_rules(*, inbox: Inbox) -> list[dict]:
    return list(
        inbox.routing_rules.order_by("position", "id").values(
            "kind", "keywords", "assign_to_id", "position"
        )
    )


def former_team_members(*, inbox: Inbox, candidates: StaffChoices) -> list[User]:
    """Team members who no longer hold the responder or manager role (saving drops them)."""
    return list(inbox.team.exclude(pk__in=candidates.users.values("pk")).order_by("email"))


# --- Calendar ----------------------------------------------------------------------------------


def work_calendar(*, agency: Agency) -> WorkCalendar:
    """The agency's stored calendar, or the default one (not saved)."""
    found = WorkCalendar.objects.filter(agency=agency).first()
    return found or WorkCalendar(agency=agency)


def calendar_days(*, agency: Agency, today: date | None = None) -> QuerySet[CalendarDay]:
    """The agency's own closures and working days, from a month back onwards."""
    today = today or timezone.localdate()
    return CalendarDay.objects.filter(
        agency=agency, date__gte=today - timedelta(days=CALENDAR_DAYS_BACK)
    ).order_by("date")


def calendar_day(*, agency: Agency, pk: int) -> CalendarDay:
    found = CalendarDay.objects.filter(agency=agency, pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass
class HolidaySpan:
    """One national holiday as people name it, possibly several days long (the Eids)."""

    name: str
    days: list[date]
    working: list[date] = field(default_factory=list)  # the agency works on these anyway

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]


_OBSERVED = re.compile(r"\s*\(.*\)\s*$")


@lru_cache(maxsize=16)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    return dict(holidays.country_holidays("SA", years=[year], language=language))


def upcoming_national_holidays(
    *, today: date | None = None, days: int = 365, opened: frozenset[date] = frozenset()
) -> list[HolidaySpan]:
    """Saudi public holidays of the coming twelve months as the deadlines count them
    (``calendar.national_holidays``), named in the reader's language, with the days of one
    holiday (an Eid and its observed days) grouped together."""
    today = today or timezone.localdate()
    end = today + timedelta(days=days)
    language = "en_US" if (get_language() or "ar").startswith("en") else "ar"
    spans: list[HolidaySpan] = []
    for year in range(today.year, end.year + 1):
        names = _holiday_names(year, language)
        for day in sorted(national_holidays(year)):
            if not today <= day <= end:
                continue
            name = _OBSERVED.sub("", names.get(day, "")) or str(day)
            if spans and spans[-1].name == name and (day - spans[-1].last).days <= 7:
                spans[-1].days.append(day)
            else:
                spans.append(HolidaySpan(name=name, days=[day]))
            if day in opened:
                spans[-1].working.append(day)
    return spans


def reply_templates(*, agency: Agency) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(agency=agency).order_by("title_ar", "id")


def reply_template(*, agency: Agency, pk: int) -> ReplyTemplate:
    found = ReplyTemplate.objects.filter(agency=agency, pk=pk).first()
    if found is None:
        raise Http404
    return found
