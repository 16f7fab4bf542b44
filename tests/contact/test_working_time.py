"""The working time each request took, recorded by the services when it is first responded to,
answered and closed (as the deadlines count it: the agency's working hours, without the time
returned to the citizen), and the backfill of migration 0004 that works it out afterwards."""

import importlib
from datetime import date, datetime

import pytest
from django.apps import apps
from freezegun import freeze_time

from musharaka.contact import durations, services
from musharaka.contact.calendar import RIYADH, WorkingTime
from musharaka.contact.models import CalendarDay, Request, Status, WorkCalendar
from tests.contact.contact_data import make_inbox, send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

H = 3600
backfill_migration = importlib.import_module(
    "musharaka.contact.migrations.0004_backfill_working_seconds"
)


def at(day: int, hour: int, month: int = 11) -> datetime:
    """A moment in Riyadh in the week of Sunday 29 November 2026 (no public holiday near)."""
    return datetime(2026, month, day, hour, tzinfo=RIYADH)


def test_default_calendar_is_sunday_to_thursday_eight_to_three():
    calendar = WorkCalendar()
    assert (calendar.working_days, calendar.day_starts, calendar.day_ends) == (
        [6, 0, 1, 2, 3],
        "08:00",
        "15:00",
    )


def test_thursday_afternoon_to_sunday_morning_is_two_working_hours(agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    with freeze_time(at(26, 14)):  # Thursday 14:00
        request = send(inbox)
    with freeze_time(at(29, 9)):  # Sunday 09:00: 1 h on Thursday, 1 h on Sunday
        services.request_answer(actor=responder, request=request, body="الجواب")
    request.refresh_from_db()
    assert (request.first_response_working_seconds, request.answer_working_seconds) == (
        2 * H,
        2 * H,
    )
    assert request.close_working_seconds is None
    with freeze_time(at(29, 12)):
        services.request_close(actor=responder, request=request)
    request.refresh_from_db()
    assert request.close_working_seconds == 5 * H


def test_the_agencys_own_closures_do_not_count(agency):
    CalendarDay.objects.create(agency=agency, date=date(2026, 11, 29), working=False)
    inbox = make_inbox(agency)
    with freeze_time(at(26, 14)):
        request = send(inbox)
    with freeze_time(at(30, 9)):  # Monday: Sunday was closed
        services.request_answer(actor=inbox.team.get(), request=request, body="الجواب")
    assert request.answer_working_seconds == 2 * H


def test_time_returned_to_the_citizen_is_left_out_like_the_deadline_does(agency):
    inbox = make_inbox(agency, hours=16)
    responder = inbox.team.get()
    with freeze_time(at(29, 8)):  # Sunday 08:00
        request = send(inbox)
    with freeze_time(at(29, 10)):  # 2 working hours later: the clock stops
        services.request_ask_information(actor=responder, request=request, body="أرسل الرقم")
    assert request.first_response_working_seconds == 2 * H
    assert (request.waiting_since, request.remaining_seconds) == (at(29, 10), 14 * H)
    with freeze_time(at(30, 10)):  # Monday 10:00: 7 working hours later, it runs again
        services.citizen_reply(actor=request.citizen, request=request, body="الرقم ١٢٣")
    assert (request.waiting_since, request.waiting_working_seconds) == (None, 7 * H)
    with freeze_time(at(30, 12)):
        services.request_answer(actor=responder, request=request, body="الجواب")
    # 2 h before the question and 2 h after the reply: what the clock spent of the 16 h.
    assert request.answer_working_seconds == 4 * H
    assert request.first_response_working_seconds == 2 * H  # the first response stays
    with freeze_time(at(1, 9, month=12)):  # the citizen's rating closes it on Tuesday
        services.request_rate(actor=request.citizen, request=request, rating=4)
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.close_working_seconds == (7 + 7 + 1 - 7) * H


def test_reopening_clears_the_close_and_a_merge_while_waiting_ends_the_pause(agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    with freeze_time(at(29, 8)):
        request = send(inbox)
        duplicate = send(inbox, request.citizen, subject="مرة أخرى")
    with freeze_time(at(29, 9)):
        services.request_answer(actor=responder, request=request, body="الجواب")
        services.request_ask_information(actor=responder, request=duplicate, body="أي طلب؟")
    with freeze_time(at(29, 11)):
        services.request_rate(actor=request.citizen, request=request, rating=2)
        assert request.close_working_seconds == 3 * H
        services.request_reopen(actor=request.citizen, request=request, reason="لم يفد")
        assert (request.closed_at, request.close_working_seconds) == (None, None)
        assert request.answer_working_seconds == H  # kept, like answered_at
        services.request_merge(actor=responder, duplicate=duplicate, into=request)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.waiting_since) == (Status.CLOSED, None)
    assert (duplicate.waiting_working_seconds, duplicate.close_working_seconds) == (2 * H, H)
    with freeze_time(at(29, 13)):  # the time since the first answer counts: it was reopened
        services.request_answer(actor=responder, request=request, body="جواب أوضح")
    assert request.answer_working_seconds == 5 * H


def test_a_transfer_records_the_close_and_the_new_request_starts_afresh(agency, other_agency):
    inbox, there = make_inbox(agency), make_inbox(other_agency, slug="there")
    with freeze_time(at(26, 14)):
        request = send(inbox)
    with freeze_time(at(29, 10)):
        moved = services.request_transfer(
            actor=inbox.team.get(), request=request, to_inbox=there, reason="من اختصاصهم"
        )
    assert request.close_working_seconds == 3 * H
    assert (moved.first_response_working_seconds, moved.close_working_seconds) == (None, None)


def _recorded(request: Request) -> dict:
    request.refresh_from_db()
    return {name: getattr(request, name) for name in durations.FIELDS}


def test_the_backfill_finds_what_the_services_recorded(agency, other_agency):
    """Rows of the services, their figures erased, are filled again from their conversations
    and each agency's calendar (one with hours and a closure of its own), in small batches."""
    WorkCalendar.objects.create(agency=other_agency, day_starts="07:30", day_ends="14:30")
    CalendarDay.objects.create(agency=other_agency, date=date(2026, 11, 30), working=False)
    made = []
    for owner in (agency, other_agency):
        inbox = make_inbox(owner, slug=f"box-{owner.pk}")
        responder = inbox.team.get()
        citizen = UserFactory()  # one citizen, so that one request can be merged into another
        with freeze_time(at(26, 14)):
            untouched, waiting, paused, closed, merged = (send(inbox, citizen) for _ in range(5))
        with freeze_time(at(29, 10)):
            for request in (waiting, paused, merged):
                services.request_ask_information(actor=responder, request=request, body="؟")
            services.request_answer(actor=responder, request=closed, body="الجواب")
        with freeze_time(at(1, 11, month=12)):
            services.citizen_reply(actor=paused.citizen, request=paused, body="هذا هو")
            services.request_note(actor=responder, request=paused, body="ملاحظة")
        with freeze_time(at(2, 9, month=12)):
            services.request_answer(actor=responder, request=paused, body="الجواب")
            services.request_merge(actor=responder, duplicate=merged, into=closed)
        with freeze_time(at(3, 13, month=12)):
            services.request_rate(actor=paused.citizen, request=paused, rating=5)
            services.request_close(actor=responder, request=closed)
        made += [untouched, waiting, paused, closed, merged]
    recorded = {request.pk: _recorded(request) for request in made}
    assert recorded[made[2].pk]["answer_working_seconds"] is not None
    assert recorded[made[1].pk]["waiting_since"] == at(29, 10)
    Request.objects.update(
        first_response_working_seconds=None,
        answer_working_seconds=None,
        close_working_seconds=None,
        waiting_since=None,
        waiting_working_seconds=0,
    )
    calendars = backfill_migration.calendars(apps)
    assert calendars[other_agency.pk].starts.hour == 7
    assert date(2026, 11, 30) in calendars[other_agency.pk].closed

    filled = durations.fill(  # in batches of 3: a boundary falls inside an agency's rows
        Request.objects.exclude(first_response_at=None, closed_at=None),
        apps.get_model("contact", "Message").objects.all(),
        lambda agency_id: calendars.get(agency_id, WorkingTime()),
        batch=3,
    )
    assert filled == 8  # the untouched requests have nothing to record
    assert {request.pk: _recorded(request) for request in made} == recorded

    Request.objects.update(answer_working_seconds=None, close_working_seconds=None)
    assert backfill_migration.backfill(apps) == 8
    assert {request.pk: _recorded(request) for request in made} == recorded


def test_the_backfill_cannot_tell_an_earlier_answer_of_a_reopened_request():
    """Documented: the gap between an earlier answer and the reopening reads as a pause."""
    ask, reply, answer, reopen, last = (at(29, h) for h in (9, 10, 11, 12, 13))
    conversation = [
        ("citizen", at(29, 8)),
        ("staff", ask),
        ("citizen", reply),
        ("staff", answer),
        ("citizen", reopen),
        ("staff", last),
    ]
    assert durations.pauses(conversation, answered_at=last) == [(ask, reply), (answer, reopen)]
    assert durations.pauses(conversation[:2], answered_at=None) == [(ask, None)]
