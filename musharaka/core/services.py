"""Every write about agencies, people and roles: each checks permission and is audited."""

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from musharaka.core.audit import audit_record, field_changes
from musharaka.core.models import (
    Agency,
    Membership,
    PageFeedback,
    ParticipantType,
    Representation,
    RepresentationStatus,
    Role,
    User,
)
from musharaka.notifications.services import notify

AGENCY_PROFILE_FIELDS = [
    "name_ar", "name_en", "description_ar", "description_en", "kind", "website", "email",
    "phone", "address_ar", "address_en",
]  # fmt: skip


def _require(actor: User, action: str, agency: Agency) -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def _logo_extension(logo: File) -> str:
    """Check an uploaded logo is a PNG, JPEG or WebP of at most 1 MB; return its extension.

    The format is read from the file's bytes, never from its name or declared type.
    """
    if logo.size is None or logo.size > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("The logo must be 1 MB or smaller.")})
    try:
        logo.seek(0)
        with Image.open(logo) as image:
            image_format = image.format
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        image_format = None
    finally:
        logo.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError({"logo": _("The logo must be a PNG, JPEG or WebP image.")})
    return LOGO_FORMATS[image_format]


@transaction.atomic
def agency_update(
    *,
    actor: User,
    agency: Agency,
    data: dict,
    logo: File | None = None,
    remove_logo: bool = False,
) -> Agency:
    """Change an agency's public profile (managers of that agency).

    ``logo`` replaces the logo (PNG/JPEG/WebP, at most 1 MB); ``remove_logo`` clears it.
    """
    _require(actor, "agency.edit", agency)
    before = {f: getattr(agency, f) for f in AGENCY_PROFILE_FIELDS}
    before_logo = agency.logo.name or ""
    for field in AGENCY_PROFILE_FIELDS:
        if field in data:
            setattr(agency, field, data[field])
    errors: dict[str, list[str]] = {}
    extension = None
    try:
        extension = _logo_extension(logo) if logo is not None else None
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        agency.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if extension is not None:
        agency.logo.save(f"{agency.slug}.{extension}", logo, save=False)
    elif remove_logo:
        agency.logo = ""
    agency.save()
    changes = field_changes(agency, before, AGENCY_PROFILE_FIELDS)
    if (agency.logo.name or "") != before_logo:
        changes["logo"] = [before_logo, agency.logo.name or ""]
        if before_logo:
            storage = agency.logo.storage
            transaction.on_commit(lambda: storage.delete(before_logo))
    audit_record(actor=actor, verb="agency.update", target=agency, changes=changes)
    return agency


@transaction.atomic
def membership_add(*, actor: User | None, agency: Agency, user: User, role: str) -> Membership:
    """Give a user a role in an agency. ``actor=None`` is the system (demo, set-up)."""
    if actor is not None:
        _require(actor, "members.manage", agency)
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if created:
        audit_record(actor=actor, verb="membership.add", target=membership, changes={"role": role})
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    agency = membership.agency
    _require(actor, "members.manage", agency)
    if (
        membership.role == Role.MANAGER
        and not Membership.objects.filter(agency=agency, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("An agency must keep at least one manager."))
    audit_record(
        actor=actor,
        verb="membership.remove",
        target=membership,
        agency=agency,
        changes={"role": membership.role, "user": membership.user.email},
    )
    membership.delete()


@transaction.atomic
def representation_declare(
    *,
    user: User,
    kind: str,
    agency: Agency | None = None,
    organisation_name: str = "",
    job_title: str = "",
) -> Representation:
    """A user says they speak for an agency or organisation; it waits for confirmation."""
    if kind not in ParticipantType.values or kind == ParticipantType.CITIZEN:
        raise ValidationError({"kind": _("Choose what you represent.")})
    if kind == ParticipantType.AGENCY and agency is None:
        raise ValidationError({"agency": _("Choose the government agency you represent.")})
    if kind != ParticipantType.AGENCY and not organisation_name.strip():
        raise ValidationError({"organisation_name": _("Give the name of your organisation.")})
    agency = agency if kind == ParticipantType.AGENCY else None
    if agency is not None and not agency.is_active:
        raise ValidationError({"agency": _("Choose the government agency you represent.")})
    if Representation.objects.filter(
        user=user, status=RepresentationStatus.PENDING, agency=agency
    ).exists():
        raise ValidationError(_("You already have a declaration awaiting confirmation."))
    if (
        agency is not None
        and Representation.objects.filter(
            user=user, status=RepresentationStatus.CONFIRMED, agency=agency
        ).exists()
    ):
        raise ValidationError(_("You are already a confirmed representative of this agency."))
    rep = Representation.objects.create(
        user=user,
        kind=kind,
        agency=agency,
        organisation_name=organisation_name.strip(),
        job_title=job_title.strip(),
    )
    audit_record(actor=user, verb="representation.declare", target=rep, agency=rep.agency)
    return rep


@transaction.atomic
def representation_decide(*, actor: User, representation: Representation, confirm: bool) -> None:
    """Agency managers confirm agency claims; platform admins confirm organisation claims."""
    if representation.agency is not None:
        _require(actor, "representation.confirm", representation.agency)
    elif not actor.is_superuser:
        raise PermissionDenied(_("Only platform administrators confirm organisations."))
    if representation.status != RepresentationStatus.PENDING:
        raise ValidationError(_("This declaration has already been decided."))
    representation.status = (
        RepresentationStatus.CONFIRMED if confirm else RepresentationStatus.REJECTED
    )
    representation.decided_by = actor
    representation.decided_at = timezone.now()
    representation.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        verb="representation.confirm" if confirm else "representation.reject",
        target=representation,
        agency=representation.agency,
    )
    notify(
        recipient=representation.user,
        kind="representation_decided",
        context={"representation_id": representation.pk, "confirmed": confirm},
        url=reverse("account:representation"),
    )


def page_feedback_record(*, path: str, useful: bool, reason: str, language: str) -> PageFeedback:
    """Store one anonymous "Was this page useful?" answer; no personal data is kept.

    The path is stored without its language prefix, so a page counts once whichever language
    it was read in; the language is kept beside it."""
    page = translate_url(path, settings.LANGUAGE_CODE) if path.startswith("/") else "/"
    return PageFeedback.objects.create(
        path=page[:300], useful=useful, reason=reason.strip()[:500], language=language[:5]
    )


def _plain(value: object) -> object:
    """A field value as the audit trail stores it (files by their stored name)."""
    return getattr(value, "name", value) if hasattr(value, "storage") else value


@transaction.atomic
def agency_save(*, actor: User, agency: Agency, previous: dict[str, object] | None) -> Agency:
    """Create an agency or change any of its fields, from the platform admin (Django admin).

    ``previous`` holds the old values of the fields being changed, or ``None`` for a new
    agency. Only platform admins may do this; agency managers use ``agency_update``.
    """
    if not actor.is_superuser:
        raise PermissionDenied(_("Only platform administrators create or retire agencies."))
    agency.full_clean()
    created = agency.pk is None
    agency.save()
    if created:
        audit_record(actor=actor, verb="agency.create", target=agency)
    else:
        changes = {
            field: [_plain(old), _plain(getattr(agency, field))]
            for field, old in (previous or {}).items()
            if _plain(old) != _plain(getattr(agency, field))
        }
        audit_record(actor=actor, verb="agency.admin_update", target=agency, changes=changes)
    return agency
