"""Deadline arithmetic in working hours: weekends, Saudi public holidays, agency closures."""

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from musharaka.contact.calendar import (
    RIYADH,
    WorkingTime,
    add_working_seconds,
    subtract_working_seconds,
    working_seconds_between,
)

HOUR = 3600
DEFAULT = WorkingTime()


def riyadh(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=RIYADH)


def test_a_thursday_afternoon_request_is_due_on_sunday():
    # Thursday 2026-11-26 14:00 + 2 working hours: 1 h on Thursday, the rest after the weekend.
    due = add_working_seconds(riyadh(2026, 11, 26, 14), 2 * HOUR, DEFAULT)
    assert due == riyadh(2026, 11, 29, 9)


def test_national_day_is_skipped_and_an_agency_can_work_it():
    # 2026-09-23 (Wednesday) is National Day.
    before = riyadh(2026, 9, 22, 15)
    assert add_working_seconds(before, HOUR, DEFAULT) == riyadh(2026, 9, 24, 9)
    working = WorkingTime(opened=frozenset({date(2026, 9, 23)}))
    assert add_working_seconds(before, HOUR, working) == riyadh(2026, 9, 23, 9)


def test_eid_holidays_follow_the_library():
    # Eid al-Fitr 1447: 2026-03-19 to 2026-03-24 (observed); a request on the 18th at 14:30.
    due = add_working_seconds(riyadh(2026, 3, 18, 14, 30), HOUR, DEFAULT)
    assert due == riyadh(2026, 3, 25, 8, 30)


def test_an_agency_closure_is_skipped():
    closed = WorkingTime(closed=frozenset({date(2026, 11, 29)}))
    assert add_working_seconds(riyadh(2026, 11, 26, 15), HOUR, closed) == riyadh(2026, 11, 30, 9)


moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(RIYADH)
)


@settings(max_examples=200, deadline=None)
@given(start=moments, seconds=st.integers(min_value=1, max_value=400 * HOUR))
def test_adding_then_measuring_gives_back_the_same_working_time(start, seconds):
    due = add_working_seconds(start, seconds, DEFAULT)
    assert due > start
    assert working_seconds_between(start, due, DEFAULT) == seconds
    local = due.astimezone(RIYADH)
    assert DEFAULT.is_working_day(local.date())
    assert time(8, 0) < local.time() <= time(15, 0)


@settings(max_examples=200, deadline=None)
@given(end=moments, seconds=st.integers(min_value=1, max_value=400 * HOUR))
def test_subtracting_is_the_inverse_of_measuring(end, seconds):
    earlier = subtract_working_seconds(end, seconds, DEFAULT)
    assert earlier < end
    assert working_seconds_between(earlier, end, DEFAULT) == seconds


@settings(max_examples=100, deadline=None)
@given(start=moments, first=st.integers(0, 100 * HOUR), second=st.integers(0, 100 * HOUR))
def test_a_pause_does_not_change_the_working_time_owed(start, first, second):
    """Spending part of the time, pausing for any span, then spending the rest ends with the
    whole allowance spent in working time, however long the pause."""
    paused_at = add_working_seconds(start, first, DEFAULT)
    resumed = paused_at + timedelta(days=3, hours=5)
    due = add_working_seconds(resumed, second, DEFAULT)
    spent = working_seconds_between(start, paused_at, DEFAULT) + working_seconds_between(
        resumed, due, DEFAULT
    )
    assert spent == first + second
