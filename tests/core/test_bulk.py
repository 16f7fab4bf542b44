"""``core.bulk.rows_update``: many rows' values in one statement, read back as written."""

from datetime import UTC, datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, connection
from django.test.utils import CaptureQueriesContext

from musharaka.core.bulk import rows_update
from musharaka.core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_and_others_are_untouched():
    first, second, untouched = UserFactory.create_batch(3)
    first.full_name, first.last_login = "هدى الشهري", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    second.full_name, second.last_login = "Nora Alqahtani", None
    untouched_name = untouched.full_name
    untouched.full_name = "not stored"

    with CaptureQueriesContext(connection) as queries:
        rows_update(User, [first, second], ["full_name", "last_login"], using=DEFAULT_DB_ALIAS)
    assert len(queries) == 1

    stored = {u.pk: (u.full_name, u.last_login) for u in User.objects.all()}
    assert stored[first.pk] == ("هدى الشهري", datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    assert stored[second.pk] == ("Nora Alqahtani", None)
    assert stored[untouched.pk][0] == untouched_name


def test_no_rows_send_no_statement():
    with CaptureQueriesContext(connection) as queries:
        rows_update(User, [], ["full_name"], using=DEFAULT_DB_ALIAS)
    assert not queries
