"""Answering every comment and publishing the outcome ("you said, we did").

The drafting team (the consultation's owner, its team, the agency's managers: rule
``consultations.answer``) assigns comments to members, records one decision with a bilingual
response for one or many comments at once, and publishes the outcome once every published comment
has its answer. Authors are told when their comment is answered and when the outcome is out.
"""

from collections.abc import Sequence

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import musharaka.consultations.rules  # noqa: F401  (registers "consultations.answer")
from musharaka.consultations.models import (
    Answer,
    Comment,
    Consultation,
    Phase,
    TimelineEntry,
)
from musharaka.core.audit import audit_record
from musharaka.core.models import User
from musharaka.notifications.services import notify
from musharaka.participation.cache import owner_generation_bump
from musharaka.participation.models import Contribution, Status

# Early answers are allowed while the consultation is still open.
ANSWERABLE_PHASES = frozenset({Phase.OPEN, Phase.CLOSED, Phase.UNDER_REVIEW})
EXCERPT_LENGTH = 160


def _check_may_answer(actor: User, consultation: Consultation) -> None:
    if not rules.test_rule("consultations.answer", actor, consultation):
        raise PermissionDenied(
            _("Only the drafting team or a manager of the agency can answer comments.")
        )
    if consultation.phase not in ANSWERABLE_PHASES:
        raise ValidationError(
            _(
                "Comments can only be answered while the consultation is open, closed "
                "or under review."
            )
        )


def _one_consultation(comments: Sequence[Comment]) -> Consultation:
    """The consultation all the given comments belong to; a mixed or empty batch is refused."""
    if not comments:
        raise ValidationError(_("Select at least one comment."))
    ids = {c.consultation_id for c in comments}
    if len(ids) != 1:
        raise ValidationError(_("All the selected comments must belong to one consultation."))
    return comments[0].consultation


def answer_team(*, consultation: Consultation) -> list[User]:
    """Who comments can be assigned to: the owner, then the drafting team."""
    team = [consultation.owner]
    team += [u for u in consultation.team.order_by("full_name", "email") if u.pk != team[0].pk]
    return team


@transaction.atomic
def comment_assign(*, actor: User, comments: Sequence[Comment], member: User | None) -> int:
    """Give comments to one team member to prepare the answer (``None`` takes them back)."""
    consultation = _one_consultation(comments)
    _check_may_answer(actor, consultation)
    if member is not None and member.pk not in {
        u.pk for u in answer_team(consultation=consultation)
    }:
        raise ValidationError(
            {"member": _("Comments can only be assigned to the owner or the drafting team.")}
        )
    ids = sorted(c.pk for c in comments)
    count = Comment.objects.filter(pk__in=ids).update(assigned_to=member)
    for comment in comments:
        comment.assigned_to = member
    audit_record(
        actor=actor,
        verb="consultation.comment_assign",
        target=consultation,
        changes={"comments": ids, "assigned_to": member.pk if member else None},
    )
    return count


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


@transaction.atomic
def comment_answer(
    *,
    actor: User,
    comments: Sequence[Comment],
    answer: str,
    response_ar: str,
    response_en: str = "",
) -> int:
    """Record one decision and response for one or many comments, and tell each author.

    Answering again replaces the earlier answer (and tells the authors again). Withdrawn
    comments need no answer and are refused.
    """
    consultation = _one_consultation(comments)
    _check_may_answer(actor, consultation)
    errors: dict[str, str] = {}
    if answer not in Answer.values:
        errors["answer"] = _("Choose a decision.")
    response_ar, response_en = response_ar.strip(), response_en.strip()
    if not response_ar:
        errors["response_ar"] = _("Write the response in Arabic.")
    if errors:
        raise ValidationError(errors)
    ids = sorted(c.pk for c in comments)
    contributions = {
        c.pk: c
        for c in Contribution.objects.filter(consultation_comment__pk__in=ids).select_related(
            "author"
        )
    }
    if any(c.status == Status.WITHDRAWN for c in contributions.values()):
        raise ValidationError(_("A withdrawn comment needs no answer; unselect it."))
    now = timezone.now()
    count = Comment.objects.filter(pk__in=ids).update(
        answer=answer,
        response_ar=response_ar,
        response_en=response_en,
        answered_by=actor,
        answered_at=now,
    )
    for comment in comments:
        comment.answer, comment.response_ar, comment.response_en = answer, response_ar, response_en
        comment.answered_by, comment.answered_at = actor, now
    owner_generation_bump(owner=consultation)  # the answers show under the comments
    audit_record(
        actor=actor,
        verb="consultation.comment_answer",
        target=consultation,
        changes={"comments": ids, "answer": answer},
    )
    by_author: dict[int, list[Contribution]] = {}
    for contribution in sorted(contributions.values(), key=lambda c: c.pk):
        by_author.setdefault(contribution.author_id, []).append(contribution)
    url = reverse("participation:mine")
    for answered in by_author.values():
        notify(
            recipient=answered[0].author,
            kind="consultation_comment_answered",
            context={
                "consultation": consultation,
                "count": len(answered),
                "excerpt": _excerpt(answered[0].body),
                "answer": Answer(answer).label,
                "response_ar": response_ar,
                "response_en": response_en,
            },
            url=url,
        )
    return count


def unanswered_count(*, consultation: Consultation) -> int:
    """Published comments still waiting for the drafting team's answer."""
    return Comment.objects.filter(
        consultation=consultation, contribution__status=Status.PUBLISHED, answer=""
    ).count()


@transaction.atomic
def outcome_publish(
    *, actor: User, consultation: Consultation, summary_ar: str, summary_en: str = ""
) -> Consultation:
    """Publish "what you said, what we did": only once every published comment is answered and
    no comment is left waiting for a moderator. Everyone who commented is told."""
    if not rules.test_rule("consultations.answer", actor, consultation):
        raise PermissionDenied(
            _("Only the drafting team or a manager of the agency can publish the outcome.")
        )
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.phase != Phase.UNDER_REVIEW:
        raise ValidationError(
            _("The outcome can only be published for a consultation under review.")
        )
    summary_ar, summary_en = summary_ar.strip(), summary_en.strip()
    if not summary_ar:
        raise ValidationError({"summary_ar": _("Write what was done in Arabic.")})
    left = unanswered_count(consultation=consultation)
    if left:
        raise ValidationError(
            ngettext(
                "%(count)d published comment still has no answer.",
                "%(count)d published comments still have no answer.",
                left,
            )
            % {"count": left}
        )
    pending = Comment.objects.filter(
        consultation=consultation, contribution__status=Status.PENDING
    ).count()
    if pending:
        raise ValidationError(
            ngettext(
                "%(count)d comment is still waiting for a moderator.",
                "%(count)d comments are still waiting for a moderator.",
                pending,
            )
            % {"count": pending}
        )
    before = consultation.phase
    consultation.phase = Phase.OUTCOME_PUBLISHED
    consultation.outcome_published_at = timezone.now()
    consultation.outcome_summary_ar = summary_ar
    consultation.outcome_summary_en = summary_en
    consultation.save(
        update_fields=[
            "phase",
            "outcome_published_at",
            "outcome_summary_ar",
            "outcome_summary_en",
            "updated_at",
        ]
    )
    TimelineEntry.objects.create(consultation=consultation, phase=Phase.OUTCOME_PUBLISHED)
    audit_record(
        actor=actor,
        verb="consultation.outcome_publish",
        target=consultation,
        changes={"phase": [before, consultation.phase]},
    )
    author_ids = (
        Comment.objects.filter(consultation=consultation)
        .exclude(contribution__status=Status.WITHDRAWN)
        .values("contribution__author_id")
    )
    authors = User.objects.filter(pk__in=author_ids).order_by("pk")
    url = reverse("consultations:outcome", args=[consultation.agency.slug, consultation.slug])
    for author in authors:
        notify(
            recipient=author,
            kind="consultation_outcome_published",
            context={"consultation": consultation},
            url=url,
        )
    return consultation
