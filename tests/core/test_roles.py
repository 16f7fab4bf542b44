"""docs/roles.md is the role-by-action table; roles.ACTIONS is what the code enforces.

The table is parsed and must equal ACTIONS exactly; then every cell is walked through ``rules``,
in the user's own agency (the cell decides) and in another agency (always refused).
"""

import re
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from musharaka.core.models import Role
from musharaka.core.roles import ACTIONS
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory

ROLES_MD = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
COLUMNS = [*Role.values, "platform admin"]
YES, NO = "✓", "—"


def parse_roles_table() -> dict[str, dict[str, bool]]:
    """``{action: {column: allowed}}`` from the Markdown table in docs/roles.md."""
    lines = [line.strip() for line in ROLES_MD.read_text(encoding="utf-8").splitlines()]
    rows = [line for line in lines if line.startswith("|")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    header, separator, *body = cells
    assert header[:2] == ["Action", "What it allows"]
    assert header[2:] == COLUMNS, "columns are the six roles then platform admin, in order"
    assert all(re.fullmatch(r":?-+:?", c) for c in separator)
    table = {}
    for row in body:
        assert len(row) == len(header), f"row has the wrong number of cells: {row}"
        action = row[0].strip("`")
        assert row[1], f"{action} needs a one-line description"
        assert action not in table, f"{action} appears twice"
        assert set(row[2:]) <= {YES, NO}, f"cells of {action} must be {YES} or {NO}"
        table[action] = {col: cell == YES for col, cell in zip(COLUMNS, row[2:], strict=True)}
    return table


def test_roles_md_equals_roles_py_exactly():
    table = parse_roles_table()
    from_doc = {
        action: frozenset(role for role in Role.values if cells[role])
        for action, cells in table.items()
    }
    assert from_doc == dict(ACTIONS)
    assert list(table) == list(ACTIONS), "same order, so the table reads like the code"


def test_roles_md_gives_platform_admin_every_action():
    assert all(cells["platform admin"] for cells in parse_roles_table().values())


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_cell_of_the_table_holds(action, role):
    agency, elsewhere = AgencyFactory(), AgencyFactory()
    user = make_staff(agency, role, totp=False)
    # The same role held in another agency gives nothing here.
    outsider = make_staff(elsewhere, role, totp=False)

    assert rules.test_rule(f"core.{action}", user, agency) is (role in ACTIONS[action])
    assert rules.test_rule(f"core.{action}", outsider, agency) is False
    assert rules.test_rule(f"core.{action}", user, elsewhere) is False


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
def test_platform_admin_passes_every_rule_in_every_agency(action):
    admin = UserFactory(is_superuser=True, is_staff=True)
    for agency in (AgencyFactory(), AgencyFactory(is_active=False)):
        assert rules.test_rule(f"core.{action}", admin, agency) is True


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
def test_people_without_a_role_are_refused(action):
    agency = AgencyFactory()
    assert rules.test_rule(f"core.{action}", UserFactory(), agency) is False
    assert rules.test_rule(f"core.{action}", AnonymousUser(), agency) is False
    assert rules.test_rule(f"core.{action}", None, agency) is False


@pytest.mark.django_db
def test_roles_in_a_retired_agency_give_nothing():
    agency = AgencyFactory(is_active=False)
    manager = make_staff(agency, Role.MANAGER, totp=False)
    assert not any(rules.test_rule(f"core.{a}", manager, agency) for a in ACTIONS)
