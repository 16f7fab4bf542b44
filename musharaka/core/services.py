"""Every write about agencies, people and roles: each checks permission and is audited."""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


@transaction.atomic
def agency_update(*, actor: User, agency: Agency, data: dict) -> Agency:
    """Change an agency's public profile (managers of that agency)."""
    _require(actor, "agency.edit", agency)
    before = {f: getattr(agency, f) for f in AGENCY_PROFILE_FIELDS}
    for field in AGENCY_PROFILE_FIELDS:
        if field in data:
            setattr(agency, field, data[field])
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        verb="agency.update",
        target=agency,
        changes=field_changes(agency, before, AGENCY_PROFILE_FIELDS),
    )
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
        audit_record(
            actor=actor, verb="membership.add", target=membership, changes={"role": role}
        )
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
    if kind == ParticipantType.AGENCY and agency is None:
        raise ValidationError({"agency": _("Choose the government agency you represent.")})
    if kind != ParticipantType.AGENCY and not organisation_name.strip():
        raise ValidationError({"organisation_name": _("Give the name of your organisation.")})
    if Representation.objects.filter(
        user=user, status=RepresentationStatus.PENDING, agency=agency
    ).exists():
        raise ValidationError(_("You already have a declaration awaiting confirmation."))
    rep = Representation.objects.create(
        user=user,
        kind=kind,
        agency=agency if kind == ParticipantType.AGENCY else None,
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
    )


def page_feedback_record(*, path: str, useful: bool, reason: str, language: str) -> PageFeedback:
    """Store one anonymous "Was this page useful?" answer; no personal data is kept."""
    return PageFeedback.objects.create(
        path=path[:300], useful=useful, reason=reason.strip()[:500], language=language[:5]
    )
