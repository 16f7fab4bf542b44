"""Fill the working-time figures (0003) of the requests stored before the services recorded
them: from arrival to the first response, to the answer and to closing, in the agency's working
seconds, less the time returned to the citizen for more information, with the pauses read from
each conversation (``musharaka.contact.durations``). Batches by primary-key range, so it runs in
bounded memory on SQLite and PostgreSQL alike.
"""

from datetime import date, time

from django.db import migrations

# Pure functions over the models passed in (the historical ones here) and calendar arithmetic.
from musharaka.contact.calendar import WorkingTime
from musharaka.contact.durations import fill


def _time(value: time | str) -> time:
    if isinstance(value, time):
        return value
    hours, minutes = str(value).split(":")[:2]
    return time(int(hours), int(minutes))


def calendars(apps) -> dict[int, WorkingTime]:
    """Each agency's working time, as ``selectors.working_time`` builds it; an agency that is
    not listed has the default calendar and no exceptions."""
    WorkCalendar = apps.get_model("contact", "WorkCalendar")
    CalendarDay = apps.get_model("contact", "CalendarDay")
    days: dict[int, tuple[set[date], set[date]]] = {}
    for agency_id, day, working in CalendarDay.objects.values_list("agency_id", "date", "working"):
        days.setdefault(agency_id, (set(), set()))[0 if working else 1].add(day)
    found = {}
    for row in WorkCalendar.objects.all():
        opened, closed = days.get(row.agency_id, (set(), set()))
        found[row.agency_id] = WorkingTime(
            days=frozenset(row.working_days),
            starts=_time(row.day_starts),
            ends=_time(row.day_ends),
            national=row.national_holidays,
            closed=frozenset(closed),
            opened=frozenset(opened),
        )
    for agency_id, (opened, closed) in days.items():
        if agency_id not in found:
            found[agency_id] = WorkingTime(closed=frozenset(closed), opened=frozenset(opened))
    return found


def backfill(apps, schema_editor=None) -> int:
    """Every request that was responded to or closed; returns how many."""
    Request = apps.get_model("contact", "Request")
    Message = apps.get_model("contact", "Message")
    known, default = calendars(apps), WorkingTime()
    return fill(
        Request.objects.exclude(first_response_at=None, closed_at=None),
        Message.objects.all(),
        lambda agency_id: known.get(agency_id, default),
    )


def forwards(apps, schema_editor) -> None:
    backfill(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0003_request_working_seconds"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
