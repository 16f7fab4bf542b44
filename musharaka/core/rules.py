"""Object-level permissions: ``rules.test_rule("core.<action>", user, agency)``.

One rule per action in ``musharaka.core.roles.ACTIONS``; platform admins pass every rule.
"""

import rules

from musharaka.core.roles import ACTIONS
from musharaka.core.selectors import roles_in_agency


def _role_predicate(action: str, allowed: frozenset[str]):
    @rules.predicate(name=f"may_{action}")
    def has_role(user, agency) -> bool:
        if user is None or not user.is_authenticated or agency is None:
            return False
        if user.is_superuser:
            return True
        return bool(roles_in_agency(user=user, agency=agency) & allowed)

    return has_role


for _action, _allowed in ACTIONS.items():
    rules.add_rule(f"core.{_action}", _role_predicate(_action, _allowed))
