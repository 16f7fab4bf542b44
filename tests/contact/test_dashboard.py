"""The requests dashboard: its figures on a small set counted by hand, who may see it, the
XLSX download, and a query count that does not grow with the data."""

import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from musharaka.contact import dashboard, services
from musharaka.contact.calendar import RIYADH
from musharaka.contact.models import Request, Status
from musharaka.core.models import Role
from tests.conftest import make_staff
from tests.contact.contact_data import make_inbox, send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)
D = timedelta(days=1)


def url(agency, *, xlsx=False, lang="en") -> str:
    prefix = "/en" if lang == "en" else ""
    page = "dashboard.xlsx" if xlsx else "dashboard/"
    return f"{prefix}/workspace/{agency.slug}/contact/{page}"


def make(inbox, status, created, *, citizen=None, **fields) -> Request:
    """A request row as the services leave it, ``created`` before now. Unless given, the
    working time to each moment is the time elapsed (as if the agency never closed), so the
    hand counts below read in plain hours."""
    for moment, figure in [
        ("first_response_at", "first_response_working_seconds"),
        ("answered_at", "answer_working_seconds"),
        ("closed_at", "close_working_seconds"),
    ]:
        if fields.get(moment) and figure not in fields:
            fields[figure] = int((fields[moment] - created).total_seconds())
    request = Request.objects.create(
        agency=inbox.agency,
        inbox=inbox,
        citizen=citizen or UserFactory(),
        kind="question",
        subject="موضوع",
        body="نص",
        status=status,
        **fields,
    )
    Request.objects.filter(pk=request.pk).update(created_at=created)
    return request


@pytest.fixture
def scene(agency, other_agency):
    """Ten requests of ``agency`` (and one of another agency that must never count):

    open: received (2 h old), assigned to r1 (2 days, overdue), in progress with r1 (5 days,
    overdue), waiting with r2 (10 days), in progress with r2 (40 days, not overdue);
    in the last 30 days: answered by r1 in 10 h; closed by r1 (asked after 4 h, answered late
    after 30 h, rated 5, closed after 24 h); closed by r2 (answered after 20 h, rated 2,
    closed after 36 h); a merged duplicate; 100 days ago: closed by r1, rated 1.
    """
    now = timezone.now()
    r1 = make_staff(agency, Role.RESPONDER)
    r2 = make_staff(agency, Role.RESPONDER)
    r1.full_name, r2.full_name = "Responder One", "Responder Two"
    r1.save(update_fields=["full_name"])
    r2.save(update_fields=["full_name"])
    x = make_inbox(agency, responder=r1, slug="x")
    y = make_inbox(agency, responder=r2, slug="y")
    make(x, Status.RECEIVED, now - 2 * H, due_at=now + 10 * H)
    make(x, Status.ASSIGNED, now - 2 * D, assigned_to=r1, due_at=now - H)
    make(x, Status.IN_PROGRESS, now - 5 * D, assigned_to=r1, due_at=now - 3 * D)
    make(
        y,
        Status.WAITING,
        now - 10 * D,
        assigned_to=r2,
        remaining_seconds=3600,
        first_response_at=now - 9 * D,
    )
    make(y, Status.IN_PROGRESS, now - 40 * D, assigned_to=r2, due_at=now + H)
    t = now - 3 * D
    answered = make(
        x,
        Status.ANSWERED,
        t,
        assigned_to=r1,
        first_response_at=t + 10 * H,
        answered_at=t + 10 * H,
    )
    t = now - 6 * D
    make(
        x,
        Status.CLOSED,
        t,
        assigned_to=r1,
        first_response_at=t + 4 * H,
        answered_at=t + 30 * H,
        answered_late=True,
        closed_at=t + 24 * H,
        rating=5,
    )
    t = now - 20 * D
    make(
        y,
        Status.CLOSED,
        t,
        assigned_to=r2,
        first_response_at=t + 20 * H,
        answered_at=t + 20 * H,
        closed_at=t + 36 * H,
        rating=2,
    )
    t = now - 4 * D
    make(x, Status.CLOSED, t, assigned_to=r1, closed_at=t + H, merged_into=answered)
    t = now - 100 * D
    make(
        x,
        Status.CLOSED,
        t,
        assigned_to=r1,
        first_response_at=t + 8 * H,
        answered_at=t + 8 * H,
        closed_at=t + 9 * H,
        rating=1,
    )
    elsewhere = make_inbox(other_agency, slug="x")
    make(elsewhere, Status.RECEIVED, now - H, due_at=now - 1 * H)
    return {"now": now, "x": x, "y": y, "r1": r1, "r2": r2}


def counts(lines) -> dict:
    return {line.key: (line.count, line.percent) for line in lines}


def test_figures_counted_by_hand(agency, scene):
    board = dashboard.dashboard(agency=agency, days=30, now=scene["now"])

    assert board.open_total == 5
    assert counts(board.by_status) == {
        "received": (1, "20%"),
        "assigned": (1, "20%"),
        "in_progress": (2, "40%"),
        "waiting": (1, "20%"),
    }
    assert [line.count for line in board.by_age] == [1, 1, 1, 1, 1]
    assert (board.running, board.overdue, board.overdue_percent) == (4, 2, "50%")
    assert board.received == 8
    assert (board.answered, board.answered_late, board.late_percent) == (3, 1, "33.3%")
    assert board.on_time_percent == "66.7%"
    assert board.closed == 2  # the merged duplicate is not a closed request
    assert board.first_responses == 4
    assert board.first_response_hours == pytest.approx(15)  # 4, 10, 20, 24 hours
    assert board.close_hours == pytest.approx(30)  # 24 and 36 hours
    assert (board.rated, board.rating) == (2, 3.5)
    assert counts(board.ratings) == {
        "5": (1, "50%"),
        "4": (0, "0%"),
        "3": (0, "0%"),
        "2": (1, "50%"),
        "1": (0, "0%"),
    }
    one, two, nobody = board.responders
    assert (one.name, one.open, one.answered, one.late, one.rating, one.rated) == (
        "Responder One",
        2,
        2,
        1,
        5,
        1,
    )
    assert one.median_hours == pytest.approx(20)  # 10 and 30 hours
    assert one.answered_percent == "66.7%"
    assert (two.name, two.open, two.answered, two.rating) == ("Responder Two", 2, 1, 2)
    assert two.median_hours == pytest.approx(20)
    assert (nobody.user_id, nobody.open, nobody.answered) == (None, 1, 0)


def test_one_inbox_and_a_longer_period(agency, scene):
    board = dashboard.dashboard(agency=agency, inbox=scene["y"], days=30, now=scene["now"])
    assert board.open_total == 2 and (board.running, board.overdue) == (1, 0)
    assert (board.answered, board.closed, board.rating) == (1, 1, 2)
    assert [p.name for p in board.responders] == ["Responder Two"]

    year = dashboard.dashboard(agency=agency, days=365, now=scene["now"])
    assert (year.answered, year.closed, year.rated) == (4, 3, 3)
    assert year.rating == pytest.approx(8 / 3)
    assert year.received == 10
    assert year.close_hours == pytest.approx(24)  # 9, 24 and 36 hours


def test_nothing_yet(agency):
    board = dashboard.dashboard(agency=agency)
    assert board.open_total == 0 and board.responders == []
    assert board.first_response_hours is None and board.overdue_percent == "—"


def test_page_shows_the_figures(client, agency, scene):
    client.force_login(make_staff(agency, Role.ANALYST))
    response = client.get(url(agency))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Requests dashboard" in page
    assert "<caption>Open requests by status</caption>" in page
    assert "Responder One" in page and "working hours" in page
    assert "calendar hours" not in page
    assert '<bdi dir="ltr" class="ident">33.3%</bdi>' in page  # answered late
    assert '<bdi dir="ltr" class="ident">3.5</bdi>' in page  # average rating

    one_inbox = client.get(url(agency), {"inbox": scene["y"].pk, "period": "365"})
    assert one_inbox.status_code == 200
    assert "Responder One" not in one_inbox.content.decode()


def test_bad_filter_is_a_400_with_the_choice_kept(client, agency, other_agency, scene):
    client.force_login(make_staff(agency, Role.MANAGER))
    response = client.get(url(agency), {"period": "7", "inbox": scene["x"].pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'aria-invalid="true"' in page
    assert f'<option value="{scene["x"].pk}" selected>' in page
    foreign = make_inbox(other_agency, slug="elsewhere")
    assert client.get(url(agency), {"inbox": foreign.pk}).status_code == 400
    assert client.get(url(agency, xlsx=True), {"period": "abc"}).status_code == 400


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 200),
        (Role.ANALYST, 200),
        (Role.RESPONDER, 403),
        (Role.EDITOR, 403),
        (Role.MODERATOR, 403),
    ],
)
def test_who_may_see_it(client, agency, role, status):
    client.force_login(make_staff(agency, role))
    assert client.get(url(agency)).status_code == status
    assert client.get(url(agency, xlsx=True)).status_code == status


def test_other_agencies_and_visitors(client, agency, other_agency):
    client.force_login(make_staff(other_agency, Role.MANAGER))
    assert client.get(url(agency)).status_code == 404
    assert client.get(url(agency, xlsx=True)).status_code == 404
    client.logout()
    assert client.get(url(agency)).status_code == 302


def test_xlsx_in_arabic_is_right_to_left(client, agency, scene):
    client.force_login(make_staff(agency, Role.ANALYST))
    response = client.get(url(agency, xlsx=True, lang="ar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 5
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_xlsx_holds_the_tables(client, agency, scene):
    client.force_login(make_staff(agency, Role.MANAGER))
    response = client.get(url(agency, xlsx=True), {"inbox": "", "period": "30"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Summary",
        "Open by status",
        "Open by age",
        "Satisfaction",
        "Responders",
    ]
    assert not any(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    status = book["Open by status"]
    assert status["A1"].value == "Open requests by status"
    rows = [row for row in status.iter_rows(min_row=5, values_only=True)]
    assert rows[0] == ("Received", 1, 0.2) and rows[2] == ("In progress", 2, 0.4)
    summary = {row[0]: row[1:] for row in book["Summary"].iter_rows(min_row=5, values_only=True)}
    assert summary["Answered after the deadline"] == (1, pytest.approx(1 / 3))
    assert summary["Median time to close (working hours)"][0] == 30
    assert summary["Median time to the first answer (working hours)"][0] == 15
    responders = list(book["Responders"].iter_rows(min_row=5, values_only=True))
    assert responders[0][0] == "Responder One" and responders[0][2:4] == (2, 2)
    assert responders[0][6] == 20


def test_query_count_does_not_grow_with_the_data(client, agency, scene):
    client.force_login(make_staff(agency, Role.MANAGER))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(agency)).status_code == 200
    now = timezone.now()
    inbox = make_inbox(agency, slug="more")
    for n in range(12):
        person = make_staff(agency, Role.RESPONDER)
        inbox.team.add(person)
        make(inbox, Status.IN_PROGRESS, now - n * D, assigned_to=person, due_at=now - H)
        make(
            inbox,
            Status.CLOSED,
            now - n * D - D,
            assigned_to=person,
            first_response_at=now - n * D,
            answered_at=now - n * D,
            closed_at=now - n * D,
            rating=1 + n % 5,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(agency))
    assert response.status_code == 200
    assert len(response.context["board"].responders) == 15
    assert len(many) == len(few), [q["sql"][:120] for q in many]
    with CaptureQueriesContext(connection) as xlsx:
        client.get(url(agency, xlsx=True))
    assert len(xlsx) <= len(many)


def test_longer_periods_are_kept_ten_minutes_but_open_requests_stay_live(client, agency, scene):
    client.force_login(make_staff(agency, Role.MANAGER))
    first = client.get(url(agency), {"period": "365"})
    assert first.context["board"].answered == 4
    assert "refreshed every 10 minutes" in first.content.decode()
    make(scene["x"], Status.RECEIVED, timezone.now() - H, due_at=timezone.now() + H)
    now = timezone.now()
    make(
        scene["x"],
        Status.ANSWERED,
        now - 2 * H,
        assigned_to=scene["r1"],
        first_response_at=now - H,
        answered_at=now - H,
    )
    with CaptureQueriesContext(connection) as kept:
        again = client.get(url(agency), {"period": "365"}).context["board"]
    assert (again.open_total, again.answered) == (6, 4)  # the new answer not counted yet
    live = client.get(url(agency), {"period": "30"})
    assert (live.context["board"].open_total, live.context["board"].answered) == (6, 3 + 1)
    assert "refreshed every 10 minutes" not in live.content.decode()
    with CaptureQueriesContext(connection) as counted:
        client.get(url(agency), {"period": "90"})
    assert len(kept) < len(counted)


def test_the_answer_records_whether_it_came_after_the_deadline(agency):
    inbox = make_inbox(agency, slug="timed")
    responder = inbox.team.get()
    on_time, late = send(inbox), send(inbox)
    Request.objects.filter(pk=late.pk).update(due_at=timezone.now() - H)
    late.refresh_from_db()
    services.request_answer(actor=responder, request=on_time, body="الجواب")
    services.request_answer(actor=responder, request=late, body="الجواب")
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.answered_late, late.answered_late) == (False, True)
    assert late.due_at is None
    board = dashboard.dashboard(agency=agency)
    assert (board.answered, board.answered_late) == (2, 1)


def riyadh(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=RIYADH)


def test_the_medians_are_working_hours(client, agency):
    """Sent on Thursday at 14:00 and answered on Sunday at 09:00: 2 working hours (the default
    calendar: Sunday to Thursday, 08:00 to 15:00), not the 67 hours of the calendar."""
    inbox = make_inbox(agency, slug="weekend")
    responder = inbox.team.get()
    responder.full_name = "Weekend Responder"
    responder.save(update_fields=["full_name"])
    with freeze_time(riyadh(26, 14)):
        request = send(inbox)
    with freeze_time(riyadh(29, 9)):
        services.request_answer(actor=responder, request=request, body="الجواب")
    with freeze_time(riyadh(29, 12)):
        services.request_close(actor=responder, request=request)
    with freeze_time(riyadh(29, 13)):
        board = dashboard.dashboard(agency=agency)
        assert (board.first_response_hours, board.close_hours) == (2, 5)
        (person,) = board.responders
        assert (person.name, person.median_hours) == ("Weekend Responder", 2)

        client.force_login(make_staff(agency, Role.MANAGER))
        page = client.get(url(agency)).content.decode()
        first = page.index("Median time to the first answer (working hours)")
        assert '<bdi dir="ltr" class="ident">2</bdi>' in page[first : first + 120]
        close = page.index("Median time to close (working hours)")
        assert '<bdi dir="ltr" class="ident">5</bdi>' in page[close : close + 120]
        assert "Median time to answer (working hours)" in page

        book = openpyxl.load_workbook(io.BytesIO(client.get(url(agency, xlsx=True)).content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=5, values_only=True)}
    assert summary["Median time to the first answer (working hours)"] == 2
    assert summary["Median time to close (working hours)"] == 5
    responders = book["Responders"]
    assert responders["G4"].value == "Median time to answer (working hours)"
    assert responders["G5"].value == 2


def test_medians_per_responder_read_the_recorded_working_time(agency):
    """Each person's median comes from the working time recorded at their answers, whatever
    the calendar time was; an answer without a recorded figure is counted, not timed."""
    now = timezone.now()
    r1, r2 = make_staff(agency, Role.RESPONDER), make_staff(agency, Role.RESPONDER)
    inbox = make_inbox(agency, responder=r1, slug="medians")
    inbox.team.add(r2)
    for person, hours in [(r1, 2), (r1, 4), (r1, 9), (r2, 1), (r2, 3), (r2, None)]:
        created = now - 5 * D  # 5 calendar days before each answer
        make(
            inbox,
            Status.ANSWERED,
            created,
            assigned_to=person,
            first_response_at=now - H,
            first_response_working_seconds=None if hours is None else hours * 3600,
            answered_at=now - H,
            answer_working_seconds=None if hours is None else hours * 3600,
        )
    board = dashboard.dashboard(agency=agency, now=now)
    by_id = {p.user_id: p for p in board.responders}
    assert (by_id[r1.pk].answered, by_id[r1.pk].median_hours) == (3, 4)
    assert (by_id[r2.pk].answered, by_id[r2.pk].median_hours) == (3, 2)
    assert board.first_responses == 6  # all counted; the median over the five timed
    assert board.first_response_hours == 3  # 1, 2, 3, 4, 9


def test_the_dashboard_takes_as_many_queries_as_before(agency, scene, django_assert_num_queries):
    """Reading recorded working time adds no query: open requests (1), the period's answers by
    person (1), their durations (1), requests received (1), two medians (2 each), names (1)."""
    with django_assert_num_queries(9):
        board = dashboard.dashboard(agency=agency, days=30, now=scene["now"])
    assert board.first_response_hours is not None and board.close_hours is not None


def _request_reads(cursor, sql: str) -> list[str]:
    """The plan's lines that read ``contact_request``. PostgreSQL is asked with sequential scans
    discouraged: on tiny test tables it would scan anyway, so a scan left means no index fits."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        return [row[0] for row in cursor.fetchall() if "contact_request" in row[0]]
    cursor.execute("EXPLAIN QUERY PLAN " + sql)
    return [row[-1] for row in cursor.fetchall() if "contact_request" in row[-1]]


def test_the_period_figures_read_only_covering_indexes(agency, scene):
    """Each query of the period, the working-time medians included, reads one range of an
    index that holds every column it needs (on SQLite the table itself is never read; on
    PostgreSQL, whose choice of index-only scans depends on its statistics, no query is left
    without an index)."""
    scope = Request.objects.filter(agency=agency)
    with CaptureQueriesContext(connection) as queries:
        dashboard.period_figures(scope=scope, start=scene["now"] - 30 * D, now=scene["now"])
    assert len(queries) == 7
    with transaction.atomic(), connection.cursor() as cursor:
        for query in queries.captured_queries:
            reads = _request_reads(cursor, query["sql"])
            if connection.vendor == "postgresql":
                assert reads and not any("Seq Scan" in line for line in reads), reads
                assert any("_work" in line for line in reads), (query["sql"], reads)
                continue
            assert len(reads) == 1, (query["sql"], reads)
            assert reads[0].startswith("SEARCH contact_request USING COVERING INDEX"), reads
