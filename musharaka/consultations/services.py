"""Every write about a consultation itself: staff draft and edit it, attach files, and move it
through its lifecycle (draft → scheduled → open → closed → under review → … → archived).

Each transition checks the role, refuses a move the current phase does not allow with a clear
message, writes an audit event and adds a public step to the consultation's timeline. The
participation space (where comments go) is created when the consultation is scheduled and is
open exactly while the consultation is.
"""

from datetime import datetime, timedelta

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from musharaka.consultations import selectors
from musharaka.consultations.models import (
    Attachment,
    Audience,
    Consultation,
    ConsultationPolicy,
    Kind,
    Phase,
    TimelineEntry,
)
from musharaka.core import files
from musharaka.core.audit import audit_record, field_changes
from musharaka.core.models import Agency, Membership, User
from musharaka.participation.cache import owner_generation_bump
from musharaka.participation.models import Space
from musharaka.participation.selectors import space_for
from musharaka.participation.services import space_get_or_create

CHANNEL = "consultations"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
EDITABLE_FIELDS = [
    "slug",
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "kind",
    "sectors",
    "audience",
    "opens_at",
    "closes_at",
]
# Phases in which the period dates may still be changed through the edit form (once open,
# the period only moves by ``consultation_extend``, with a public reason).
DATES_EDITABLE = (Phase.DRAFT, Phase.SCHEDULED)

# What an attachment may be: detected from the bytes (core/files.py), and the name must agree.
ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt")


def _require(actor: User | None, action: str, agency: Agency) -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


def _phase_label(phase: str) -> str:
    return str(Phase(phase).label)


def _require_phase(consultation: Consultation, *allowed: str, doing: str) -> None:
    if consultation.phase not in allowed:
        raise ValidationError(
            _("A consultation that is “%(phase)s” cannot be %(doing)s.")
            % {"phase": _phase_label(consultation.phase), "doing": doing}
        )


def public_path(consultation: Consultation) -> str:
    """The consultation's public address in Arabic (unprefixed); spaces keep it as their url."""
    with translation.override("ar"):
        return reverse("consultations:detail", args=[consultation.agency.slug, consultation.slug])


# --- Create and edit ------------------------------------------------------------------------


def _staff_ids(agency: Agency) -> set[int]:
    return set(Membership.objects.filter(agency=agency).values_list("user_id", flat=True))


def _sectors(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace("،", ",").split(",")
    seen: list[str] = []
    for item in value or []:
        item = str(item).strip()[:60]
        if item and item not in seen:
            seen.append(item)
    return seen[:20]


def _clean(
    data: dict, agency: Agency, consultation: Consultation | None, *, now: datetime
) -> tuple[dict, User, list[User], list[Agency]]:
    errors: dict[str, str] = {}
    cleaned = {
        "title_ar": (data.get("title_ar") or "").strip(),
        "title_en": (data.get("title_en") or "").strip(),
        "summary_ar": (data.get("summary_ar") or "").strip(),
        "summary_en": (data.get("summary_en") or "").strip(),
        "kind": data.get("kind") or "",
        "sectors": _sectors(data.get("sectors")),
        "audience": data.get("audience") or Audience.PUBLIC,
        "opens_at": data.get("opens_at"),
        "closes_at": data.get("closes_at"),
    }
    if not cleaned["title_ar"]:
        errors["title_ar"] = _("Write the title in Arabic.")
    if cleaned["kind"] not in Kind.values:
        errors["kind"] = _("Choose the kind of document.")
    if cleaned["audience"] not in Audience.values:
        errors["audience"] = _("Choose who may comment.")
    staff = _staff_ids(agency)
    owner = data.get("owner")
    if owner is None or owner.pk not in staff:
        errors["owner"] = _("The owner must be on the agency's staff.")
    team = list(data.get("team") or [])
    if any(member.pk not in staff for member in team):
        errors["team"] = _("The drafting team can only include the agency's staff.")
    invited = [a for a in (data.get("invited_agencies") or []) if a.pk != agency.pk]
    if cleaned["audience"] == Audience.INVITED and not invited:
        errors["invited_agencies"] = _("Invite at least one agency, or open it to everyone.")
    if consultation is not None and consultation.phase not in DATES_EDITABLE:
        cleaned["opens_at"], cleaned["closes_at"] = consultation.opens_at, consultation.closes_at
    else:
        opens, closes = cleaned["opens_at"], cleaned["closes_at"]
        if opens and closes and closes <= opens:
            errors["closes_at"] = _("The closing date must come after the opening date.")
        elif consultation is not None and consultation.phase == Phase.SCHEDULED:
            errors.update(_period_errors(agency, opens, closes, now=now))
    slug = (data.get("slug") or "").strip().lower()
    exclude = consultation.pk if consultation else None
    if consultation is not None and consultation.phase != Phase.DRAFT:
        slug = consultation.slug  # a public address stays the same: people link to it
    elif slug:
        if slug != slugify(slug) or len(slug) > 80:
            errors["slug"] = _("Use only Latin letters, digits and hyphens (at most 80).")
        elif selectors.slug_taken(agency=agency, slug=slug, exclude_pk=exclude):
            errors["slug"] = _("Another consultation of the agency already uses this address.")
    else:
        base = (slugify(cleaned["title_en"]) or now.strftime("consultation-%Y-%m-%d"))[:70]
        slug, n = base, 1
        while selectors.slug_taken(agency=agency, slug=slug, exclude_pk=exclude):
            n += 1
            slug = f"{base}-{n}"
    if errors:
        raise ValidationError(errors)
    cleaned["slug"] = slug
    return cleaned, owner, team, invited


@transaction.atomic
def consultation_create(*, actor: User, agency: Agency, data: dict) -> Consultation:
    """A new draft. ``data`` holds the form's values: bilingual title and summary, kind,
    sectors, audience, ``invited_agencies``, ``owner`` and ``team`` (agency staff), and the
    planned ``opens_at``/``closes_at``. Raises ValidationError keyed by field."""
    _require(actor, "content.edit", agency)
    cleaned, owner, team, invited = _clean(data, agency, None, now=timezone.now())
    consultation = Consultation.objects.create(agency=agency, owner=owner, **cleaned)
    consultation.team.set(team)
    consultation.invited_agencies.set(invited)
    TimelineEntry.objects.create(consultation=consultation, phase=Phase.DRAFT)
    audit_record(
        actor=actor,
        verb="consultation.create",
        target=consultation,
        changes={
            "slug": consultation.slug,
            "title_ar": consultation.title_ar,
            "kind": consultation.kind,
            "audience": consultation.audience,
            "owner": owner.pk,
            "team": sorted(u.pk for u in team),
            "invited_agencies": sorted(a.pk for a in invited),
        },
    )
    return consultation


@transaction.atomic
def consultation_update(*, actor: User, consultation: Consultation, data: dict) -> Consultation:
    """Change a consultation's description, team and audience. Its address is fixed once it is
    public, and its dates once it is open (then ``consultation_extend``)."""
    agency = consultation.agency
    _require(actor, "content.edit", agency)
    if consultation.phase == Phase.ARCHIVED:
        raise ValidationError(_("An archived consultation can no longer be changed."))
    cleaned, owner, team, invited = _clean(data, agency, consultation, now=timezone.now())
    before = {f: getattr(consultation, f) for f in EDITABLE_FIELDS}
    before_team = sorted(consultation.team.values_list("pk", flat=True))
    before_invited = sorted(consultation.invited_agencies.values_list("pk", flat=True))
    before_owner = consultation.owner_id
    for field, value in cleaned.items():
        setattr(consultation, field, value)
    consultation.owner = owner
    consultation.save()
    consultation.team.set(team)
    consultation.invited_agencies.set(invited)
    _sync_space(consultation)
    changes = field_changes(consultation, before, EDITABLE_FIELDS)
    if before_owner != owner.pk:
        changes["owner"] = [before_owner, owner.pk]
    after_team = sorted(u.pk for u in team)
    if before_team != after_team:
        changes["team"] = [before_team, after_team]
    after_invited = sorted(a.pk for a in invited)
    if before_invited != after_invited:
        changes["invited_agencies"] = [before_invited, after_invited]
    if changes:
        audit_record(actor=actor, verb="consultation.update", target=consultation, changes=changes)
    return consultation


# --- Attachments ----------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, actor: User, consultation: Consultation, title: str, upload: UploadedFile
) -> Attachment:
    """Attach a PDF or office document (≤ 10 MB). Its type is read from its bytes and must
    match its name; it is always served as a download, never shown inline."""
    _require(actor, "content.edit", consultation.agency)
    if consultation.phase == Phase.ARCHIVED:
        raise ValidationError(_("An archived consultation can no longer be changed."))
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the file a title readers will understand.")
    extension = files.extension_of(upload.name)
    if upload.size > ATTACHMENT_MAX_BYTES:
        errors["file"] = _("The file is larger than 10 MB.")
    elif extension not in ALLOWED_EXTENSIONS:
        errors["file"] = _(
            "Attach a PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) or ODT file."
        )
    else:
        if files.detect(upload) != extension:
            errors["file"] = _(
                "The file's content is not a valid %(kind)s file (or it contains macros)."
            ) % {"kind": extension.upper()}
    if errors:
        raise ValidationError(errors)
    upload.name = f"{slugify(upload.name.rsplit('.', 1)[0])[:60] or 'file'}.{extension}"
    attachment = Attachment.objects.create(
        consultation=consultation,
        title=title[:200],
        file=upload,
        content_type=files.content_type(extension),
        size=upload.size,
    )
    audit_record(
        actor=actor,
        verb="consultation.attachment_add",
        target=consultation,
        changes={"attachment": attachment.pk, "title": attachment.title, "size": attachment.size},
    )
    owner_generation_bump(owner=consultation)  # readers' cached page lists the files
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    consultation = attachment.consultation
    _require(actor, "content.edit", consultation.agency)
    if consultation.phase == Phase.ARCHIVED:
        raise ValidationError(_("An archived consultation can no longer be changed."))
    file, pk, title = attachment.file, attachment.pk, attachment.title
    attachment.delete()
    audit_record(
        actor=actor,
        verb="consultation.attachment_remove",
        target=consultation,
        changes={"attachment": pk, "title": title},
    )
    owner_generation_bump(owner=consultation)
    name, storage = file.name, file.storage
    transaction.on_commit(lambda: storage.delete(name))


# --- The agency's periods -------------------------------------------------------------------


@transaction.atomic
def consultation_policy_update(
    *,
    actor: User,
    agency: Agency,
    default_period_days: int,
    minimum_period_days: int,
    outcome_due_weeks: int,
) -> ConsultationPolicy:
    """Managers set the agency's default and shortest consultation periods and how long after
    closing the outcome is due."""
    _require(actor, "agency.edit", agency)
    errors = {}
    if not 1 <= minimum_period_days <= 365:
        errors["minimum_period_days"] = _("Choose between 1 and 365 days.")
    if not 1 <= default_period_days <= 365:
        errors["default_period_days"] = _("Choose between 1 and 365 days.")
    elif default_period_days < minimum_period_days:
        errors["default_period_days"] = _("The default period cannot be shorter than the shortest.")
    if not 1 <= outcome_due_weeks <= 104:
        errors["outcome_due_weeks"] = _("Choose between 1 and 104 weeks.")
    if errors:
        raise ValidationError(errors)
    policy = selectors.consultation_policy(agency=agency)
    fields = ["default_period_days", "minimum_period_days", "outcome_due_weeks"]
    before = {f: getattr(policy, f) for f in fields}
    policy.default_period_days = default_period_days
    policy.minimum_period_days = minimum_period_days
    policy.outcome_due_weeks = outcome_due_weeks
    policy.save()
    changes = field_changes(policy, before, fields)
    if changes:
        audit_record(actor=actor, verb="consultation.policy_update", agency=agency, changes=changes)
    return policy


# --- Lifecycle ------------------------------------------------------------------------------


def _period_errors(
    agency: Agency, opens: datetime | None, closes: datetime | None, *, now: datetime
) -> dict[str, str]:
    policy = selectors.consultation_policy(agency=agency)
    if opens is None:
        return {"opens_at": _("Set the opening date.")}
    if closes is None:
        return {"closes_at": _("Set the closing date.")}
    if opens <= now:
        return {"opens_at": _("The opening date must be in the future.")}
    if closes - opens < timedelta(days=policy.minimum_period_days):
        return {
            "closes_at": _("The consultation must stay open at least %(days)s days.")
            % {"days": policy.minimum_period_days}
        }
    return {}


def _sync_space(consultation: Consultation) -> Space | None:
    """Keep the consultation's space in step: title, address, open exactly while it is."""
    space = space_for(owner=consultation)
    if space is None:
        return None
    Space.objects.filter(pk=space.pk).update(
        title_ar=consultation.title_ar,
        title_en=consultation.title_en,
        url=public_path(consultation),
        is_open=consultation.phase == Phase.OPEN,
    )
    space.refresh_from_db()
    return space


def _move(
    *,
    actor: User | None,
    consultation: Consultation,
    to: str,
    verb: str,
    fields: list[str],
    note_ar: str = "",
    note_en: str = "",
    changes: dict | None = None,
) -> Consultation:
    before = consultation.phase
    consultation.phase = to
    consultation.save(update_fields=["phase", "updated_at", *fields])
    _sync_space(consultation)
    TimelineEntry.objects.create(
        consultation=consultation, phase=to, note_ar=note_ar, note_en=note_en
    )
    audit_record(
        actor=actor,
        verb=verb,
        target=consultation,
        changes={"phase": [before, to], **(changes or {})},
    )
    return consultation


@transaction.atomic
def consultation_schedule(*, actor: User, consultation: Consultation) -> Consultation:
    """Announce a draft with its dates: it shows in the public calendar and its text can be
    read before it opens. Needs a published version of the text, an opening date in the future
    and a period at least the agency's shortest one."""
    _require(actor, "content.edit", consultation.agency)
    _require_phase(consultation, Phase.DRAFT, doing=_("scheduled"))
    version = selectors.published_version(consultation=consultation)
    if version is None:
        raise ValidationError(_("Publish a version of the text before scheduling it."))
    errors = _period_errors(
        consultation.agency, consultation.opens_at, consultation.closes_at, now=timezone.now()
    )
    if errors:
        raise ValidationError(errors)
    consultation.current_version = version
    space = space_get_or_create(
        agency=consultation.agency,
        channel=CHANNEL,
        owner=consultation,
        title_ar=consultation.title_ar,
        title_en=consultation.title_en,
        url=public_path(consultation),
        regulation=consultation.kind in (Kind.REGULATION, Kind.LAW),
    )
    return _move(
        actor=actor,
        consultation=consultation,
        to=Phase.SCHEDULED,
        verb="consultation.schedule",
        fields=["current_version"],
        changes={
            "opens_at": consultation.opens_at,
            "closes_at": consultation.closes_at,
            "version": version.number,
            "space": space.pk,
        },
    )


@transaction.atomic
def consultation_open(*, actor: User | None, consultation: Consultation) -> Consultation:
    """Open a scheduled consultation for comments: by the periodic task when its opening date
    comes (``actor=None``), or earlier by its staff (the opening date becomes now)."""
    if actor is not None:
        _require(actor, "content.edit", consultation.agency)
    _require_phase(consultation, Phase.SCHEDULED, doing=_("opened"))
    now = timezone.now()
    fields = []
    if consultation.opens_at is None or consultation.opens_at > now:
        consultation.opens_at = now
        fields.append("opens_at")
    if consultation.consulted_version_id is None:
        consultation.consulted_version = consultation.current_version
        fields.append("consulted_version")
    return _move(
        actor=actor,
        consultation=consultation,
        to=Phase.OPEN,
        verb="consultation.open",
        fields=fields,
        changes={"opens_at": consultation.opens_at, "closes_at": consultation.closes_at},
    )


@transaction.atomic
def consultation_close(
    *,
    actor: User | None,
    consultation: Consultation,
    reason_ar: str = "",
    reason_en: str = "",
) -> Consultation:
    """Close for comments: by the periodic task at the closing date (``actor=None``), or early
    by a manager, who must give the public a reason. The outcome becomes due the agency's number
    of weeks (12 by default) after closing."""
    _require_phase(consultation, Phase.OPEN, doing=_("closed"))
    now = timezone.now()
    if actor is not None:
        _require(actor, "agency.edit", consultation.agency)
        if not (reason_ar or "").strip():
            raise ValidationError(
                {"reason_ar": _("Explain in Arabic why the consultation closes early.")}
            )
        consultation.closed_at = now
        consultation.closes_at = now
    else:
        if consultation.closes_at is None or consultation.closes_at > now:
            raise ValidationError(_("This consultation's period has not ended yet."))
        consultation.closed_at = consultation.closes_at
    weeks = selectors.consultation_policy(agency=consultation.agency).outcome_due_weeks
    consultation.outcome_due_at = consultation.closed_at + timedelta(weeks=weeks)
    return _move(
        actor=actor,
        consultation=consultation,
        to=Phase.CLOSED,
        verb="consultation.close" if actor is None else "consultation.close_early",
        fields=["closed_at", "closes_at", "outcome_due_at"],
        note_ar=(reason_ar or "").strip(),
        note_en=(reason_en or "").strip(),
        changes={
            "closed_at": consultation.closed_at,
            "outcome_due_at": consultation.outcome_due_at,
        },
    )


@transaction.atomic
def consultation_extend(
    *,
    actor: User,
    consultation: Consultation,
    new_closes_at: datetime,
    reason_ar: str,
    reason_en: str = "",
) -> Consultation:
    """Give participants more time; the reason is shown on the public timeline."""
    _require(actor, "content.edit", consultation.agency)
    _require_phase(consultation, Phase.SCHEDULED, Phase.OPEN, doing=_("extended"))
    errors = {}
    if new_closes_at is None or (
        consultation.closes_at is not None and new_closes_at <= consultation.closes_at
    ):
        errors["new_closes_at"] = _("The new closing date must be later than the current one.")
    elif new_closes_at <= timezone.now():
        errors["new_closes_at"] = _("The new closing date must be in the future.")
    if not (reason_ar or "").strip():
        errors["reason_ar"] = _("Explain in Arabic why the period is extended.")
    if errors:
        raise ValidationError(errors)
    before = consultation.closes_at
    consultation.closes_at = new_closes_at
    consultation.save(update_fields=["closes_at", "updated_at"])
    TimelineEntry.objects.create(
        consultation=consultation,
        phase=consultation.phase,
        note_ar=reason_ar.strip(),
        note_en=(reason_en or "").strip(),
    )
    audit_record(
        actor=actor,
        verb="consultation.extend",
        target=consultation,
        changes={"closes_at": [before, new_closes_at], "reason_ar": reason_ar.strip()},
    )
    return consultation


@transaction.atomic
def consultation_start_review(*, actor: User, consultation: Consultation) -> Consultation:
    """The drafting team starts answering the comments received."""
    _require(actor, "content.edit", consultation.agency)
    _require_phase(consultation, Phase.CLOSED, doing=_("put under review"))
    return _move(
        actor=actor,
        consultation=consultation,
        to=Phase.UNDER_REVIEW,
        verb="consultation.start_review",
        fields=[],
    )


@transaction.atomic
def consultation_archive(*, actor: User, consultation: Consultation) -> Consultation:
    """File away a consultation whose outcome is published; its pages stay readable."""
    _require(actor, "content.edit", consultation.agency)
    _require_phase(consultation, Phase.OUTCOME_PUBLISHED, doing=_("archived"))
    return _move(
        actor=actor,
        consultation=consultation,
        to=Phase.ARCHIVED,
        verb="consultation.archive",
        fields=[],
    )


def open_and_close_due(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic work: open scheduled consultations whose opening date has come and close
    open ones whose period has ended. Each in its own transaction, so one failure does not
    hold back the others."""
    now = now or timezone.now()
    done = {"opened": 0, "closed": 0}
    for pk in selectors.due_to_open(now=now):
        with transaction.atomic():
            found = Consultation.objects.select_for_update().filter(pk=pk).first()
            if found is not None and found.phase == Phase.SCHEDULED:
                consultation_open(actor=None, consultation=found)
                done["opened"] += 1
    for pk in selectors.due_to_close(now=now):
        with transaction.atomic():
            found = Consultation.objects.select_for_update().filter(pk=pk).first()
            if found is not None and found.phase == Phase.OPEN:
                consultation_close(actor=None, consultation=found)
                done["closed"] += 1
    return done
