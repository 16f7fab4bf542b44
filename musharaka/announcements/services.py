"""Every write about announcements: staff draft, edit and publish them; each step is audited.

Publishing gives the announcement its participation space, so its comments go through the
one pipeline every channel shares (``musharaka.participation.services``).
"""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from musharaka.announcements import selectors
from musharaka.announcements.models import Announcement
from musharaka.core.audit import audit_record, field_changes
from musharaka.core.models import Agency, User
from musharaka.participation.models import Space
from musharaka.participation.selectors import space_for
from musharaka.participation.services import space_get_or_create

CHANNEL = "announcements"
EDITABLE_FIELDS = ["title_ar", "title_en", "body_ar", "body_en", "comments_open"]


def _require(actor: User, action: str, agency: Agency) -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


def _free_slug(agency: Agency, wanted: str, exclude_pk: int | None) -> str:
    """``wanted`` or ``wanted-2``, ``wanted-3``… whichever this agency has not used yet."""
    base, candidate, n = wanted[:70], wanted[:70], 1
    while selectors.slug_taken(agency=agency, slug=candidate, exclude_pk=exclude_pk):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _clean(data: dict, agency: Agency, announcement: Announcement | None) -> dict:
    errors: dict[str, str] = {}
    cleaned = {
        "title_ar": (data.get("title_ar") or "").strip(),
        "title_en": (data.get("title_en") or "").strip(),
        "body_ar": (data.get("body_ar") or "").strip(),
        "body_en": (data.get("body_en") or "").strip(),
        "comments_open": bool(data.get("comments_open", True)),
    }
    if not cleaned["title_ar"]:
        errors["title_ar"] = _("Write the title in Arabic.")
    if not cleaned["body_ar"]:
        errors["body_ar"] = _("Write the announcement in Arabic.")
    slug = (data.get("slug") or "").strip().lower()
    exclude = announcement.pk if announcement else None
    if announcement is not None and announcement.published_at is not None:
        slug = announcement.slug  # a published address stays the same: people link to it
    elif slug:
        if slug != slugify(slug) or len(slug) > 80:
            errors["slug"] = _("Use only Latin letters, digits and hyphens (at most 80).")
        elif selectors.slug_taken(agency=agency, slug=slug, exclude_pk=exclude):
            errors["slug"] = _("Another announcement of the agency already uses this address.")
    else:
        slug = _free_slug(
            agency,
            slugify(cleaned["title_en"]) or timezone.localdate().strftime("news-%Y-%m-%d"),
            exclude,
        )
    if errors:
        raise ValidationError(errors)
    cleaned["slug"] = slug
    return cleaned


def _sync_space(announcement: Announcement) -> Space | None:
    """Keep the published announcement's space in step: title, address, open or closed."""
    space = space_for(owner=announcement)
    if space is None:
        return None
    Space.objects.filter(pk=space.pk).update(
        title_ar=announcement.title_ar,
        title_en=announcement.title_en,
        url=announcement.public_path(),
        is_open=announcement.comments_open,
    )
    space.refresh_from_db()
    return space


@transaction.atomic
def announcement_save(
    *,
    actor: User,
    agency: Agency,
    data: dict,
    announcement: Announcement | None = None,
) -> Announcement:
    """Create a draft (``announcement=None``) or change one; published ones stay published
    and keep their address. Raises ValidationError keyed by field for missing Arabic text or
    an address already in use."""
    _require(actor, "content.edit", agency)
    if announcement is not None and announcement.agency_id != agency.pk:
        raise PermissionDenied(_("Your role in this agency does not allow this."))
    cleaned = _clean(data, agency, announcement)
    if announcement is None:
        announcement = Announcement.objects.create(agency=agency, created_by=actor, **cleaned)
        audit_record(
            actor=actor,
            verb="announcement.create",
            target=announcement,
            changes={f: cleaned[f] for f in ["slug", "title_ar", "title_en", "comments_open"]},
        )
        return announcement
    fields = [*EDITABLE_FIELDS, "slug"]
    before = {f: getattr(announcement, f) for f in fields}
    for field, value in cleaned.items():
        setattr(announcement, field, value)
    announcement.save()
    _sync_space(announcement)
    changes = field_changes(announcement, before, fields)
    if changes:
        audit_record(actor=actor, verb="announcement.update", target=announcement, changes=changes)
    return announcement


@transaction.atomic
def announcement_publish(*, actor: User, announcement: Announcement) -> Announcement:
    """Make a draft public and open its comments thread (its participation space)."""
    agency = announcement.agency
    _require(actor, "content.publish", agency)
    if announcement.published_at is not None:
        raise ValidationError(_("This announcement is already published."))
    announcement.published_at = timezone.now()
    announcement.save(update_fields=["published_at", "updated_at"])
    space = space_get_or_create(
        agency=agency,
        channel=CHANNEL,
        owner=announcement,
        title_ar=announcement.title_ar,
        title_en=announcement.title_en,
        url=announcement.public_path(),
    )
    if space.is_open != announcement.comments_open:
        _sync_space(announcement)
    audit_record(
        actor=actor,
        verb="announcement.publish",
        target=announcement,
        changes={"published_at": announcement.published_at, "space": space.pk},
    )
    return announcement
