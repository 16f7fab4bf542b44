"""/workspace/<agency>/audit/: managers and analysts read the agency's trail, 50 to a page,
filtered by action, person and dates, in a constant number of queries."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.core.audit import audit_record
from musharaka.core.models import AuditEvent, Role
from musharaka.core.services import agency_update
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory

# Session, user, roles, TOTP check, agency, count, one page of events, verb suggestions, and
# what the shared layout asks for (unread notifications): 9 today, with room for the layout to
# grow. Fifty rows must not add a query per row.
MAX_QUERIES = 12


def url(agency, query=""):
    return f"/en/workspace/{agency.slug}/audit/{query}"


def record(agency, count, *, verb="content.edit", actor=None):
    """``count`` events (by distinct people unless ``actor``), each with changes to show."""
    for i in range(count):
        who = actor or UserFactory(full_name=f"Person {i}")
        audit_record(
            actor=who,
            verb=verb,
            target=agency,
            changes={"title": [f"old {i}", f"new {i}"], "note": "plain"},
        )


def rows(response) -> int:
    """Events listed in the page's table."""
    html = response.content.decode()
    if "<tbody>" not in html:
        return 0
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")


def test_analyst_reads_the_trail_with_times_people_actions_and_changes(client, agency):
    analyst = make_staff(agency, Role.ANALYST)
    manager = make_staff(agency, Role.MANAGER)
    agency_update(actor=manager, agency=agency, data={"name_en": "Renamed agency"})
    client.force_login(analyst)

    response = client.get(url(agency))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    event = AuditEvent.objects.get(verb="agency.update")
    local = timezone.localtime(event.created_at)
    assert f'<time datetime="{local.isoformat()}">' in html, "shown with |hdatetime"
    assert manager.full_name in html and manager.email in html
    assert "agency.update" in html
    assert "Renamed agency" in html
    assert "from “" in html and "” to “Renamed agency”" in html


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MODERATOR, Role.RESPONDER])
def test_roles_without_audit_access_are_refused(client, agency, role):
    client.force_login(make_staff(agency, role))
    assert client.get(url(agency)).status_code == 403


def test_the_trail_is_read_only(staff_client, agency):
    assert staff_client.post(url(agency)).status_code == 405


def test_fifty_events_to_a_page(staff_client, agency):
    record(agency, 120, actor=UserFactory())

    first = staff_client.get(url(agency))
    last = staff_client.get(url(agency, "?page=3"))

    assert rows(first) == 50
    assert rows(last) == 20
    assert "Page 1 of 3" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    assert rows(staff_client.get(url(agency, "?page=nonsense"))) == 50


def test_filter_by_action_prefix(staff_client, agency):
    record(agency, 3, verb="content.edit", actor=UserFactory())
    record(agency, 2, verb="contributions.moderate", actor=UserFactory())

    assert rows(staff_client.get(url(agency, "?verb=contributions"))) == 2
    assert rows(staff_client.get(url(agency, "?verb=content."))) == 3
    assert rows(staff_client.get(url(agency, "?verb=content.edit"))) == 3
    suggestions = staff_client.get(url(agency)).content.decode()
    assert '<option value="contributions">' in suggestions
    assert '<option value="contributions.moderate">' in suggestions


def test_filter_by_person_name_or_email(staff_client, agency):
    record(agency, 2, actor=UserFactory(full_name="Layla Haddad", email="lh@example.sa"))
    record(agency, 3, actor=UserFactory(full_name="Someone Else", email="se@example.sa"))

    assert rows(staff_client.get(url(agency, "?actor=layla"))) == 2
    assert rows(staff_client.get(url(agency, "?actor=se@example"))) == 3


def test_filter_by_dates_and_pages_keep_the_filter(staff_client, agency):
    record(agency, 60, actor=UserFactory())
    ids = list(
        AuditEvent.objects.filter(verb="content.edit").order_by("seq").values_list("pk", flat=True)
    )
    riyadh = timezone.get_current_timezone()
    # Append-only through the model; a test may still move events in time with a bulk update.
    AuditEvent.objects.filter(pk__in=ids[:5]).update(
        created_at=datetime(2025, 1, 10, 9, tzinfo=riyadh)
    )
    AuditEvent.objects.filter(pk__in=ids[5:]).update(
        created_at=datetime(2025, 3, 1, 9, tzinfo=riyadh)
    )

    january = staff_client.get(url(agency, "?date_from=2025-01-01&date_to=2025-01-31"))
    from_march = staff_client.get(url(agency, "?date_from=2025-03-01&verb=content"))

    assert rows(january) == 5
    assert rows(from_march) == 50
    assert 'href="?date_from=2025-03-01&amp;verb=content&amp;page=2"' in from_march.content.decode()
    assert rows(staff_client.get(url(agency, "?date_from=2025-03-01&verb=content&page=2"))) == 5


@pytest.mark.parametrize(
    "query",
    ["?date_from=yesterday", "?date_from=2025-02-01&date_to=2025-01-01"],
)
def test_bad_filters_are_explained_and_kept(staff_client, agency, query):
    response = staff_client.get(url(agency, query))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html
    assert "Enter a valid date." in html or "must not be before the start date" in html
    assert "yesterday" in html if "yesterday" in query else 'value="2025-02-01"' in html


def test_other_agencies_events_are_not_shown(staff_client, agency):
    elsewhere = AgencyFactory()
    record(elsewhere, 4, verb="secret.elsewhere", actor=UserFactory())
    assert "secret.elsewhere" not in staff_client.get(url(agency)).content.decode()


def test_query_count_does_not_grow_with_rows(
    staff_client, agency, other_agency, django_assert_max_num_queries
):
    """A page of 50 events costs no more queries than a page of 5."""
    record(agency, 5)
    with CaptureQueriesContext(connection) as few, django_assert_max_num_queries(MAX_QUERIES):
        assert rows(staff_client.get(url(agency))) == 5

    record(agency, 60)
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(MAX_QUERIES):
        assert rows(staff_client.get(url(agency))) == 50

    assert len(many.captured_queries) == len(few.captured_queries)
