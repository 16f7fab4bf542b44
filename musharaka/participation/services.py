"""Writes on the participant's side of the pipeline: submit, edit, withdraw, endorse, report.

Staff decisions (approve, hide, reject, redact, restore, warn, suspend, appeals) are in
``moderation.py``. Every channel calls these functions instead of writing contributions itself.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.audit import audit_record
from musharaka.core.models import Agency, User
from musharaka.participation import checks, ratelimit, selectors
from musharaka.participation.cache import space_generation_bump
from musharaka.participation.channels import check_submit, contribution_changed
from musharaka.participation.models import (
    Action,
    Contribution,
    Decision,
    Endorsement,
    Flag,
    ModerationMode,
    ParticipationRules,
    QueueReason,
    Space,
    Status,
)

EDIT_WINDOW = timedelta(minutes=15)
MAX_REPLY_DEPTH = 3
# More than this many contributions in POSTING_RATE_MINUTES in one agency looks like spam.
POSTING_RATE_LIMIT = 5
POSTING_RATE_MINUTES = 10
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


@dataclass(frozen=True)
class _Checked:
    """What the automatic checks made of a text."""

    body: str
    original: str
    key: str
    findings: list[checks.Finding]


def space_get_or_create(
    *,
    agency: Agency,
    channel: str,
    owner: Model,
    title_ar: str,
    title_en: str = "",
    url: str = "",
    regulation: bool = False,
) -> Space:
    """The space a channel object contributes to; its moderation mode starts from the agency's
    defaults (pre-moderation for consultations of draft regulations, post elsewhere)."""
    cfg = selectors.moderation_settings(agency=agency)
    if regulation:
        pre = cfg.regulation_consultations_pre_moderated
    else:
        pre = cfg.other_spaces_pre_moderated
    space, _created = Space.objects.get_or_create(
        owner_type=owner._meta.label_lower,
        owner_id=str(owner.pk),
        defaults={
            "agency": agency,
            "channel": channel,
            "title_ar": title_ar,
            "title_en": title_en,
            "url": url,
            "moderation": ModerationMode.PRE if pre else ModerationMode.POST,
        },
    )
    return space


def _check_may_contribute(actor: User, space: Space, context: selectors.PipelineContext) -> None:
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Sign in to take part."))
    if not space.is_open or not space.agency.is_active:
        raise PermissionDenied(_("This discussion is closed for new contributions."))
    until = context.suspended_until.get(actor.pk)
    if until is not None and until > timezone.now():
        raise PermissionDenied(
            _("Your participation with this agency is suspended until %(date)s.")
            % {"date": timezone.localtime(until).strftime("%Y-%m-%d %H:%M")}
        )


def _check_rules(current_id: int | None, accepted: ParticipationRules | None) -> int | None:
    if current_id is not None and (accepted is None or accepted.pk != current_id):
        raise ValidationError(
            {"accept_rules": _("Please read and accept the participation rules.")}
        )
    return current_id


def _check_rate(actor: User, ip: str | None) -> None:
    limits = settings.MUSHARAKA_CONTRIBUTION_RATE_LIMITS
    allowed = ratelimit.hit(f"contrib:user:{actor.pk}", **limits["user"])
    if ip:
        allowed = ratelimit.hit(f"contrib:ip:{ip}", **limits["ip"]) and allowed
    if not allowed:
        raise ValidationError(
            _("You are sending contributions too quickly. Wait a few minutes and try again.")
        )


def _run_checks(*, text: str, context: selectors.PipelineContext) -> _Checked:
    cfg = context.settings
    original = checks.validate_body(text, max_length=cfg.max_length)
    body, findings = checks.mask_personal_data(original)
    findings += checks.find_abuse(body, context.terms)
    findings += checks.spam_findings(body, max_links=cfg.max_links)
    return _Checked(body, original, checks.similarity_key(original), findings)


def _queue_reasons(space: Space, findings: list[checks.Finding]) -> list[str]:
    reasons = [QueueReason.PRE_MODERATION] if space.moderation == ModerationMode.PRE else []
    reasons += [f.check for f in findings if f.check not in reasons]
    return [str(r) for r in reasons]


def _findings_json(findings: list[checks.Finding]) -> list[dict]:
    return [{"check": f.check, "code": f.code, "detail": f.detail} for f in findings]


def _posting_rate_finding(recent: list[selectors.RecentContribution]) -> list[checks.Finding]:
    since = timezone.now() - timedelta(minutes=POSTING_RATE_MINUTES)
    count = sum(1 for r in recent if r.created_at >= since)
    if count >= POSTING_RATE_LIMIT:
        return [checks.Finding("spam", "posting_rate", "", detail=f"{count + 1} recent")]
    return []


def _check_parent(parent: Contribution | None, space: Space, target_type: str, target_id: str):
    if parent is None:
        return 0
    if parent.space_id != space.pk or (parent.target_type, parent.target_id) != (
        target_type,
        target_id,
    ):
        raise ValidationError(_("You can only reply within the same discussion."))
    if parent.status != Status.PUBLISHED:
        raise ValidationError(_("You can only reply to a published contribution."))
    if parent.depth + 1 > MAX_REPLY_DEPTH:
        raise ValidationError(_("Replies can only go three levels deep; reply higher up instead."))
    return parent.depth + 1


@transaction.atomic
def contribution_submit(
    *,
    actor: User,
    space: Space,
    body: str,
    target: Model | None = None,
    parent: Contribution | None = None,
    accepted_rules: ParticipationRules | None = None,
    ip: str | None = None,
    extra: dict | None = None,
) -> Contribution:
    """Take a participant's text through the checks into the space: published at once, or
    queued for a moderator with the reasons. Raises ValidationError with a clear message for
    input that cannot be taken (empty, too long, duplicate, too fast, rules not accepted)."""
    agency = space.agency
    context = selectors.pipeline_context(agency=agency)
    _check_may_contribute(actor, space, context)
    check_submit(actor=actor, space=space, target=target, parent=parent)
    rules_id = _check_rules(context.rules_id, accepted_rules)
    checked = _run_checks(text=body, context=context)
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""
    depth = _check_parent(parent, space, target_type, target_id)
    recent = selectors.recent_by_author(author=actor, agency=agency)
    same_space = [
        r.similarity_key for r in recent if r.space_id == space.pk and r.status != Status.WITHDRAWN
    ]
    if checks.is_near_duplicate(checked.key, same_space):
        raise ValidationError(_("You have already posted this, or something very close to it."))
    _check_rate(actor, ip)
    findings = checked.findings + _posting_rate_finding(recent)
    reasons = _queue_reasons(space, findings)
    now = timezone.now()
    contribution = Contribution.objects.create(
        space=space,
        agency=agency,
        target_type=target_type,
        target_id=target_id,
        parent=parent,
        depth=depth,
        author=actor,
        body=checked.body,
        body_original=checked.original if checked.original != checked.body else "",
        similarity_key=checked.key,
        language="ar" if _ARABIC_LETTER.search(checked.body) else "en",
        status=Status.PENDING if reasons else Status.PUBLISHED,
        needs_review=bool(reasons),
        queue_reasons=reasons,
        queued_at=now if reasons else None,
        published_at=None if reasons else now,
        findings=_findings_json(findings),
        extra=extra or {},
        rules_id=rules_id,
        ip=ip,
    )
    space_generation_bump(space_id=space.pk)
    contribution_changed(contribution=contribution)
    contribution.new_findings = findings  # for the view to tell the author why
    return contribution


def _require_author(actor: User, contribution: Contribution) -> None:
    if contribution.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can do this."))


@transaction.atomic
def contribution_edit(*, actor: User, contribution: Contribution, body: str) -> Contribution:
    """The author corrects their text within 15 minutes; it is checked again like new text."""
    _require_author(actor, contribution)
    if contribution.status not in (Status.PENDING, Status.PUBLISHED):
        raise ValidationError(_("This contribution can no longer be edited."))
    if timezone.now() - contribution.created_at > EDIT_WINDOW:
        raise ValidationError(_("Contributions can only be edited within 15 minutes."))
    context = selectors.pipeline_context(agency=contribution.agency)
    _check_may_contribute(actor, contribution.space, context)
    checked = _run_checks(text=body, context=context)
    reasons = [r for r in contribution.queue_reasons] if contribution.needs_review else []
    for finding in checked.findings:
        if finding.check not in reasons:
            reasons.append(finding.check)
    before = contribution.status
    contribution.body = checked.body
    contribution.body_original = checked.original if checked.original != checked.body else ""
    contribution.similarity_key = checked.key
    contribution.findings = _findings_json(checked.findings)
    contribution.edited_at = timezone.now()
    if reasons and not contribution.needs_review:
        contribution.status, contribution.needs_review = Status.PENDING, True
        contribution.queued_at = contribution.edited_at
        reasons.append(QueueReason.EDITED)
    contribution.queue_reasons = [str(r) for r in reasons]
    contribution.save()
    Decision.objects.create(
        contribution=contribution,
        actor=actor,
        action=Action.EDIT,
        from_status=before,
        to_status=contribution.status,
    )
    space_generation_bump(space_id=contribution.space_id)
    contribution_changed(contribution=contribution)
    contribution.new_findings = checked.findings
    return contribution


@transaction.atomic
def contribution_withdraw(*, actor: User, contribution: Contribution) -> None:
    """The author takes their contribution back; replies to it stay, under a placeholder."""
    _require_author(actor, contribution)
    if contribution.status == Status.WITHDRAWN:
        return
    before = contribution.status
    contribution.status, contribution.needs_review = Status.WITHDRAWN, False
    contribution.save(update_fields=["status", "needs_review"])
    Decision.objects.create(
        contribution=contribution,
        actor=actor,
        action=Action.WITHDRAW,
        from_status=before,
        to_status=Status.WITHDRAWN,
    )
    space_generation_bump(space_id=contribution.space_id)
    contribution_changed(contribution=contribution)


def _require_public_other(actor: User, contribution: Contribution) -> None:
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to take part."))
    if contribution.status != Status.PUBLISHED:
        raise ValidationError(_("This contribution is not published."))
    if contribution.author_id == actor.pk:
        raise ValidationError(_("You cannot do this to your own contribution."))


@transaction.atomic
def contribution_endorse(*, actor: User, contribution: Contribution) -> bool:
    """Toggle the reader's endorsement; returns whether it is now endorsed."""
    _require_public_other(actor, contribution)
    deleted, _rows = Endorsement.objects.filter(contribution=contribution, user=actor).delete()
    space_generation_bump(space_id=contribution.space_id)  # the count shown
    contribution_changed(contribution=contribution)
    if deleted:
        Contribution.objects.filter(pk=contribution.pk).update(
            endorsement_count=F("endorsement_count") - 1
        )
        return False
    Endorsement.objects.create(contribution=contribution, user=actor)
    Contribution.objects.filter(pk=contribution.pk).update(
        endorsement_count=F("endorsement_count") + 1
    )
    return True


@transaction.atomic
def contribution_flag(
    *, actor: User, contribution: Contribution, reason: str, note: str = ""
) -> Flag:
    """A reader reports a contribution. Enough distinct reports hide it until reviewed."""
    _require_public_other(actor, contribution)
    if Flag.objects.filter(contribution=contribution, user=actor).exists():
        raise ValidationError(_("You have already reported this contribution."))
    flag = Flag.objects.create(
        contribution=contribution, user=actor, reason=reason, note=note.strip()[:500]
    )
    Contribution.objects.filter(pk=contribution.pk).update(flag_count=F("flag_count") + 1)
    contribution.refresh_from_db(fields=["flag_count", "status"])
    threshold = selectors.pipeline_context(agency=contribution.agency).settings.flag_threshold
    if contribution.status == Status.PUBLISHED and contribution.flag_count >= threshold:
        _hide_after_reports(contribution)
    return flag


def _hide_after_reports(contribution: Contribution) -> None:
    contribution.status, contribution.needs_review = Status.HIDDEN, True
    contribution.queued_at = timezone.now()
    if QueueReason.FLAGS not in contribution.queue_reasons:
        contribution.queue_reasons = [*contribution.queue_reasons, str(QueueReason.FLAGS)]
    contribution.save(update_fields=["status", "needs_review", "queued_at", "queue_reasons"])
    Decision.objects.create(
        contribution=contribution,
        action=Action.AUTO_HIDE,
        from_status=Status.PUBLISHED,
        to_status=Status.HIDDEN,
    )
    space_generation_bump(space_id=contribution.space_id)
    contribution_changed(contribution=contribution)
    audit_record(
        actor=None,
        verb="contribution.auto_hide",
        target=contribution,
        changes={"flags": contribution.flag_count},
    )


@transaction.atomic
def rules_publish(
    *, actor: User, agency: Agency, body_ar: str, body_en: str = ""
) -> ParticipationRules:
    """Publish a new version of the agency's participation rules; authors accept the latest."""
    if not rules.test_rule("core.agency.edit", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))
    if not body_ar.strip():
        raise ValidationError({"body_ar": _("Write the rules in Arabic.")})
    latest = selectors.current_rules(agency=agency)
    version = ParticipationRules.objects.create(
        agency=agency,
        version=(latest.version + 1) if latest else 1,
        body_ar=body_ar.strip(),
        body_en=body_en.strip(),
        published_by=actor,
    )
    audit_record(actor=actor, verb="participation.rules_publish", target=version, agency=agency)
    selectors.pipeline_context_forget(agency=agency)
    return version
