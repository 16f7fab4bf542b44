"""Reads of consultations for the public pages, the workspace and the periodic task.

Several parts append here, each in its own section; sections do not depend on one another's
private helpers.
"""

import uuid

# --- Lifecycle, public pages and comment counts (services.py, comments.py, views.py) --------
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from musharaka.consultations.models import (
    Answer,
    Attachment,
    Audience,
    Comment,
    Consultation,
    ConsultationPolicy,
    Node,
    NodeKind,
    Phase,
    Stance,
    TimelineEntry,
    Version,
)
from musharaka.core.models import Agency, ParticipantType
from musharaka.core.open_now import OpenItem
from musharaka.participation.models import Contribution, Status

PUBLIC_PHASES = [p for p in Phase.values if p != Phase.DRAFT]
ENDED_PHASES = [Phase.CLOSED, Phase.UNDER_REVIEW, Phase.OUTCOME_PUBLISHED, Phase.ARCHIVED]
RECENTLY_CLOSED_DAYS = 90


def consultation_policy(*, agency: Agency) -> ConsultationPolicy:
    """The agency's saved periods, or the defaults (unsaved: 30 days, at least 15, outcome due
    12 weeks after closing) until a manager changes them."""
    found = ConsultationPolicy.objects.filter(agency=agency).first()
    return found or ConsultationPolicy(agency=agency)


def slug_taken(*, agency: Agency, slug: str, exclude_pk: int | None = None) -> bool:
    found = Consultation.objects.filter(agency=agency, slug=slug)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.exists()


def published_version(*, consultation: Consultation) -> Version | None:
    """The version readers see: the current one if published, else the latest published."""
    current = consultation.current_version
    if current is not None and current.published_at is not None:
        return current
    return (
        Version.objects.filter(consultation=consultation, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def due_to_open(*, now: datetime) -> list[int]:
    return list(
        Consultation.objects.filter(phase=Phase.SCHEDULED, opens_at__lte=now).values_list(
            "pk", flat=True
        )
    )


def due_to_close(*, now: datetime) -> list[int]:
    return list(
        Consultation.objects.filter(phase=Phase.OPEN, closes_at__lte=now).values_list(
            "pk", flat=True
        )
    )


# Public lists ------------------------------------------------------------------------------


def _public() -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        phase__in=PUBLIC_PHASES, agency__is_active=True
    ).select_related("agency")


@dataclass
class CalendarMonth:
    month: datetime
    consultations: list[Consultation] = field(default_factory=list)


def consultations_index(*, agency: Agency | None = None) -> dict:
    """The public overview: open now (closing soonest first), the forward calendar of
    scheduled ones grouped by month of opening, and those closed in the last 90 days."""
    found = _public()
    if agency is not None:
        found = found.filter(agency=agency)
    open_now = list(found.filter(phase=Phase.OPEN).order_by("closes_at", "id"))
    months: list[CalendarMonth] = []
    for c in found.filter(phase=Phase.SCHEDULED).order_by("opens_at", "id"):
        local = timezone.localtime(c.opens_at) if c.opens_at else timezone.localtime()
        start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        if not months or months[-1].month != start:
            months.append(CalendarMonth(month=start))
        months[-1].consultations.append(c)
    since = timezone.now() - timedelta(days=RECENTLY_CLOSED_DAYS)
    closed = found.filter(phase__in=ENDED_PHASES)
    if agency is None:
        closed = closed.filter(closed_at__gte=since)
    return {
        "open_now": open_now,
        "upcoming": months,
        "closed": list(closed.order_by("-closed_at", "-id")[:50]),
    }


def public_consultation(*, agency_slug: str, slug: str) -> Consultation:
    """A consultation the public may read (scheduled or later), or 404 (drafts are not)."""
    found = (
        _public()
        .filter(agency__slug=agency_slug, slug=slug)
        .select_related("current_version", "owner")
        .first()
    )
    if found is None:
        raise Http404
    return found


def public_attachment(*, consultation: Consultation, pk: int) -> Attachment:
    found = Attachment.objects.filter(consultation=consultation, pk=pk).first()
    if found is None:
        raise Http404
    return found


def timeline(*, consultation: Consultation) -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(consultation=consultation).order_by("at", "id"))


def attachments(*, consultation: Consultation) -> list[Attachment]:
    return list(Attachment.objects.filter(consultation=consultation).order_by("uploaded_at", "id"))


# The text and its comment counts -----------------------------------------------------------


def _shown_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Comments the public sees (published), for counts. The published ids come from the
    space's (space, status) index and the comments from their (consultation, article, stance,
    type, invited, contribution) index: two index-only reads, where a join on the status would
    read every contribution row."""
    published = Contribution.objects.filter(
        space__owner_type=Consultation._meta.label_lower,
        space__owner_id=str(consultation.pk),
        status=Status.PUBLISHED,
    ).values("pk")
    return Comment.objects.filter(consultation=consultation, contribution_id__in=published)


def text_tree(*, version: Version, counts: dict | None = None) -> list[Node]:
    """The version's nodes as a tree (``node.kids``) in document order, in one query; each
    article carries ``comment_count`` from ``counts`` (article key → number)."""
    counts = counts or {}
    nodes = list(Node.objects.filter(version=version).order_by("position", "id"))
    by_id = {n.pk: n for n in nodes}
    roots: list[Node] = []
    for n in nodes:
        n.kids = []
        n.comment_count = counts.get(n.key, 0)
        n.is_article = n.kind == NodeKind.ARTICLE
    for n in nodes:
        parent = by_id.get(n.parent_id)
        (parent.kids if parent is not None else roots).append(n)
    return roots


def article_counts(*, consultation: Consultation) -> dict:
    """Published comments per article key: one aggregate query whatever the number."""
    rows = (
        _shown_comments(consultation)
        .filter(article_key__isnull=False)
        .values("article_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["article_key"]: row["n"] for row in rows}


@dataclass(frozen=True)
class Counts:
    total: int
    by_type: list[tuple[str, int]]  # (label, count) for every participant type
    by_stance: list[tuple[str, str, int]]  # (value, label, count) for every stance
    invited: int | None  # only when the audience is "both"
    others: int | None


def comment_counts(*, consultation: Consultation, article_key=None) -> Counts:
    """Published comments by participant type (invited vs others apart when the audience is
    "both") and by stance: one aggregate query."""
    shown = _shown_comments(consultation)
    if article_key is not None:
        shown = shown.filter(article_key=article_key)
    return _counts_from(consultation, _tally(shown))


def public_counts(*, consultation: Consultation, article_key=None) -> tuple[dict, Counts]:
    """What a public page shows: published comments per article key, and the page's counts
    (of the article, or of the whole consultation when ``article_key`` is None). One aggregate
    query over the consultation's comments serves both."""
    rows = _tally(_shown_comments(consultation), by_article=True)
    per_article: dict = {}
    for row in rows:
        if row["article_key"] is not None:
            per_article[row["article_key"]] = per_article.get(row["article_key"], 0) + row["n"]
    if article_key is not None:
        rows = [row for row in rows if row["article_key"] == article_key]
    return per_article, _counts_from(consultation, rows)


def _tally(shown: QuerySet[Comment], by_article: bool = False) -> list[dict]:
    """Comment counts grouped by stance, participant type and invitation (and article): every
    column is in the ``comment_article_counts`` index, so the database never reads a row."""
    columns = ["stance", "participant_type", "invited"]
    if by_article:
        columns.insert(0, "article_key")
    return list(shown.values(*columns).annotate(n=Count("id")).order_by())


def _counts_from(consultation: Consultation, rows: list[dict]) -> Counts:
    types: dict[str, int] = {}
    stances: dict[str, int] = {}
    invited = others = 0
    for row in rows:
        types[row["participant_type"]] = types.get(row["participant_type"], 0) + row["n"]
        stances[row["stance"]] = stances.get(row["stance"], 0) + row["n"]
        if row["invited"]:
            invited += row["n"]
        else:
            others += row["n"]
    both = consultation.audience == Audience.BOTH
    return Counts(
        total=sum(types.values()),
        by_type=[(label, types.get(value, 0)) for value, label in ParticipantType.choices],
        by_stance=[(value, label, stances.get(value, 0)) for value, label in Stance.choices],
        invited=invited if both else None,
        others=others if both else None,
    )


def current_article(*, consultation: Consultation, key) -> Node:
    """An article (or chapter) of the version readers see, by its stable key; 404 otherwise."""
    version = published_version(consultation=consultation)
    found = Node.objects.filter(version=version, key=key).first() if version is not None else None
    if found is None:
        raise Http404
    return found


def comments_for(*, contribution_ids: Iterable[int]) -> dict[int, Comment]:
    """The consultation side (stance, amendment, answer) of the shown contributions, in one
    query: contribution id → comment."""
    ids = list(contribution_ids)
    if not ids:
        return {}
    return {c.contribution_id: c for c in Comment.objects.filter(contribution_id__in=ids)}


def open_consultations(agency: Agency | None) -> list[OpenItem]:
    """The ``open_now`` provider: consultations open for comments, closing soonest first."""
    found = Consultation.objects.filter(phase=Phase.OPEN, agency__is_active=True).select_related(
        "agency"
    )
    if agency is not None:
        found = found.filter(agency=agency)
    return [
        OpenItem(
            title=str(c.local("title")),
            url=reverse("consultations:detail", args=[c.agency.slug, c.slug]),
            kind=str(_("Consultation")),
            agency=c.agency,
            closes_at=c.closes_at,
        )
        for c in found.order_by("closes_at", "id")[:12]
    ]


# Workspace ---------------------------------------------------------------------------------


def workspace_consultations(*, agency: Agency) -> QuerySet[Consultation]:
    """Every consultation of the agency for its staff, with its published comment count."""
    return (
        Consultation.objects.filter(agency=agency)
        .select_related("owner")
        .annotate(
            comment_total=Count(
                "comments", filter=Q(comments__contribution__status=Status.PUBLISHED)
            )
        )
        .order_by("-updated_at", "-id")
    )


def workspace_consultation(*, agency: Agency, pk: int) -> Consultation:
    """One consultation of this agency, or 404: ids of other agencies must not resolve."""
    found = (
        Consultation.objects.filter(agency=agency, pk=pk)
        .select_related("agency", "owner", "current_version")
        .first()
    )
    if found is None:
        raise Http404
    return found


def workspace_attachment(*, consultation: Consultation, pk: int) -> Attachment:
    found = (
        Attachment.objects.filter(consultation=consultation, pk=pk)
        .select_related("consultation__agency")
        .first()
    )
    if found is None:
        raise Http404
    return found


def open_count(*, agency: Agency) -> int:
    return Consultation.objects.filter(agency=agency, phase=Phase.OPEN).count()


# --- end of the lifecycle section ------------------------------------------------------------


# --- Review table, outcome page and overdue outcomes (review & outcome) ---------------------


REVIEW_GENERAL = "general"  # the article filter's value for comments on the whole draft


def review_consultation(*, agency: Agency, pk: int) -> Consultation:
    """One of this agency's consultations for the review pages, or 404 (ids of other agencies'
    consultations must not resolve)."""
    found = (
        Consultation.objects.filter(agency=agency, pk=pk)
        .select_related("agency", "owner", "consulted_version", "current_version")
        .first()
    )
    if found is None:
        raise Http404
    return found


def review_version(*, consultation: Consultation) -> Version | None:
    """The version the comments were made on: the consulted one, else the current one, else
    the latest published one."""
    if consultation.consulted_version_id:
        return consultation.consulted_version
    if consultation.current_version_id:
        return consultation.current_version
    return (
        Version.objects.filter(consultation=consultation, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def review_articles(*, consultation: Consultation) -> list[Node]:
    """The articles of the consulted version in document order (for filters and the outcome)."""
    version = review_version(consultation=consultation)
    if version is None:
        return []
    return list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))


def review_comments(
    *,
    consultation: Consultation,
    article: str = "",
    stance: str = "",
    participant_type: str = "",
    agency: int | None = None,
    status: str = "",
    assigned: str = "",
) -> QuerySet[Comment]:
    """Every comment on the consultation, whatever its moderation status, for the drafting
    team's table; filters are already validated (the review filter form)."""
    comments = Comment.objects.filter(consultation=consultation)
    if article == REVIEW_GENERAL:
        comments = comments.filter(article_key__isnull=True)
    elif article:
        comments = comments.filter(article_key=article)
    if stance:
        comments = comments.filter(stance=stance)
    if participant_type:
        comments = comments.filter(participant_type=participant_type)
    if agency:
        comments = comments.filter(on_behalf_of_id=agency)
    if status == "answered":
        comments = comments.exclude(answer="")
    elif status == "unanswered":
        comments = comments.filter(answer="")
    elif status:
        comments = comments.filter(answer=status)
    if assigned == "none":
        comments = comments.filter(assigned_to__isnull=True)
    elif assigned:
        comments = comments.filter(assigned_to_id=assigned)
    return comments.select_related(
        "contribution__author", "contribution__space", "node", "on_behalf_of", "assigned_to"
    ).order_by("position", "pk")


def review_comments_by_ids(*, consultation: Consultation, ids: list[int]) -> list[Comment]:
    """The selected comments of this consultation (ids of any other one are ignored)."""
    return list(
        Comment.objects.filter(consultation=consultation, pk__in=ids)
        .select_related("consultation__agency", "consultation__owner")
        .order_by("pk")
    )


def review_agencies(*, consultation: Consultation) -> QuerySet[Agency]:
    """Agencies on whose behalf someone commented, for the agency filter."""
    ids = Comment.objects.filter(consultation=consultation, on_behalf_of__isnull=False).values(
        "on_behalf_of_id"
    )
    return Agency.objects.filter(pk__in=ids).order_by("name_ar")


def review_progress(*, consultation: Consultation) -> dict[str, int]:
    """How far the answering is, in one query: comments, published, answered, left. It reads
    indexes only: the comments from their (consultation, answer, contribution) index, and the
    few contributions of the space that are *not* published from its (space, status) index
    (a join on the status would read every contribution's row; a set of the published ones
    would hold every comment)."""
    in_space = Contribution.objects.filter(
        space__owner_type=Consultation._meta.label_lower, space__owner_id=str(consultation.pk)
    )
    unpublished = in_space.filter(status__in=[s for s in Status.values if s != Status.PUBLISHED])
    published = ~Q(contribution_id__in=unpublished.values("pk"))
    pending = Q(contribution_id__in=unpublished.filter(status=Status.PENDING).values("pk"))
    return Comment.objects.filter(consultation=consultation).aggregate(
        total=Count("pk"),
        published=Count("pk", filter=published),
        answered=Count("pk", filter=~Q(answer="")),
        unanswered=Count("pk", filter=published & Q(answer="")),
        pending=Count("pk", filter=pending),
    )


def overdue_outcomes(agency: Agency | None = None) -> QuerySet[Consultation]:
    """Consultations closed (or under review) whose outcome is past its due date."""
    found = Consultation.objects.filter(
        phase__in=[Phase.CLOSED, Phase.UNDER_REVIEW], outcome_due_at__lt=timezone.now()
    )
    if agency is not None:
        found = found.filter(agency=agency)
    return found.select_related("agency").order_by("outcome_due_at")


def public_outcome_consultation(*, agency_slug: str, slug: str) -> Consultation:
    """A consultation shown to the public (anything but a draft of an active agency), or 404."""
    found = (
        Consultation.objects.filter(agency__slug=agency_slug, agency__is_active=True, slug=slug)
        .exclude(phase=Phase.DRAFT)
        .select_related("agency", "consulted_version", "current_version")
        .first()
    )
    if found is None:
        raise Http404
    return found


def published_outcome_consultation(*, agency_slug: str, slug: str) -> Consultation:
    """A consultation whose outcome is published (its report is public), or 404."""
    found = public_outcome_consultation(agency_slug=agency_slug, slug=slug)
    if (
        found.phase not in (Phase.OUTCOME_PUBLISHED, Phase.ARCHIVED)
        or not found.outcome_published_at
    ):
        raise Http404
    return found


def article_children(*, node: Node) -> list[Node]:
    """The paragraphs (or articles of a chapter) under a node, in document order."""
    return list(Node.objects.filter(parent=node).order_by("position"))


def article_in_any_version(*, consultation: Consultation, key: str) -> Node | None:
    """The latest version's node with this stable key, even if that version is not the one
    readers see (a comment on an old article is refused by the service, with the reason)."""
    try:
        uuid.UUID(str(key))
    except ValueError:
        return None
    return (
        Node.objects.filter(version__consultation=consultation, key=key)
        .order_by("-version__number")
        .first()
    )


def _published_comments(consultation: Consultation) -> QuerySet[Comment]:
    return Comment.objects.filter(consultation=consultation, contribution__status=Status.PUBLISHED)


def outcome_statistics(*, consultation: Consultation) -> dict:
    """Published comments counted by stance, participant type, agency and decision: four
    aggregate queries, whatever the number of comments."""
    published = _published_comments(consultation).order_by()

    def counted(field: str) -> list[dict]:
        return list(published.values(field).annotate(n=Count("pk")).order_by("-n", field))

    stance_labels = dict(Stance.choices)
    type_labels = dict(ParticipantType.choices)
    answer_labels = dict(Answer.choices)
    by_agency = list(
        published.filter(on_behalf_of__isnull=False)
        .values("on_behalf_of_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "on_behalf_of_id")
    )
    agencies = Agency.objects.in_bulk([r["on_behalf_of_id"] for r in by_agency])
    for row in by_agency:
        row["agency"] = agencies.get(row["on_behalf_of_id"])
    by_stance = [
        {"label": stance_labels.get(r["stance"], r["stance"]), "n": r["n"]}
        for r in counted("stance")
    ]
    return {
        "total": sum(r["n"] for r in by_stance),
        "by_stance": by_stance,
        "by_participant_type": [
            {"label": type_labels.get(r["participant_type"], r["participant_type"]), "n": r["n"]}
            for r in counted("participant_type")
        ],
        "by_agency": by_agency,
        "by_answer": [
            {"label": answer_labels.get(r["answer"], r["answer"]), "n": r["n"]}
            for r in counted("answer")
            if r["answer"]
        ],
    }


@dataclass
class OutcomeArticle:
    """One article of the consulted draft on the outcome page."""

    key: str | None  # None: comments on the whole draft
    node: Node | None  # the article as consulted (or as added later)
    change: object | None  # diff.ArticleChange between the consulted and the final version
    count: int = 0
    answers: list[dict] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def outcome_articles(*, consultation: Consultation, per_article: int = 3) -> list[OutcomeArticle]:
    """Per article in document order: the change made, how many published comments it got,
    the decisions, and its first ``per_article`` comments with their answers. The whole draft's
    comments come first. A fixed number of queries, whatever the number of comments."""
    from musharaka.consultations.diff import version_diff

    consulted = review_version(consultation=consultation)
    final = consultation.current_version
    if consulted is None:
        return []
    if final is not None and final.pk != consulted.pk:
        rows = [
            OutcomeArticle(key=ch.key, node=ch.node, change=ch)
            for ch in version_diff(consulted, final)
        ]
    else:
        rows = [
            OutcomeArticle(key=str(n.key), node=n, change=None)
            for n in consulted.nodes.filter(kind=NodeKind.ARTICLE).order_by("position")
        ]
    general = OutcomeArticle(key=None, node=None, change=None)
    by_key: dict[str | None, OutcomeArticle] = {r.key: r for r in rows}
    by_key[None] = general
    answer_labels = dict(Answer.choices)
    published = _published_comments(consultation).order_by()
    for row in published.values("article_key", "answer").annotate(n=Count("pk")):
        key = str(row["article_key"]) if row["article_key"] else None
        target = by_key.get(key)
        if target is None:
            continue
        target.count += row["n"]
        if row["answer"]:
            target.answers.append({"label": answer_labels.get(row["answer"]), "n": row["n"]})
    first = (
        published.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("article_key")],
                order_by=[F("contribution__published_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=per_article)
        .select_related("contribution", "on_behalf_of")
        .order_by("contribution__published_at", "pk")
    )
    for comment in first:
        key = str(comment.article_key) if comment.article_key else None
        if key in by_key:
            by_key[key].comments.append(comment)
    for row in by_key.values():
        row.answers.sort(key=lambda a: -a["n"])
    return ([general] if general.count else []) + rows


def outcome_comments(*, consultation: Consultation, article: str) -> QuerySet[Comment]:
    """All published comments on one article (or ``general``: the whole draft), oldest first,
    with their answers: the outcome's page of one article's comments."""
    comments = _published_comments(consultation)
    if article == REVIEW_GENERAL:
        comments = comments.filter(article_key__isnull=True)
    else:
        comments = comments.filter(article_key=article)
    return comments.select_related("contribution", "on_behalf_of").order_by(
        "contribution__published_at", "pk"
    )


def version_text(*, version: Version | None) -> list[Node]:
    """Every node of a version in document order (the final text on the outcome page)."""
    if version is None:
        return []
    return list(version.nodes.order_by("position"))


# --- The text: versions, nodes, diffs (texts.py, text_views.py) ------------------------------


def text_versions(*, consultation: Consultation) -> list[Version]:
    """Every version, newest first, each with ``article_total`` (the workspace's version list)."""
    return list(
        Version.objects.filter(consultation=consultation)
        .annotate(article_total=Count("nodes", filter=Q(nodes__kind=NodeKind.ARTICLE)))
        .order_by("-number")
    )


def text_version(*, consultation: Consultation, number: int, published: bool = False) -> Version:
    """One version by its number, or 404; ``published=True`` for readers (drafts stay hidden)."""
    found = Version.objects.filter(consultation=consultation, number=number)
    if published:
        found = found.filter(published_at__isnull=False)
    version = found.select_related("consultation__agency").first()
    if version is None:
        raise Http404
    return version


def published_text_versions(*, consultation: Consultation) -> list[Version]:
    return list(
        Version.objects.filter(consultation=consultation, published_at__isnull=False)
        .annotate(article_total=Count("nodes", filter=Q(nodes__kind=NodeKind.ARTICLE)))
        .order_by("-number")
    )


def text_outline(*, version: Version) -> list[Node]:
    """The version's nodes in document order, each with ``depth`` (0 at the top) and
    ``first``/``last`` among its siblings (for the move buttons)."""
    nodes = list(version.nodes.order_by("position", "id"))
    depth: dict[int, int] = {}
    siblings: dict[int | None, list[Node]] = {}
    for node in nodes:
        node.depth = depth[node.pk] = depth.get(node.parent_id, -1) + 1 if node.parent_id else 0
        siblings.setdefault(node.parent_id, []).append(node)
    for group in siblings.values():
        for i, node in enumerate(group):
            node.first, node.last = i == 0, i == len(group) - 1
    return nodes


def articles_out_of_order(nodes: list[Node]) -> bool:
    """Whether the labels read out of order ("Article 4" before "Article 2"), as adding or
    moving articles leaves them until the staff number them again. Gaps are not disorder: an
    extract may consult on articles 12, 15 and 20 of a law."""
    numbers = [n.number or 0 for n in nodes if n.kind == NodeKind.ARTICLE]
    return any(earlier >= later for earlier, later in pairwise(numbers))


def text_node(*, consultation: Consultation, pk: int) -> Node:
    """A node of any version of this consultation, or 404."""
    found = (
        Node.objects.filter(version__consultation=consultation, pk=pk)
        .select_related("version__consultation__agency")
        .first()
    )
    if found is None:
        raise Http404
    return found


def earlier_articles(*, version: Version) -> list[Node]:
    """Articles of the previous versions, one per key (latest wording), that an article of
    ``version`` may be said to continue: the choices for "same article as"."""
    latest: dict = {}
    for node in (
        Node.objects.filter(
            version__consultation_id=version.consultation_id,
            version__number__lt=version.number,
            kind=NodeKind.ARTICLE,
        )
        .select_related("version")
        .order_by("version__number", "position")
    ):
        latest[node.key] = node
    return sorted(latest.values(), key=lambda n: (n.number or 0, n.version.number))


def thread_where(*, consultation: Consultation, article_key=None, stance: str = "") -> Q:
    """Which top-level texts a public thread of the consultation shows: those on the article
    (``article_key``), or on the whole draft (``None``), optionally of one stance. The article's
    ids come from the comments' (consultation, article_key, stance) index, so the database
    reads only that article's texts instead of the whole space's and joining each one."""
    if article_key is None:
        where = Q(target_type="", target_id="")  # matches the (space, target…) index
        if stance:
            where &= Q(
                pk__in=Comment.objects.filter(consultation=consultation, stance=stance).values(
                    "contribution_id"
                )
            )
        return where
    comments = Comment.objects.filter(consultation=consultation, article_key=article_key)
    if stance:
        comments = comments.filter(stance=stance)
    return Q(pk__in=comments.values("contribution_id"))


def review_comments_in_order(*, consultation: Consultation, ids: list[int]) -> list[Comment]:
    """The review table's page: these comments of the consultation, in the order of ``ids``
    (already sorted by ``review_comments``), with what the table shows beside each."""
    found = Comment.objects.filter(consultation=consultation, pk__in=ids).select_related(
        "contribution__author", "contribution__space", "node", "on_behalf_of", "assigned_to"
    )
    by_pk = {c.pk: c for c in found}
    return [by_pk[pk] for pk in ids if pk in by_pk]
