"""Writes for an agency's settings of direct communication: its inboxes (service level, team,
escalation chain, routing rules), its working calendar and its saved replies.

Each checks the actor's role in the agency ("agency.edit" for inboxes and the calendar,
"requests.respond" for saved replies), validates, writes, and records an audit event. Errors
are ``ValidationError`` keyed by field; the inbox page's rows are keyed ``chain.<i>`` and
``rules.<i>.<field>`` by their place in the list passed in.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from musharaka.contact import selectors, settings_selectors
from musharaka.contact.models import (
    CalendarDay,
    EscalationLevel,
    Inbox,
    Kind,
    ReplyTemplate,
    RoutingRule,
    WorkCalendar,
)
from musharaka.core.audit import audit_record, field_changes
from musharaka.core.models import Agency, Membership, User

INBOX_FIELDS = [
    "slug",
    "name_ar",
    "name_en",
    "purpose_ar",
    "purpose_en",
    "response_hours",
    "warn_hours",
    "escalation_step_hours",
    "answers_publishable",
    "is_active",
]
HOURS_MAX = 2000
NAME_MAX = 200
PURPOSE_MAX = 2000
KEYWORDS_MAX = 500
CHAIN_MAX = 10
RULES_MAX = 50
TITLE_MAX = 200
BODY_MAX = 5000
# Paths under /contact/<agency>/ that an inbox's address must not take.
RESERVED_SLUGS = frozenset({"questions", "new"})
CALENDAR_DAYS_BACK = settings_selectors.CALENDAR_DAYS_BACK
CALENDAR_YEARS_AHEAD = 5
WARN_BEFORE_DEADLINE = gettext_noop(
    "The warning must come before the deadline: enter fewer hours than the answer time (%(hours)d)."
)
_SEPARATORS = str.maketrans({"،": ",", "؛": ",", ";": ",", "\n": ","})
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _require(actor: User, action: str, agency: Agency) -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


def _text(value: object, *, limit: int, multiline: bool = False) -> tuple[str, str | None]:
    """The stripped text and, if it cannot be stored, why."""
    text = str(value or "").strip()
    if len(text) > limit:
        return text, _("Keep it within %(limit)d characters (it has %(n)d).") % {
            "limit": limit,
            "n": len(text),
        }
    allowed = "\n\r\t" if multiline else ""
    if any(ord(c) < 32 and c not in allowed for c in text) or any(c in text for c in _BIDI):
        return text, _("The text contains characters that cannot be stored.")
    return text, None


def _hours(value: object, *, low: int, high: int) -> tuple[int | None, str | None]:
    try:
        hours = int(value)
    except (TypeError, ValueError):
        return None, _("Enter a whole number of hours.")
    if not low <= hours <= high:
        return hours, _("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}
    return hours, None


# --- Inboxes -----------------------------------------------------------------------------------


def _inbox_clean(data: dict, agency: Agency, inbox: Inbox | None) -> tuple[dict, dict]:
    """The inbox's fields as they would be stored, and the errors keyed by field."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for name, limit, multiline in [
        ("name_ar", NAME_MAX, False),
        ("name_en", NAME_MAX, False),
        ("purpose_ar", PURPOSE_MAX, True),
        ("purpose_en", PURPOSE_MAX, True),
    ]:
        cleaned[name], problem = _text(data.get(name), limit=limit, multiline=multiline)
        if problem:
            errors[name] = problem
    if not cleaned["name_ar"] and "name_ar" not in errors:
        errors["name_ar"] = _("Write the inbox's name in Arabic.")
    for name, low in [("response_hours", 1), ("warn_hours", 0), ("escalation_step_hours", 1)]:
        cleaned[name], problem = _hours(data.get(name), low=low, high=HOURS_MAX)
        if problem:
            errors[name] = problem
    if (
        "warn_hours" not in errors
        and "response_hours" not in errors
        and cleaned["warn_hours"] >= cleaned["response_hours"]
    ):
        errors["warn_hours"] = _(WARN_BEFORE_DEADLINE) % {"hours": cleaned["response_hours"]}
    cleaned["answers_publishable"] = bool(data.get("answers_publishable"))
    cleaned["is_active"] = bool(data.get("is_active"))
    slug = str(data.get("slug") or "").strip().lower()
    others = Inbox.objects.filter(agency=agency).exclude(pk=inbox.pk if inbox else None)
    if slug:
        if slug != slugify(slug) or len(slug) > 80:
            errors["slug"] = _("Use only Latin letters, digits and hyphens (at most 80).")
        elif slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is used by another page; choose another.")
        elif others.filter(slug=slug).exists():
            errors["slug"] = _("Another inbox of the agency already uses this address.")
    else:
        base = (slugify(cleaned["name_en"]) or "inbox")[:70]
        if base in RESERVED_SLUGS:
            base = f"{base}-inbox"
        slug, n = base, 1
        while others.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
    cleaned["slug"] = slug
    return cleaned, errors


def _team_check(agency: Agency, members: Iterable[User]) -> tuple[list[int], dict]:
    ids = list(dict.fromkeys(m.pk for m in members))
    candidates = settings_selectors.team_candidates(agency=agency)
    allowed = set(candidates.users.values_list("pk", flat=True))
    outsiders = [m for m in members if m.pk not in allowed]
    if outsiders:
        return ids, {
            "team": _(
                "%(person)s cannot join the team: only the agency's responders and managers can."
            )
            % {"person": outsiders[0]}
        }
    return ids, {}


def _chain_check(agency: Agency, people: Sequence[User]) -> tuple[list[int], dict]:
    errors: dict[str, str] = {}
    staff = set(Membership.objects.filter(agency=agency).values_list("user_id", flat=True))
    seen: dict[int, int] = {}
    for i, person in enumerate(people):
        if person.pk not in staff or not person.is_active:
            errors[f"chain.{i}"] = _("%(person)s is not on this agency's staff.") % {
                "person": person
            }
        elif person.pk in seen:
            errors[f"chain.{i}"] = _("%(person)s is already level %(level)d.") % {
                "person": person,
                "level": seen[person.pk] + 1,
            }
        else:
            seen[person.pk] = i
    if len(people) > CHAIN_MAX:
        errors["chain"] = _("The chain can have at most %(n)d levels.") % {"n": CHAIN_MAX}
    return [p.pk for p in people], errors


@dataclass(frozen=True)
class RuleSpec:
    """One routing rule as staff set it: a kind (empty for any), keywords (comma-separated,
    any one matches) and who gets the matching requests."""

    kind: str
    keywords: str
    assign_to: User


def _keywords(text: str) -> str:
    """Comma-separated keywords, tidy: Arabic commas accepted, blanks and repeats dropped."""
    words = [w.strip() for w in (text or "").translate(_SEPARATORS).split(",")]
    return ", ".join(dict.fromkeys(w for w in words if w))


def _rules_check(rules_: Sequence[RuleSpec], team: set[int]) -> tuple[list[RuleSpec], dict]:
    errors: dict[str, str] = {}
    cleaned: list[RuleSpec] = []
    for i, rule in enumerate(rules_):
        keywords, problem = _text(_keywords(rule.keywords), limit=KEYWORDS_MAX)
        if problem:
            errors[f"rules.{i}.keywords"] = problem
        if rule.kind and rule.kind not in Kind.values:
            errors[f"rules.{i}.kind"] = _("Choose a kind from the list.")
        if rule.assign_to.pk not in team:
            errors[f"rules.{i}.assign_to"] = _(
                "%(person)s is not on this inbox's team: add them to the team or choose a "
                "team member."
            ) % {"person": rule.assign_to}
        if not rule.kind and not keywords and i < len(rules_) - 1:
            errors[f"rules.{i}.keywords"] = _(
                "This rule matches every request, so the rules after it would never be used. "
                "Give it a kind or keywords, or make it the last rule."
            )
        cleaned.append(replace(rule, keywords=keywords))
    if len(rules_) > RULES_MAX:
        errors["rules"] = _("An inbox can have at most %(n)d routing rules.") % {"n": RULES_MAX}
    return cleaned, errors


def _inbox_write(actor: User, agency: Agency, inbox: Inbox | None, cleaned: dict) -> Inbox:
    if inbox is None:
        inbox = Inbox.objects.create(agency=agency, **cleaned)
        audit_record(
            actor=actor,
            verb="contact.inbox_create",
            target=inbox,
            changes={f: cleaned[f] for f in INBOX_FIELDS if f not in ("purpose_ar", "purpose_en")},
        )
        return inbox
    before = {f: getattr(inbox, f) for f in INBOX_FIELDS}
    for name, value in cleaned.items():
        setattr(inbox, name, value)
    inbox.save()
    changes = field_changes(inbox, before, INBOX_FIELDS)
    if changes:
        audit_record(actor=actor, verb="contact.inbox_update", target=inbox, changes=changes)
    return inbox


def _team_write(actor: User, inbox: Inbox, ids: list[int]) -> None:
    before = set(settings_selectors.team_ids(inbox=inbox))
    if before == set(ids):
        return
    inbox.team.set(ids)
    # A rule must not keep sending requests to someone who can no longer read them.
    orphaned = inbox.routing_rules.exclude(assign_to__in=ids)
    removed_rules = orphaned.count()
    orphaned.delete()
    changes: dict = {"team": [sorted(before), sorted(ids)]}
    if removed_rules:
        changes["routing_rules_removed"] = removed_rules
    audit_record(actor=actor, verb="contact.inbox_team", target=inbox, changes=changes)


def _chain_write(actor: User, inbox: Inbox, ids: list[int]) -> None:
    before = settings_selectors.chain_people(inbox=inbox)
    if before == ids:
        return
    inbox.escalation_levels.all().delete()
    EscalationLevel.objects.bulk_create(
        EscalationLevel(inbox=inbox, level=level, person_id=pk)
        for level, pk in enumerate(ids, start=1)
    )
    audit_record(
        actor=actor, verb="contact.inbox_chain", target=inbox, changes={"chain": [before, ids]}
    )


def _rule_row(kind: str, keywords: str, assign_to: int) -> list:
    return [kind, keywords, assign_to]


def _rules_write(actor: User, inbox: Inbox, cleaned: list[RuleSpec]) -> None:
    before = [
        _rule_row(r["kind"], r["keywords"], r["assign_to_id"])
        for r in settings_selectors.routing_rules(inbox=inbox)
    ]
    after = [_rule_row(r.kind, r.keywords, r.assign_to.pk) for r in cleaned]
    if before == after:
        return
    inbox.routing_rules.all().delete()
    RoutingRule.objects.bulk_create(
        RoutingRule(
            inbox=inbox, position=position, kind=r.kind, keywords=r.keywords, assign_to=r.assign_to
        )
        for position, r in enumerate(cleaned, start=1)
    )
    audit_record(
        actor=actor,
        verb="contact.inbox_routing",
        target=inbox,
        changes={"rules": [before, after]},
    )


def _own(inbox: Inbox | None, agency: Agency) -> None:
    if inbox is not None and inbox.agency_id != agency.pk:
        raise PermissionDenied(_("Your role in this agency does not allow this."))


@transaction.atomic
def inbox_save(*, actor: User, agency: Agency, data: dict, inbox: Inbox | None = None) -> Inbox:
    """Create an inbox (``inbox=None``) or change its names, address and service level.
    Changes apply to requests received from then on; deadlines already set stay."""
    _require(actor, "agency.edit", agency)
    _own(inbox, agency)
    cleaned, errors = _inbox_clean(data, agency, inbox)
    if errors:
        raise ValidationError(errors)
    return _inbox_write(actor, agency, inbox, cleaned)


@transaction.atomic
def inbox_team_set(*, actor: User, inbox: Inbox, members: Iterable[User]) -> None:
    """Who works the inbox: only responders on its team (and the agency's managers) read its
    requests. Routing rules that sent requests to someone leaving the team are removed."""
    _require(actor, "agency.edit", inbox.agency)
    members = list(members)
    ids, errors = _team_check(inbox.agency, members)
    if errors:
        raise ValidationError(errors)
    _team_write(actor, inbox, ids)


@transaction.atomic
def escalation_chain_set(*, actor: User, inbox: Inbox, people: Sequence[User]) -> None:
    """Who is told, level after level, as a request's delay grows: staff of this agency, each
    once."""
    _require(actor, "agency.edit", inbox.agency)
    ids, errors = _chain_check(inbox.agency, list(people))
    if errors:
        raise ValidationError(errors)
    _chain_write(actor, inbox, ids)


@transaction.atomic
def routing_rules_set(*, actor: User, inbox: Inbox, rules: Sequence[RuleSpec]) -> None:
    """Replace the inbox's routing rules; their order is the order given (first match wins).
    Each sends requests to a member of the inbox's team."""
    _require(actor, "agency.edit", inbox.agency)
    team = set(settings_selectors.team_ids(inbox=inbox))
    cleaned, errors = _rules_check(list(rules), team)
    if errors:
        raise ValidationError(errors)
    _rules_write(actor, inbox, cleaned)


@transaction.atomic
def inbox_configure(
    *,
    actor: User,
    agency: Agency,
    data: dict,
    team: Iterable[User],
    chain: Sequence[User],
    rules: Sequence[RuleSpec],
    inbox: Inbox | None = None,
) -> Inbox:
    """The whole inbox page at once: fields, team, chain and rules are checked together (rules
    against the new team), every problem is reported in one ``ValidationError``, and nothing is
    written unless all of it is valid."""
    _require(actor, "agency.edit", agency)
    _own(inbox, agency)
    team = list(team)
    cleaned, errors = _inbox_clean(data, agency, inbox)
    team_ids, team_errors = _team_check(agency, team)
    chain_ids, chain_errors = _chain_check(agency, list(chain))
    rules_cleaned, rules_errors = _rules_check(list(rules), set(team_ids))
    errors |= team_errors | chain_errors | rules_errors
    if errors:
        raise ValidationError(errors)
    inbox = _inbox_write(actor, agency, inbox, cleaned)
    _team_write(actor, inbox, team_ids)
    _chain_write(actor, inbox, chain_ids)
    _rules_write(actor, inbox, rules_cleaned)
    return inbox


# --- The working calendar ----------------------------------------------------------------------


@transaction.atomic
def calendar_save(
    *,
    actor: User,
    agency: Agency,
    working_days: Iterable[int],
    day_starts: time,
    day_ends: time,
    national_holidays: bool,
) -> WorkCalendar:
    """The agency's working week and hours, and whether Saudi public holidays are days off.
    Deadlines already set stay; requests received from then on count in the new hours."""
    _require(actor, "agency.edit", agency)
    days = sorted({int(d) for d in working_days})
    errors: dict[str, str] = {}
    if not days:
        errors["working_days"] = _("Choose at least one working day.")
    elif any(d not in range(7) for d in days):
        errors["working_days"] = _("Choose days from the list.")
    if day_ends <= day_starts:
        errors["day_ends"] = _("The working day must end after it starts.")
    if errors:
        raise ValidationError(errors)
    calendar, created = WorkCalendar.objects.get_or_create(agency=agency)
    fields = ["working_days", "day_starts", "day_ends", "national_holidays"]
    before = {f: getattr(calendar, f) for f in fields}
    if created:
        before = {f: None for f in fields}
    calendar.working_days = days
    calendar.day_starts, calendar.day_ends = day_starts, day_ends
    calendar.national_holidays = bool(national_holidays)
    calendar.save()
    calendar.refresh_from_db()
    changes = field_changes(calendar, before, fields)
    if changes:
        audit_record(actor=actor, verb="contact.calendar_update", target=calendar, changes=changes)
    return calendar


@transaction.atomic
def calendar_day_add(
    *, actor: User, agency: Agency, date: date, name: str, working: bool
) -> CalendarDay:
    """An agency's own closure, or a working day despite a weekend or holiday. A date already
    listed is changed rather than added twice."""
    _require(actor, "agency.edit", agency)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if date < today - timedelta(days=CALENDAR_DAYS_BACK):
        errors["date"] = _("Choose a date no more than %(n)d days ago.") % {"n": CALENDAR_DAYS_BACK}
    elif date > today + timedelta(days=366 * CALENDAR_YEARS_AHEAD):
        errors["date"] = _("Choose a date within the next %(n)d years.") % {
            "n": CALENDAR_YEARS_AHEAD
        }
    else:
        usual = selectors.working_time(agency=agency)
        usual = replace(usual, closed=usual.closed - {date}, opened=usual.opened - {date})
        if working and usual.is_working_day(date):
            errors["working"] = _("This is already a working day; nothing to change.")
        elif not working and not usual.is_working_day(date):
            errors["working"] = _("The agency is already closed that day; nothing to change.")
    name, problem = _text(name, limit=200)
    if problem:
        errors["name"] = problem
    elif not name:
        errors["name"] = _("Say what the day is (for example: a closure for maintenance).")
    if errors:
        raise ValidationError(errors)
    day = CalendarDay.objects.filter(agency=agency, date=date).first()
    if day is None:
        day = CalendarDay.objects.create(agency=agency, date=date, name=name, working=working)
        audit_record(
            actor=actor,
            verb="contact.calendar_day_add",
            target=day,
            changes={"date": date, "name": name, "working": working},
        )
        return day
    before = {"name": day.name, "working": day.working}
    day.name, day.working = name, working
    day.save()
    changes = field_changes(day, before, ["name", "working"])
    if changes:
        audit_record(actor=actor, verb="contact.calendar_day_update", target=day, changes=changes)
    return day


@transaction.atomic
def calendar_day_remove(*, actor: User, day: CalendarDay) -> None:
    _require(actor, "agency.edit", day.agency)
    audit_record(
        actor=actor,
        verb="contact.calendar_day_remove",
        target=day,
        changes={"date": day.date, "name": day.name, "working": day.working},
    )
    day.delete()


# --- Saved replies -----------------------------------------------------------------------------

TEMPLATE_FIELDS = ["title_ar", "title_en", "body_ar", "body_en"]


@transaction.atomic
def reply_template_save(
    *, actor: User, agency: Agency, data: dict, template: ReplyTemplate | None = None
) -> ReplyTemplate:
    """A reply the agency's responders start from, in Arabic and optionally English."""
    _require(actor, "requests.respond", agency)
    if template is not None and template.agency_id != agency.pk:
        raise PermissionDenied(_("Your role in this agency does not allow this."))
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for name, limit, multiline in [
        ("title_ar", TITLE_MAX, False),
        ("title_en", TITLE_MAX, False),
        ("body_ar", BODY_MAX, True),
        ("body_en", BODY_MAX, True),
    ]:
        cleaned[name], problem = _text(data.get(name), limit=limit, multiline=multiline)
        if problem:
            errors[name] = problem
    if not cleaned["title_ar"] and "title_ar" not in errors:
        errors["title_ar"] = _("Write the title in Arabic.")
    if not cleaned["body_ar"] and "body_ar" not in errors:
        errors["body_ar"] = _("Write the reply in Arabic.")
    if errors:
        raise ValidationError(errors)
    if template is None:
        template = ReplyTemplate.objects.create(agency=agency, **cleaned)
        audit_record(
            actor=actor,
            verb="contact.template_create",
            target=template,
            changes={"title_ar": cleaned["title_ar"], "title_en": cleaned["title_en"]},
        )
        return template
    before = {f: getattr(template, f) for f in TEMPLATE_FIELDS}
    for name, value in cleaned.items():
        setattr(template, name, value)
    template.save()
    changes = field_changes(template, before, TEMPLATE_FIELDS)
    if changes:
        audit_record(actor=actor, verb="contact.template_update", target=template, changes=changes)
    return template


@transaction.atomic
def reply_template_remove(*, actor: User, template: ReplyTemplate) -> None:
    _require(actor, "requests.respond", template.agency)
    audit_record(
        actor=actor,
        verb="contact.template_remove",
        target=template,
        changes={"title_ar": template.title_ar},
    )
    template.delete()
