"""Who may answer a poll, and who among staff sees its responses.

``may_answer`` gives the reason a person may not answer (or ``None``): services refuse with it,
pages show it instead of the form.
"""

import rules
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.models import Representation, RepresentationStatus
from musharaka.polls.models import Audience, Phase, Poll


def is_verified(user) -> bool:
    """Identity confirmed by the national single sign-on: the account is linked to one of the
    configured OpenID Connect providers (docs/auth.md)."""
    return user.is_authenticated and SocialAccount.objects.filter(user=user).exists()


def invited_representation(user, poll: Poll) -> Representation | None:
    """The user's confirmed representation of an agency invited to the poll, if any."""
    if not user.is_authenticated:
        return None
    return (
        Representation.objects.filter(
            user=user,
            status=RepresentationStatus.CONFIRMED,
            agency__in=poll.invited_agencies.all(),
        )
        .select_related("agency")
        .order_by("-decided_at", "-id")
        .first()
    )


def why_not_answer(user, poll: Poll, *, now=None) -> str | None:
    """Why ``user`` may not answer ``poll`` now, in words for them; ``None`` if they may."""
    phase = poll.phase_at(now or timezone.now())
    if phase == Phase.SCHEDULED:
        return _("This poll is not open yet.")
    if phase != Phase.OPEN or not poll.agency.is_active:
        return _("This poll is closed.")
    if poll.audience == Audience.EVERYONE:
        return None
    if not user.is_authenticated or not user.is_active:
        return _("Sign in to answer this poll.")
    if poll.audience == Audience.VERIFIED and not is_verified(user):
        return _("This poll is for users who signed in through the national single sign-on.")
    if poll.audience == Audience.INVITED and invited_representation(user, poll) is None:
        return _("This poll is for confirmed representatives of the agencies invited to it.")
    return None


@rules.predicate
def may_see_responses(user, agency) -> bool:
    """The poll's authors (content.edit) and the agency's analysts (reports.view)."""
    return rules.test_rule("core.content.edit", user, agency) or rules.test_rule(
        "core.reports.view", user, agency
    )


rules.add_rule("polls.see_responses", may_see_responses)
