"""Who may see and act on a request. Requests are private: the citizen who sent it, the staff
of its inbox's team, the people of the inbox's escalation chain and the agency's managers.
Team members must also hold the responder role. Everyone else (other staff of the same agency
included) gets a 404, as if it did not exist."""

import rules

from musharaka.contact.models import Inbox, Request
from musharaka.core.models import Role
from musharaka.core.selectors import roles_in_agency


def is_inbox_staff(user, inbox: Inbox) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = roles_in_agency(user=user, agency=inbox.agency)
    if not roles:
        return False  # left the agency: team membership alone gives nothing
    if Role.MANAGER in roles:
        return True
    if inbox.escalation_levels.filter(person=user).exists():
        return True
    return Role.RESPONDER in roles and inbox.team.filter(pk=user.pk).exists()


@rules.predicate
def may_handle(user, request: Request) -> bool:
    """Read the request and its internal notes, reply, ask for information, close."""
    return is_inbox_staff(user, request.inbox)


@rules.predicate
def may_assign(user, request: Request) -> bool:
    """Managers (and platform admins) assign and reassign; team members take unassigned ones."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or Role.MANAGER in roles_in_agency(user=user, agency=request.agency)


@rules.predicate
def is_requester(user, request: Request) -> bool:
    return user is not None and user.is_authenticated and request.citizen_id == user.pk


rules.add_rule("contact.handle", may_handle)
rules.add_rule("contact.assign", may_assign)
rules.add_rule("contact.follow", is_requester)
