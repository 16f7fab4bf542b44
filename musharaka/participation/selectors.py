"""Reads of contributions: threads for public pages, settings and rules for the pipeline."""

from datetime import timedelta

from django.db.models import Prefetch, QuerySet
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

THREAD_ORDERS = {
    "newest": ("-published_at", "-id"),
    "oldest": ("published_at", "id"),
    "endorsed": ("-endorsement_count", "-published_at", "-id"),
}


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


def recent_similarity_keys(*, author: User, space: Space, limit: int = 50) -> list[str]:
    """The author's latest texts in this space, for duplicate detection."""
    return list(
        Contribution.objects.filter(author=author, space=space)
        .exclude(status=Status.WITHDRAWN)
        .order_by("-created_at")
        .values_list("similarity_key", flat=True)[:limit]
    )


def recent_contribution_count(*, author: User, agency: Agency, minutes: int) -> int:
    since = timezone.now() - timedelta(minutes=minutes)
    return Contribution.objects.filter(author=author, agency=agency, created_at__gte=since).count()


def space_for(*, owner) -> Space | None:
    return Space.objects.filter(owner_type=owner._meta.label_lower, owner_id=str(owner.pk)).first()


def _visible(viewer: User | None) -> QuerySet[Contribution]:
    """Published contributions, plus the viewer's own ones still waiting (so they see them)."""
    public = Contribution.objects.filter(status=Status.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        own = Contribution.objects.filter(author=viewer, status=Status.PENDING)
        return public | own
    return public


def thread(
    *, space: Space, target=None, viewer: User | None = None, order: str = "newest"
) -> QuerySet[Contribution]:
    """Top-level contributions of a thread with their replies (three levels) prefetched,
    so a page costs the same number of queries whatever its size."""
    ordering = THREAD_ORDERS.get(order, THREAD_ORDERS["newest"])
    visible = _visible(viewer).select_related("author").order_by("published_at", "id")
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
    return roots.select_related("author").prefetch_related(*nested).order_by(*ordering)


def contributions_by(*, user: User) -> QuerySet[Contribution]:
    """A participant's own contributions with where each stands, newest first."""
    return (
        Contribution.objects.filter(author=user)
        .select_related("space", "agency")
        .order_by("-created_at")
    )
