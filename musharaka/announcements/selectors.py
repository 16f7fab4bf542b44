"""Reads of announcements for the public pages, the workspace and the "open now" lists."""

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from musharaka.announcements.models import Announcement
from musharaka.core.models import Agency
from musharaka.core.open_now import OpenItem

# Announcements stay in "open now" lists this long after publication, while comments are open.
OPEN_FOR_COMMENTS_DAYS = 30


def published_announcements(*, agency: Agency) -> QuerySet[Announcement]:
    """What the public sees of an agency's news, newest first."""
    return Announcement.objects.filter(
        agency=agency, published_at__isnull=False, published_at__lte=timezone.now()
    ).order_by("-published_at", "-id")


def public_announcement(*, agency: Agency, slug: str) -> Announcement:
    """A published announcement of this agency, or 404 (drafts are not public)."""
    found = published_announcements(agency=agency).filter(slug=slug).first()
    if found is None:
        raise Http404
    found.agency = agency
    return found


def workspace_announcements(*, agency: Agency) -> QuerySet[Announcement]:
    """Every announcement of the agency for its staff: drafts first, then newest published."""
    return (
        Announcement.objects.filter(agency=agency)
        .select_related("created_by")
        .order_by("-published_at", "-updated_at")
    )


def workspace_announcement(*, agency: Agency, pk: int) -> Announcement:
    """One announcement of this agency, or 404: ids of other agencies must not resolve."""
    found = Announcement.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found


def slug_taken(*, agency: Agency, slug: str, exclude_pk: int | None = None) -> bool:
    found = Announcement.objects.filter(agency=agency, slug=slug)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.exists()


def open_for_comments(agency: Agency | None) -> Iterable[OpenItem]:
    """The ``open_now`` provider: announcements of the last 30 days still open for comments."""
    now = timezone.now()
    found = Announcement.objects.filter(
        published_at__lte=now,
        published_at__gte=now - timedelta(days=OPEN_FOR_COMMENTS_DAYS),
        comments_open=True,
        agency__is_active=True,
    ).select_related("agency")
    if agency is not None:
        found = found.filter(agency=agency)
    return [
        OpenItem(
            title=str(a.local("title")),
            url=reverse("announcements:detail", args=[a.agency.slug, a.slug]),
            kind=str(_("Announcement")),
            agency=a.agency,
            closes_at=None,
        )
        for a in found.order_by("-published_at")[:12]
    ]
