"""Reads of contributions: threads for public pages, settings and rules for the pipeline."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from musharaka.core.models import Agency, User
from musharaka.participation.models import (
    AbuseTerm,
    Contribution,
    ModerationSettings,
    ParticipationRules,
    Space,
    Status,
    Suspension,
)

# The author's own pending texts have no publication time yet: they sort by when they were sent,
# so the author finds a new one where a published one would be (first among the newest).
_SHOWN_AT = Coalesce("published_at", "created_at")
THREAD_ORDERS = {
    "newest": (_SHOWN_AT.desc(), "-id"),
    "oldest": (_SHOWN_AT.asc(), "id"),
    "endorsed": ("-endorsement_count", _SHOWN_AT.desc(), "-id"),
}


@dataclass(frozen=True)
class PipelineContext:
    """What every submission in an agency needs: read once, then served from the cache until
    a moderator changes settings, rules or the word list (``pipeline_context_forget``)."""

    settings: ModerationSettings
    rules_id: int | None
    terms: frozenset[str]
    suspended_until: dict[int, datetime]  # user id → end of their current suspension


# Bump when PipelineContext changes shape, so a deploy never reads an old cached one.
_CONTEXT_VERSION = 2


def _context_key(agency_id: int) -> str:
    return f"participation:context:v{_CONTEXT_VERSION}:{agency_id}"


def pipeline_context(*, agency: Agency) -> PipelineContext:
    context = cache.get(_context_key(agency.pk))
    if context is None:
        rules = current_rules(agency=agency)
        context = PipelineContext(
            settings=moderation_settings(agency=agency),
            rules_id=rules.pk if rules else None,
            terms=frozenset(abuse_terms(agency=agency)),
            suspended_until=dict(
                Suspension.objects.filter(agency=agency, until__gt=timezone.now())
                .order_by("until")
                .values_list("user_id", "until")
            ),
        )
        cache.set(_context_key(agency.pk), context, timeout=300)
    return context


def pipeline_context_forget(*, agency: Agency) -> None:
    """Call after changing an agency's moderation settings, rules or word list: forgets now,
    and again when the transaction commits (a request in between may have cached the old)."""
    key = _context_key(agency.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def moderation_settings(*, agency: Agency) -> ModerationSettings:
    """The agency's settings, or the defaults (unsaved) until it changes them."""
    found = ModerationSettings.objects.filter(agency=agency).first()
    return found or ModerationSettings(agency=agency)


def current_rules(*, agency: Agency) -> ParticipationRules | None:
    return ParticipationRules.objects.filter(agency=agency).order_by("-version").first()


def abuse_terms(*, agency: Agency) -> list[str]:
    return list(AbuseTerm.objects.filter(agency=agency).values_list("term", flat=True))


def active_suspension(*, user: User, agency: Agency) -> Suspension | None:
    return (
        Suspension.objects.filter(user=user, agency=agency, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


@dataclass(frozen=True)
class RecentContribution:
    space_id: int
    similarity_key: str
    created_at: datetime
    status: str


def recent_by_author(*, author: User, agency: Agency, limit: int = 50) -> list[RecentContribution]:
    """The author's latest contributions in the agency, in one query: enough to find a repeat
    in the same space and to measure how fast they are posting."""
    rows = (
        Contribution.objects.filter(author=author, agency=agency)
        .order_by("-created_at")
        .values_list("space_id", "similarity_key", "created_at", "status")[:limit]
    )
    return [RecentContribution(*row) for row in rows]


def space_for(*, owner) -> Space | None:
    return Space.objects.filter(owner_type=owner._meta.label_lower, owner_id=str(owner.pk)).first()


def _visible(viewer: User | None) -> QuerySet[Contribution]:
    """Published contributions, plus the viewer's own ones still waiting (so they see them).
    A withdrawn one stays while it has replies, shown as withdrawn, so the replies keep their
    place in the thread.

    Written as one status list minus exceptions, with no OR: an OR of the three cases makes
    SQLite (and PostgreSQL's planner often) read every published text through the status index
    and filter afterwards, instead of going through ``parent`` or the thread's ids."""
    answered = Contribution.objects.filter(
        parent=OuterRef("pk"), status__in=[Status.PUBLISHED, Status.WITHDRAWN]
    )
    statuses = [Status.PUBLISHED, Status.WITHDRAWN]
    signed_in = viewer is not None and viewer.is_authenticated
    if signed_in:
        statuses.append(Status.PENDING)
    shown = Contribution.objects.filter(status__in=statuses).exclude(
        Q(status=Status.WITHDRAWN) & ~Exists(answered)
    )
    if signed_in:
        shown = shown.exclude(Q(status=Status.PENDING) & ~Q(author=viewer))
    return shown


def thread(
    *,
    space: Space,
    target=None,
    viewer: User | None = None,
    order: str = "newest",
    where: Q | None = None,
) -> QuerySet[Contribution]:
    """Top-level contributions of a thread with their replies (three levels) prefetched,
    so a page costs the same number of queries whatever its size."""
    ordering = THREAD_ORDERS.get(order, THREAD_ORDERS["newest"])
    visible = _visible(viewer).select_related("author").order_by(*THREAD_ORDERS["oldest"])
    replies = Prefetch("replies", queryset=visible, to_attr="visible_replies")
    nested = [
        replies,
        Prefetch("visible_replies__replies", queryset=visible, to_attr="visible_replies"),
        Prefetch(
            "visible_replies__visible_replies__replies", queryset=visible, to_attr="visible_replies"
        ),
    ]
    roots = _visible(viewer).filter(space=space, parent=None)
    if target is not None:
        roots = roots.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    if where is not None:  # a channel's own narrowing of the top-level texts (a stance, say)
        roots = roots.filter(where)
    return roots.select_related("author").prefetch_related(*nested).order_by(*ordering)


def contributions_by(*, user: User) -> QuerySet[Contribution]:
    """A participant's own contributions with where each stands, newest first."""
    return (
        Contribution.objects.filter(author=user)
        .select_related("space", "agency")
        .order_by("-created_at")
    )


# --- Moderation (staff workspace) and transparency ------------------------------------------

QUEUE_AGES = {"1h": 1, "1d": 24, "3d": 72, "7d": 168}


def moderation_queue(
    *,
    agency: Agency,
    viewer: User,
    channel: str = "",
    space: Space | None = None,
    reason: str = "",
    older_than_hours: int | None = None,
) -> QuerySet[Contribution]:
    """The agency's waiting contributions, oldest first, with everything the queue shows
    (author, space, appeal, reports, history) fetched in a fixed number of queries. An appeal
    is not shown to the moderator whose decision it contests: another must decide it."""
    from musharaka.participation.models import Appeal, AppealStatus, Decision, Flag

    items = Contribution.objects.filter(agency=agency, needs_review=True).exclude(
        pk__in=Appeal.objects.filter(
            contribution__agency=agency,
            status=AppealStatus.PENDING,
            appealed_decision__actor=viewer,
        ).values("contribution_id")
    )
    if channel:
        items = items.filter(space__channel=channel)
    if space is not None:
        items = items.filter(space=space)
    if reason:
        # JSON text match: works on SQLite and PostgreSQL alike (``contains`` is PostgreSQL-only).
        items = items.filter(queue_reasons__icontains=f'"{reason}"')
    if older_than_hours:
        items = items.filter(queued_at__lte=timezone.now() - timedelta(hours=older_than_hours))
    return (
        items.select_related("author", "space", "appeal", "appeal__appealed_decision__actor")
        .prefetch_related(
            Prefetch("flags", queryset=Flag.objects.select_related("user").order_by("created_at")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("actor").order_by("created_at", "id"),
            ),
        )
        .order_by("queued_at", "id")
    )


def queue_summary(*, agency: Agency) -> dict:
    """How many items wait in the agency's queue and since when the oldest has (one query)."""
    from django.db.models import Count, Min

    return Contribution.objects.filter(agency=agency, needs_review=True).aggregate(
        count=Count("id"), oldest=Min("queued_at")
    )


def queue_count(*, agency: Agency) -> int:
    """The number on the workspace's moderation badge."""
    return Contribution.objects.filter(agency=agency, needs_review=True).count()


def queue_channels(*, agency: Agency) -> list[str]:
    channels = Space.objects.filter(agency=agency).order_by("channel")
    return list(channels.values_list("channel", flat=True).distinct())


def agency_spaces(*, agency: Agency) -> QuerySet[Space]:
    return Space.objects.filter(agency=agency).order_by("channel", "title_ar", "id")


def agency_contribution(*, agency: Agency, pk: int) -> Contribution:
    """One contribution of this agency for the moderation pages, or 404 for any other."""
    from django.http import Http404

    found = (
        Contribution.objects.filter(agency=agency, pk=pk)
        .select_related("author", "space", "parent", "rules")
        .first()
    )
    if found is None:
        raise Http404
    return found


def contribution_history(*, contribution: Contribution) -> QuerySet:
    from musharaka.participation.models import Decision

    return (
        Decision.objects.filter(contribution=contribution)
        .select_related("actor")
        .order_by("created_at", "id")
    )


def contribution_flags(*, contribution: Contribution) -> QuerySet:
    from musharaka.participation.models import Flag

    flags = Flag.objects.filter(contribution=contribution).select_related("user")
    return flags.order_by("created_at")


def contribution_appeal(*, contribution: Contribution):
    from musharaka.participation.models import Appeal

    return (
        Appeal.objects.filter(contribution=contribution)
        .select_related("appealed_decision__actor", "decided_by")
        .first()
    )


def author_record(*, agency: Agency, user: User) -> dict:
    """What a moderator should know about an author in this agency: how many of their
    contributions were published, hidden or rejected (one query)."""
    from django.db.models import Count, Q

    return Contribution.objects.filter(agency=agency, author=user).aggregate(
        total=Count("id"),
        hidden=Count("id", filter=Q(status=Status.HIDDEN)),
        rejected=Count("id", filter=Q(status=Status.REJECTED)),
    )


def agency_suspensions(*, agency: Agency) -> QuerySet[Suspension]:
    """The agency's suspensions, those still running first."""
    return (
        Suspension.objects.filter(agency=agency)
        .select_related("user", "created_by")
        .order_by("-until", "-id")
    )


def agency_suspension(*, agency: Agency, pk: int) -> Suspension:
    from django.http import Http404

    found = Suspension.objects.filter(agency=agency, pk=pk).select_related("user", "agency").first()
    if found is None:
        raise Http404
    return found


def agency_abuse_terms(*, agency: Agency) -> QuerySet[AbuseTerm]:
    return AbuseTerm.objects.filter(agency=agency).order_by("term")


def agency_abuse_term(*, agency: Agency, pk: int) -> AbuseTerm:
    from django.http import Http404

    found = AbuseTerm.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found


def rules_versions(*, agency: Agency) -> QuerySet[ParticipationRules]:
    return (
        ParticipationRules.objects.filter(agency=agency)
        .select_related("published_by")
        .order_by("-version")
    )


def transparency_report(*, agency: Agency, months: int = 12) -> list[dict]:
    """Per month, newest first: contributions received and published, and the moderators'
    hide and reject decisions by reason code. Three aggregate queries, whatever the volume."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from musharaka.participation.models import Action, Decision

    now = timezone.localtime()
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for _step in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    rows: dict = {}

    def row(month) -> dict:
        key = timezone.localtime(month).date() if hasattr(month, "hour") else month
        return rows.setdefault(
            key,
            {
                "month": key,
                "received": 0,
                "published": 0,
                "hidden": 0,
                "rejected": 0,
                "restored": 0,
                "hidden_by": {},
                "rejected_by": {},
            },
        )

    contributions = Contribution.objects.filter(agency=agency)
    for entry in (
        contributions.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row(entry["month"])["received"] = entry["n"]
    for entry in (
        contributions.filter(published_at__gte=start)
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row(entry["month"])["published"] = entry["n"]
    counted = {Action.HIDE: "hidden", Action.REJECT: "rejected"}
    restored = (Action.RESTORE, Action.APPEAL_GRANTED)
    for entry in (
        Decision.objects.filter(
            contribution__agency=agency,
            created_at__gte=start,
            action__in=[*counted, *restored],
        )
        .annotate(month=TruncMonth("created_at"))
        .values("month", "action", "reason")
        .annotate(n=Count("id"))
        .order_by()
    ):
        month = row(entry["month"])
        if entry["action"] in restored:
            month["restored"] += entry["n"]
            continue
        column = counted[entry["action"]]
        month[column] += entry["n"]
        by = month[f"{column}_by"]
        by[entry["reason"]] = by.get(entry["reason"], 0) + entry["n"]
    return [rows[key] for key in sorted(rows, reverse=True)]


# --- Comments component: one page of a thread, and the participant's own list ---------------


@dataclass
class ThreadPage:
    """One page of a thread with what the page shows beside each text, read in a fixed number
    of queries: who among the authors is a confirmed agency representative, and which texts the
    viewer has already endorsed or reported."""

    page: Page
    contributions: list[Contribution] = field(default_factory=list)
    representing: dict[int, Agency] = field(default_factory=dict)
    endorsed: set[int] = field(default_factory=set)
    flagged: set[int] = field(default_factory=set)


def _walk(roots: list[Contribution]) -> list[Contribution]:
    found, stack = [], list(reversed(roots))
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(reversed(getattr(item, "visible_replies", [])))
    return found


def thread_page(
    *,
    space: Space,
    target=None,
    viewer: User | None = None,
    order: str = "newest",
    number: str | int | None = 1,
    per_page: int = 20,
    where: Q | None = None,
) -> ThreadPage:
    from musharaka.core.models import Representation, RepresentationStatus
    from musharaka.participation.models import Endorsement, Flag

    page = Paginator(
        thread(space=space, target=target, viewer=viewer, order=order, where=where), per_page
    ).get_page(number)
    page.object_list = list(page.object_list)
    shown = _walk(page.object_list)
    result = ThreadPage(page=page, contributions=shown)
    if not shown:
        return result
    ids = [c.pk for c in shown]
    for rep in (
        Representation.objects.filter(
            user_id__in={c.author_id for c in shown},
            status=RepresentationStatus.CONFIRMED,
            agency__isnull=False,
        )
        .select_related("agency")
        .order_by("-decided_at", "-id")
    ):
        result.representing.setdefault(rep.user_id, rep.agency)
    if viewer is not None and viewer.is_authenticated:
        result.endorsed = set(
            Endorsement.objects.filter(user=viewer, contribution_id__in=ids).values_list(
                "contribution_id", flat=True
            )
        )
        result.flagged = set(
            Flag.objects.filter(user=viewer, contribution_id__in=ids).values_list(
                "contribution_id", flat=True
            )
        )
    return result


def rules_accepted(*, user: User, rules: ParticipationRules) -> bool:
    """Whether the user already accepted this version of the rules with an earlier text."""
    return Contribution.objects.filter(author=user, rules=rules).exists()


def rules_accepted_on_form(
    *, agency: Agency, ticked: bool, version_id: int | None
) -> ParticipationRules | None:
    """The rules version a form accepted: the current one, only when its box was ticked for
    that very version (a form shown before a new version was published accepts nothing)."""
    rules = current_rules(agency=agency)
    if rules is not None and ticked and version_id == rules.pk:
        return rules
    return None


def commentable_space(*, pk: int) -> Space:
    """The space a comment is posted to, or 404."""
    from django.http import Http404

    found = Space.objects.filter(pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found


def contribution_for_reader(*, pk: int) -> Contribution:
    """A contribution a reader acts on (endorse, report, edit, withdraw), or 404. The services
    decide whether the action is allowed; this only fetches what they need."""
    from django.http import Http404

    found = Contribution.objects.filter(pk=pk).select_related("space__agency", "agency").first()
    if found is None:
        raise Http404
    return found


def contributions_with_history(*, user: User) -> QuerySet[Contribution]:
    """The participant's own contributions, newest first, each with its moderation history
    (``history``, oldest first) for the "my contributions" page."""
    from musharaka.participation.models import Decision

    # The consultation side (answer of the drafting team) comes in the same query.
    return (
        contributions_by(user=user)
        .select_related("consultation_comment")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.order_by("created_at", "id"),
                to_attr="history",
            )
        )
    )


def own_contribution(*, user: User, pk: int) -> Contribution:
    """One of the user's own contributions, or 404: others' contributions do not exist here."""
    from django.http import Http404

    found = (
        Contribution.objects.filter(author=user, pk=pk).select_related("space", "agency").first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise Http404
    return found


def decision_to_appeal(*, contribution: Contribution):
    """The moderator's hide or reject decision behind the contribution's current status."""
    from musharaka.participation.models import Action, Decision

    return (
        Decision.objects.filter(
            contribution=contribution,
            action__in=[Action.HIDE, Action.REJECT],
            to_status=contribution.status,
        )
        .order_by("-created_at", "-id")
        .first()
    )
