"""Who may do what with a consultation (object-level, on the consultation itself).

Each helper appends its predicates below; ``rules.test_rule("consultations.<action>", user,
consultation)`` is how services and templates ask.
"""

import rules

from musharaka.core.models import Role
from musharaka.core.selectors import roles_in_agency

# --- Answering comments and publishing the outcome (review.py) ------------------------------


@rules.predicate
def may_answer(user, consultation) -> bool:
    """The drafting team answers: the consultation's owner, its team members, or a manager of
    its agency, as long as they are still on that agency's staff. Platform admins too."""
    if user is None or not user.is_authenticated or consultation is None:
        return False
    if user.is_superuser:
        return True
    roles = roles_in_agency(user=user, agency=consultation.agency)
    if not roles:
        return False
    if Role.MANAGER in roles or consultation.owner_id == user.pk:
        return True
    return consultation.team.filter(pk=user.pk).exists()


rules.add_rule("consultations.answer", may_answer)
