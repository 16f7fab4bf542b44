"""Taking part: a comment with a stance on an article or on the whole draft.

The text itself goes through the shared participation pipeline (checks, moderation, masking,
flags); this module adds what a consultation needs around it and refuses, before anything is
saved, what the consultation cannot take.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.consultations import selectors
from musharaka.consultations.models import Audience, Comment, Consultation, Node, Phase, Stance
from musharaka.core.models import (
    Agency,
    ParticipantType,
    Representation,
    RepresentationStatus,
    User,
)
from musharaka.participation.models import ParticipationRules
from musharaka.participation.selectors import space_for
from musharaka.participation.services import contribution_submit

AMENDMENT_MAX_LENGTH = 5000


def confirmed_representations(*, user: User) -> list[Representation]:
    """The user's confirmed representations, newest decision first (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        Representation.objects.filter(user=user, status=RepresentationStatus.CONFIRMED)
        .select_related("agency")
        .order_by("-decided_at", "-id")
    )


def _check_open(consultation: Consultation) -> None:
    closes = consultation.closes_at
    if consultation.phase != Phase.OPEN or (closes is not None and closes <= timezone.now()):
        raise PermissionDenied(_("This consultation is not open for comments."))


@transaction.atomic
def comment_submit(
    *,
    actor: User,
    consultation: Consultation,
    body: str,
    stance: str,
    node: Node | None = None,
    amendment: str = "",
    on_behalf_of: Agency | None = None,
    accepted_rules: ParticipationRules | None = None,
    ip: str | None = None,
) -> Comment:
    """Take a participant's comment with its stance. Refused, with nothing saved, when the
    consultation is not open, the article is not in the text now consulted, the stance is not
    one of the five, an amendment has no proposed text, the user does not represent the agency
    they speak for, or the consultation is for invited agencies and theirs is not one."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to take part."))
    _check_open(consultation)
    errors: dict[str, str] = {}
    if stance not in Stance.values:
        errors["stance"] = _("Choose your position on the text.")
    amendment = (amendment or "").strip() if stance == Stance.AMEND else ""
    if stance == Stance.AMEND and not amendment:
        errors["amendment"] = _("Write the text you propose instead.")
    elif len(amendment) > AMENDMENT_MAX_LENGTH:
        errors["amendment"] = _("The proposed text can be at most %(n)s characters.") % {
            "n": AMENDMENT_MAX_LENGTH
        }
    version = selectors.published_version(consultation=consultation)
    if version is None or (node is not None and node.version_id != version.pk):
        errors["node"] = _(
            "This article is not part of the text now open for comments. Read the current version."
        )
    representations = confirmed_representations(user=actor)
    if on_behalf_of is not None:
        match = [r for r in representations if r.agency_id == on_behalf_of.pk]
        if not match:
            errors["on_behalf_of"] = _("You are not a confirmed representative of this agency.")
        representation = match[0] if match else None
    else:
        representation = representations[0] if representations else None
    if errors:
        raise ValidationError(errors)
    agency_rep = on_behalf_of or next(
        (r.agency for r in representations if r.agency_id is not None), None
    )
    invited = (
        agency_rep is not None
        and consultation.audience != Audience.PUBLIC
        and consultation.invited_agencies.filter(pk=agency_rep.pk).exists()
    )
    if consultation.audience == Audience.INVITED and not invited:
        raise PermissionDenied(
            _("Only representatives of the invited agencies can comment on this consultation.")
        )
    space = space_for(owner=consultation)
    if space is None:
        raise PermissionDenied(_("This consultation is not open for comments."))
    space.agency = consultation.agency
    contribution = contribution_submit(
        actor=actor,
        space=space,
        body=body,
        target=node,
        accepted_rules=accepted_rules,
        ip=ip,
        extra={"stance": stance},
    )
    comment = Comment.objects.create(
        contribution=contribution,
        consultation=consultation,
        version=version,
        node=node,
        article_key=node.key if node is not None else None,
        position=review_position(node),
        stance=stance,
        amendment=amendment,
        participant_type=representation.kind if representation else ParticipantType.CITIZEN,
        on_behalf_of=on_behalf_of,
        invited=invited,
    )
    comment.new_findings = getattr(contribution, "new_findings", [])
    return comment


def review_position(node: Node | None) -> int:
    """A comment's place in the review table's document order (0: the whole draft)."""
    return node.position + 1 if node is not None else 0
