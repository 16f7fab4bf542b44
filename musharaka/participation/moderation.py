"""Staff decisions on contributions: approve, hide, reject, redact, restore; warnings and
suspensions of authors; appeals; the agency's moderation settings and word list; the alert that
tells moderators work is waiting.

Every decision is a ``Decision`` row (the contribution's history), an audit event, and a
notification to the author in their own language. The participant's side (submit, edit, flag,
withdraw) is in ``services.py``.
"""

from datetime import datetime, timedelta

import rules
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musharaka.core import dates
from musharaka.core.audit import audit_record, field_changes
from musharaka.core.bilingual import localized
from musharaka.core.models import Agency, Membership, Role, User
from musharaka.notifications.selectors import is_local_url
from musharaka.notifications.services import notify
from musharaka.participation import checks, selectors
from musharaka.participation.cache import space_generation_bump
from musharaka.participation.channels import contribution_changed
from musharaka.participation.models import (
    AbuseTerm,
    Action,
    Appeal,
    AppealStatus,
    Contribution,
    Decision,
    ModerationMode,
    ModerationSettings,
    QueueReason,
    ReasonCode,
    Space,
    Status,
    Suspension,
)

APPEAL_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 2000
MAX_SUSPENSION_DAYS = 365
# Moderators are alerted about a waiting queue at most this often per agency.
ALERT_INTERVAL = timedelta(days=1)
ALERT_ROLES = (Role.MODERATOR, Role.MANAGER)

# The published list of reasons, with what each means for the author (transparency and rules
# pages show it; decisions name one of these codes).
REASON_EXPLANATIONS = {
    ReasonCode.SPAM: gettext_lazy(
        "Advertising, repeated posting of the same text, or links unrelated to the discussion."
    ),
    ReasonCode.ABUSE: gettext_lazy(
        "Insults, threats, or language that attacks people for who they are."
    ),
    ReasonCode.PERSONAL_DATA: gettext_lazy(
        "Identity or residence numbers, telephone numbers, email addresses, bank accounts or "
        "other details that identify a person."
    ),
    ReasonCode.OFF_TOPIC: gettext_lazy(
        "Text that is not about the subject the agency asked the public about."
    ),
    ReasonCode.DUPLICATE: gettext_lazy("The same contribution posted again."),
    ReasonCode.FALSE_ATTRIBUTION: gettext_lazy(
        "Words falsely put in the mouth of a person or organisation, or posting as someone else."
    ),
    ReasonCode.ILLEGAL: gettext_lazy("Content whose publication breaks the law."),
    ReasonCode.OTHER: gettext_lazy(
        "Another breach of the agency's participation rules; the note to the author says which."
    ),
}

# What each decision may start from. Withdrawn contributions are the author's and stay so.
_FROM = {
    Action.APPROVE: {Status.PENDING, Status.HIDDEN, Status.PUBLISHED},
    Action.HIDE: {Status.PENDING, Status.PUBLISHED, Status.HIDDEN},
    Action.REJECT: {Status.PENDING, Status.PUBLISHED, Status.HIDDEN},
    Action.REDACT: {Status.PENDING, Status.PUBLISHED, Status.HIDDEN},
    Action.RESTORE: {Status.HIDDEN, Status.REJECTED},
}
_TO = {
    Action.APPROVE: Status.PUBLISHED,
    Action.HIDE: Status.HIDDEN,
    Action.REJECT: Status.REJECTED,
    Action.REDACT: Status.PUBLISHED,
    Action.RESTORE: Status.PUBLISHED,
}
BULK_ACTIONS = (Action.APPROVE, Action.HIDE, Action.REJECT)


# --- Helpers --------------------------------------------------------------------------------


def _require(actor: User, agency: Agency, action: str = "contributions.moderate") -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note under %(limit)s characters.") % {"limit": NOTE_MAX_LENGTH}}
        )
    return note


def _clean_reason(reason: str) -> str:
    if reason not in ReasonCode.values:
        raise ValidationError({"reason": _("Choose the reason from the published list.")})
    return reason


def _locked(contribution: Contribution) -> Contribution:
    """The contribution as it is now (the page the moderator acted on may be stale)."""
    return (
        Contribution.objects.select_for_update()
        .select_related("space", "author")
        .get(pk=contribution.pk)
    )


def _pending_appeal(contribution: Contribution) -> Appeal | None:
    return (
        Appeal.objects.filter(contribution=contribution, status=AppealStatus.PENDING)
        .select_related("appealed_decision")
        .first()
    )


def author_url(contribution: Contribution) -> str:
    """Where the author finds the contribution: its page when public, else their own list."""
    url = contribution.space.url
    if contribution.status == Status.PUBLISHED and url and is_local_url(url):
        return url
    return reverse("participation:mine")


def _excerpt(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _in_reader_language(space: Space):
    """The space's title, chosen when the notification is rendered in the reader's language."""
    return lazy(lambda: localized(space, "title").text, str)()


def _when_text(value: datetime):
    """A date and time as text (Gregorian, Hijri, Riyadh time) in the reader's language."""
    value = timezone.localtime(value)
    return lazy(
        lambda: (
            f"{dates.format_gregorian(value)} ({dates.format_hijri(value)}) "
            f"{dates.format_time(value)}"
        ),
        str,
    )()


def _notify_decision(contribution: Contribution, decision: Decision) -> None:
    may_appeal = (
        decision.action in (Action.HIDE, Action.REJECT)
        and not Appeal.objects.filter(contribution=contribution).exists()
    )
    notify(
        recipient=contribution.author,
        kind="contribution_decided",
        context={
            "action": decision.action,
            "status": Status(decision.to_status).label,
            "reason": ReasonCode(decision.reason).label if decision.reason else "",
            "explanation": REASON_EXPLANATIONS.get(decision.reason, "") if decision.reason else "",
            "note": decision.note,
            "excerpt": _excerpt(contribution.body),
            "space_title": _in_reader_language(contribution.space),
            "may_appeal": may_appeal,
        },
        # Hidden or rejected: the link opens the page that explains the decision and takes
        # the appeal.
        url=reverse("participation:appeal", args=[contribution.pk])
        if may_appeal
        else author_url(contribution),
    )


def _decide(
    *,
    actor: User,
    contribution: Contribution,
    action: str,
    reason: str = "",
    note: str = "",
    body: str | None = None,
) -> Contribution:
    """The one path every staff decision on a contribution takes."""
    _require(actor, contribution.agency)
    note = _clean_note(note)
    contribution = _locked(contribution)
    if contribution.status not in _FROM[action]:
        raise ValidationError(
            _("This contribution is %(status)s; that decision does not apply to it.")
            % {"status": Status(contribution.status).label.lower()}
        )
    to_status = _TO[action]
    if (
        contribution.status == to_status
        and not contribution.needs_review
        and action not in (Action.REDACT,)
    ):
        raise ValidationError(
            _("This contribution is already %(status)s.")
            % {"status": Status(to_status).label.lower()}
        )
    if _pending_appeal(contribution) is not None:
        raise ValidationError(
            _("The author has appealed; decide the appeal instead (another moderator must).")
        )
    before = contribution.status
    changes: dict = {"status": [before, to_status]}
    if body is not None:
        max_length = selectors.moderation_settings(agency=contribution.agency).max_length
        redacted = checks.validate_body(body, max_length=max_length)
        redacted, _findings = checks.mask_personal_data(redacted)
        if not contribution.body_original:
            contribution.body_original = contribution.body
        contribution.body = redacted
        changes["redacted"] = True
    contribution.status = to_status
    contribution.needs_review = False
    contribution.queue_reasons = []
    if to_status == Status.PUBLISHED and contribution.published_at is None:
        contribution.published_at = timezone.now()
    contribution.save(
        update_fields=[
            "status",
            "needs_review",
            "queue_reasons",
            "published_at",
            "body",
            "body_original",
        ]
    )
    decision = Decision.objects.create(
        contribution=contribution,
        actor=actor,
        action=action,
        reason=reason,
        note=note,
        from_status=before,
        to_status=to_status,
    )
    if reason:
        changes["reason"] = reason
    space_generation_bump(space_id=contribution.space_id)
    contribution_changed(contribution=contribution)
    audit_record(actor=actor, verb=f"contribution.{action}", target=contribution, changes=changes)
    _notify_decision(contribution, decision)
    return contribution


# --- Decisions on contributions ---------------------------------------------------------------


@transaction.atomic
def contribution_approve(
    *, actor: User, contribution: Contribution, note: str = ""
) -> Contribution:
    """Publish a waiting or hidden contribution (or keep a published one after review)."""
    return _decide(actor=actor, contribution=contribution, action=Action.APPROVE, note=note)


@transaction.atomic
def contribution_hide(
    *, actor: User, contribution: Contribution, reason: str, note: str = ""
) -> Contribution:
    """Take a contribution out of public view for one of the published reasons."""
    return _decide(
        actor=actor,
        contribution=contribution,
        action=Action.HIDE,
        reason=_clean_reason(reason),
        note=note,
    )


@transaction.atomic
def contribution_reject(
    *, actor: User, contribution: Contribution, reason: str, note: str = ""
) -> Contribution:
    """Refuse a contribution for one of the published reasons; it is never (or no longer)
    public."""
    return _decide(
        actor=actor,
        contribution=contribution,
        action=Action.REJECT,
        reason=_clean_reason(reason),
        note=note,
    )


@transaction.atomic
def contribution_redact(
    *, actor: User, contribution: Contribution, body: str, note: str = ""
) -> Contribution:
    """Publish the moderator's redacted text in place of the author's; the author's original
    stays in ``body_original`` for audit, visible to moderators only."""
    return _decide(
        actor=actor, contribution=contribution, action=Action.REDACT, note=note, body=body
    )


@transaction.atomic
def contribution_restore(
    *, actor: User, contribution: Contribution, note: str = ""
) -> Contribution:
    """Publish again a contribution that was hidden or rejected."""
    return _decide(actor=actor, contribution=contribution, action=Action.RESTORE, note=note)


SINGLE_ACTIONS = {
    Action.APPROVE: contribution_approve,
    Action.HIDE: contribution_hide,
    Action.REJECT: contribution_reject,
    Action.RESTORE: contribution_restore,
}


def contributions_bulk_decide(
    *,
    actor: User,
    agency: Agency,
    contributions: list[Contribution],
    action: str,
    reason: str = "",
    note: str = "",
) -> tuple[int, list[str]]:
    """Apply one decision to many queue items; each is decided (and audited, and its author
    notified) on its own, so one item that cannot take the decision does not stop the others.
    Returns how many were decided and the errors of those that were not."""
    _require(actor, agency)
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": _("Choose approve, hide or reject.")})
    kwargs: dict = {"note": note}
    if action in (Action.HIDE, Action.REJECT):
        kwargs["reason"] = _clean_reason(reason)
    _clean_note(note)
    done, errors = 0, []
    for contribution in contributions:
        if contribution.agency_id != agency.pk:
            raise PermissionDenied(_("Your role in this agency does not allow this."))
        try:
            SINGLE_ACTIONS[action](actor=actor, contribution=contribution, **kwargs)
        except ValidationError as error:
            errors.append(
                _("#%(id)s: %(error)s") % {"id": contribution.pk, "error": " ".join(error.messages)}
            )
        else:
            done += 1
    return done, errors


def contribution_original_view(*, actor: User, contribution: Contribution) -> str:
    """The author's text as typed, for a moderator with a reason to see it; every opening is
    an audit event, because it may hold personal data the public version masks."""
    _require(actor, contribution.agency)
    audit_record(actor=actor, verb="contribution.view_original", target=contribution)
    return contribution.body_original or contribution.body


# --- Authors: warnings and suspensions ----------------------------------------------------------


@transaction.atomic
def author_warn(
    *, actor: User, agency: Agency, user: User, note: str, contribution: Contribution | None = None
) -> None:
    """A formal warning to an author, in their language, recorded in the audit trail."""
    _require(actor, agency)
    note = _clean_note(note)
    if not note:
        raise ValidationError({"note": _("Write the warning the author will read.")})
    if contribution is not None and contribution.agency_id != agency.pk:
        raise PermissionDenied(_("Your role in this agency does not allow this."))
    audit_record(
        actor=actor,
        verb="participation.warn",
        target=user,
        agency=agency,
        changes={"contribution": contribution.pk if contribution else None, "note": note},
    )
    notify(
        recipient=user,
        kind="participation_warning",
        context={
            "agency": agency,
            "note": note,
            "excerpt": _excerpt(contribution.body) if contribution else "",
        },
        url=reverse("participation:mine"),
    )


@transaction.atomic
def author_suspend(
    *, actor: User, agency: Agency, user: User, days: int, reason: str, note: str = ""
) -> Suspension:
    """Stop an author contributing anywhere in this agency for ``days`` days."""
    _require(actor, agency)
    reason = _clean_reason(reason)
    note = _clean_note(note)
    if not isinstance(days, int) or not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ValidationError(
            {"days": _("Suspend for between 1 and %(max)s days.") % {"max": MAX_SUSPENSION_DAYS}}
        )
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    suspension = Suspension.objects.create(
        agency=agency,
        user=user,
        until=timezone.now() + timedelta(days=days),
        reason=reason,
        note=note,
        created_by=actor,
    )
    selectors.pipeline_context_forget(agency=agency)
    audit_record(
        actor=actor,
        verb="participation.suspend",
        target=suspension,
        changes={"user": user.pk, "days": days, "reason": reason},
    )
    notify(
        recipient=user,
        kind="participation_suspended",
        context={
            "agency": agency,
            "until_text": _when_text(suspension.until),
            "reason": ReasonCode(reason).label,
            "note": note,
        },
        url=reverse("participation:mine"),
    )
    return suspension


@transaction.atomic
def suspension_lift(*, actor: User, suspension: Suspension) -> Suspension:
    """End a suspension now; the author may contribute again at once."""
    _require(actor, suspension.agency)
    now = timezone.now()
    if suspension.until <= now:
        raise ValidationError(_("This suspension has already ended."))
    before = suspension.until
    suspension.until = now
    suspension.save(update_fields=["until"])
    selectors.pipeline_context_forget(agency=suspension.agency)
    audit_record(
        actor=actor,
        verb="participation.suspension_lift",
        target=suspension,
        changes={"until": [before, now]},
    )
    notify(
        recipient=suspension.user,
        kind="participation_suspension_lifted",
        context={"agency": suspension.agency},
        url=reverse("participation:mine"),
    )
    return suspension


# --- Appeals --------------------------------------------------------------------------------


@transaction.atomic
def appeal_submit(*, actor: User, contribution: Contribution, text: str) -> Appeal:
    """The author asks, once, for a hide or reject decision to be looked at again; the
    contribution goes back to the queue, for a moderator other than the one who decided."""
    if contribution.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can appeal."))
    contribution = _locked(contribution)
    if Appeal.objects.filter(contribution=contribution).exists():
        raise ValidationError(_("You have already appealed this decision; you can appeal once."))
    if contribution.status not in (Status.HIDDEN, Status.REJECTED):
        raise ValidationError(_("Only hidden or rejected contributions can be appealed."))
    decision = selectors.decision_to_appeal(contribution=contribution)
    if decision is None:
        raise ValidationError(_("There is no moderator's decision to appeal yet."))
    try:
        text = checks.validate_body(text, max_length=APPEAL_MAX_LENGTH)
    except ValidationError as error:
        raise ValidationError({"text": error.messages}) from error
    appeal = Appeal.objects.create(contribution=contribution, text=text, appealed_decision=decision)
    contribution.needs_review = True
    contribution.queued_at = timezone.now()
    contribution.queue_reasons = [str(QueueReason.APPEAL)]
    contribution.save(update_fields=["needs_review", "queued_at", "queue_reasons"])
    Decision.objects.create(
        contribution=contribution,
        actor=actor,
        action=Action.APPEAL,
        from_status=contribution.status,
        to_status=contribution.status,
    )
    audit_record(actor=actor, verb="contribution.appeal", target=contribution)
    return appeal


@transaction.atomic
def appeal_decide(*, actor: User, appeal: Appeal, grant: bool, note: str = "") -> Appeal:
    """A second moderator decides the appeal: granted, the contribution is published; upheld,
    the decision stands. Either way the author is told, and the item leaves the queue."""
    contribution = _locked(appeal.contribution)
    _require(actor, contribution.agency)
    note = _clean_note(note)
    appeal = Appeal.objects.select_related("appealed_decision").get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError(_("This appeal has already been decided."))
    if appeal.appealed_decision.actor_id == actor.pk:
        raise ValidationError(
            _(
                "You made the decision under appeal; another moderator of the agency must "
                "decide the appeal."
            )
        )
    before = contribution.status
    to_status = Status.PUBLISHED if grant else before
    contribution.status = to_status
    contribution.needs_review = False
    contribution.queue_reasons = []
    if grant and contribution.published_at is None:
        contribution.published_at = timezone.now()
    contribution.save(update_fields=["status", "needs_review", "queue_reasons", "published_at"])
    action = Action.APPEAL_GRANTED if grant else Action.APPEAL_UPHELD
    Decision.objects.create(
        contribution=contribution,
        actor=actor,
        action=action,
        reason=appeal.appealed_decision.reason,
        note=note,
        from_status=before,
        to_status=to_status,
    )
    appeal.status = AppealStatus.GRANTED if grant else AppealStatus.UPHELD
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["status", "decided_by", "decided_at"])
    space_generation_bump(space_id=contribution.space_id)
    contribution_changed(contribution=contribution)
    audit_record(
        actor=actor,
        verb="contribution.appeal_grant" if grant else "contribution.appeal_uphold",
        target=contribution,
        changes={"status": [before, to_status]},
    )
    notify(
        recipient=contribution.author,
        kind="appeal_decided",
        context={
            "granted": grant,
            "note": note,
            "excerpt": _excerpt(contribution.body),
            "space_title": _in_reader_language(contribution.space),
            "reason": ReasonCode(appeal.appealed_decision.reason).label
            if appeal.appealed_decision.reason
            else "",
        },
        url=author_url(contribution),
    )
    return appeal


# --- Settings, spaces, word list ----------------------------------------------------------------

SETTINGS_LIMITS = {
    "flag_threshold": (1, 100),
    "max_length": (200, 20000),
    "max_links": (0, 20),
}
SETTINGS_FIELDS = [
    "flag_threshold",
    "max_length",
    "max_links",
    "regulation_consultations_pre_moderated",
    "other_spaces_pre_moderated",
]


@transaction.atomic
def moderation_settings_update(*, actor: User, agency: Agency, data: dict) -> ModerationSettings:
    """Save the agency's moderation choices. New spaces take the pre-moderation defaults;
    existing spaces keep their own mode (change it per space)."""
    _require(actor, agency, "agency.edit")
    errors = {}
    for field, (low, high) in SETTINGS_LIMITS.items():
        value = data.get(field)
        if not isinstance(value, int) or not low <= value <= high:
            errors[field] = _("Enter a whole number from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
    if errors:
        raise ValidationError(errors)
    cfg, _created = ModerationSettings.objects.get_or_create(agency=agency)
    before = {f: getattr(cfg, f) for f in SETTINGS_FIELDS}
    for field in SETTINGS_FIELDS:
        setattr(cfg, field, data[field] if field in SETTINGS_LIMITS else bool(data.get(field)))
    changes = field_changes(cfg, before, SETTINGS_FIELDS)
    cfg.save()
    selectors.pipeline_context_forget(agency=agency)
    if changes:
        audit_record(
            actor=actor, verb="moderation.settings", target=cfg, agency=agency, changes=changes
        )
    return cfg


@transaction.atomic
def space_moderation_set(*, actor: User, space: Space, mode: str) -> Space:
    """Switch one space between pre- and post-moderation. Items already waiting stay queued."""
    _require(actor, space.agency, "agency.edit")
    if mode not in ModerationMode.values:
        raise ValidationError({"mode": _("Choose pre-moderation or post-moderation.")})
    if space.moderation != mode:
        before = space.moderation
        space.moderation = mode
        space.save(update_fields=["moderation"])
        space_generation_bump(space_id=space.pk)  # the thread says how it is moderated
        audit_record(
            actor=actor,
            verb="moderation.space_mode",
            target=space,
            changes={"moderation": [before, mode]},
        )
    return space


@transaction.atomic
def abuse_term_add(*, actor: User, agency: Agency, term: str) -> AbuseTerm:
    """Add a word or phrase to the agency's list. It is stored as typed and matched on
    normalised text, so one entry also catches its diacritic, tatweel and spacing variants."""
    _require(actor, agency)
    term = " ".join((term or "").split())
    if not term:
        raise ValidationError({"term": _("Type the word or phrase to add.")})
    if len(term) > 100:
        raise ValidationError({"term": _("Keep each entry under 100 characters.")})
    if AbuseTerm.objects.filter(agency=agency, term=term).exists():
        raise ValidationError({"term": _("This word is already on the list.")})
    entry = AbuseTerm.objects.create(agency=agency, term=term)
    selectors.pipeline_context_forget(agency=agency)
    audit_record(actor=actor, verb="moderation.word_add", target=entry, changes={"term": term})
    return entry


@transaction.atomic
def abuse_term_remove(*, actor: User, term: AbuseTerm) -> None:
    _require(actor, term.agency)
    audit_record(
        actor=actor, verb="moderation.word_remove", target=term, changes={"term": term.term}
    )
    agency = term.agency
    term.delete()
    selectors.pipeline_context_forget(agency=agency)


# --- Alerts ---------------------------------------------------------------------------------


def _alert_key(agency_id: int) -> str:
    return f"moderation-alert:{agency_id}"


def moderation_alerts_send(*, now: datetime | None = None) -> int:
    """Tell each agency's moderators and managers that contributions are waiting, with the
    count and how long the oldest has waited; at most once a day per agency. Returns how many
    agencies were alerted. Run hourly by the scheduler."""
    now = now or timezone.now()
    waiting = (
        Contribution.objects.filter(needs_review=True, agency__is_active=True)
        .values("agency_id")
        .annotate(count=Count("id"), oldest=Min("queued_at"))
        .order_by("agency_id")
    )
    alerted = 0
    for row in waiting:
        last = cache.get(_alert_key(row["agency_id"]))
        if last is not None and now - last < ALERT_INTERVAL:
            continue
        agency = Agency.objects.get(pk=row["agency_id"])
        recipients = User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(agency=agency, role__in=ALERT_ROLES).values("user"),
        ).order_by("pk")
        oldest = row["oldest"] or now
        hours = max(0, int((now - oldest).total_seconds() // 3600))
        url = reverse("workspace:moderation_queue", kwargs={"agency": agency.slug})
        with transaction.atomic():
            for user in recipients:
                notify(
                    recipient=user,
                    kind="moderation_waiting",
                    context={
                        "agency": agency,
                        "count": row["count"],
                        "days": hours // 24,
                        "hours": hours % 24,
                    },
                    url=url,
                )
        cache.set(
            _alert_key(row["agency_id"]), now, timeout=int(ALERT_INTERVAL.total_seconds() * 2)
        )
        alerted += 1
    return alerted
