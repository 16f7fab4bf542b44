"""Working-time arithmetic for service levels: deadlines in working hours, counted in the
agency's days and hours (Sunday–Thursday by default), skipping Saudi public holidays (from the
maintained ``holidays`` library, which follows the Umm al-Qura dates of the Eids) and the
agency's own closures. Times are handled in Asia/Riyadh, where the working day is defined.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

RIYADH = ZoneInfo("Asia/Riyadh")
_MAX_DAYS = 3660  # a deadline is never searched for more than ten years ahead


@lru_cache(maxsize=64)
def national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("SA", years=[year]).keys())


@dataclass(frozen=True)
class WorkingTime:
    days: frozenset[int] = frozenset({6, 0, 1, 2, 3})  # Python weekdays, Sunday–Thursday
    starts: time = time(8, 0)
    ends: time = time(15, 0)
    national: bool = True
    closed: frozenset[date] = field(default_factory=frozenset)  # the agency's own closures
    opened: frozenset[date] = field(default_factory=frozenset)  # working despite a holiday

    def is_working_day(self, day: date) -> bool:
        if day in self.opened:
            return True
        if day in self.closed or day.weekday() not in self.days:
            return False
        return not (self.national and day in national_holidays(day.year))

    @property
    def day_seconds(self) -> int:
        start = self.starts.hour * 3600 + self.starts.minute * 60
        end = self.ends.hour * 3600 + self.ends.minute * 60
        return max(end - start, 0)

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return (
            datetime.combine(day, self.starts, tzinfo=RIYADH),
            datetime.combine(day, self.ends, tzinfo=RIYADH),
        )


def add_working_seconds(start: datetime, seconds: int, calendar: WorkingTime) -> datetime:
    """The moment ``seconds`` of working time after ``start``. Zero seconds from outside working
    hours gives ``start`` itself; otherwise the result always lies inside working hours."""
    if seconds <= 0 or calendar.day_seconds == 0:
        return start
    moment = start.astimezone(RIYADH)
    day = moment.date()
    left = seconds
    for _ in range(_MAX_DAYS):
        if calendar.is_working_day(day):
            opens, closes = calendar._window(day)
            begin = max(moment, opens)
            if begin < closes:
                available = int((closes - begin).total_seconds())
                if left <= available:
                    return begin + timedelta(seconds=left)
                left -= available
        day += timedelta(days=1)
        moment = datetime.combine(day, time(0, 0), tzinfo=RIYADH)
    raise ValueError("No working time in the next ten years: check the agency's calendar.")


def working_seconds_between(start: datetime, end: datetime, calendar: WorkingTime) -> int:
    """Working seconds from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_seconds_between(end, start, calendar)
    a, b = start.astimezone(RIYADH), end.astimezone(RIYADH)
    total = 0
    day = a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            opens, closes = calendar._window(day)
            begin, finish = max(a, opens), min(b, closes)
            if finish > begin:
                total += int((finish - begin).total_seconds())
        day += timedelta(days=1)
    return total


def subtract_working_seconds(end: datetime, seconds: int, calendar: WorkingTime) -> datetime:
    """The latest moment that lies ``seconds`` of working time before ``end``: a request due
    at or before it is at least that overdue (how the escalation scan asks in one query)."""
    if seconds <= 0 or calendar.day_seconds == 0:
        return end
    moment = end.astimezone(RIYADH)
    day = moment.date()
    left = seconds
    for _ in range(_MAX_DAYS):
        if calendar.is_working_day(day):
            opens, closes = calendar._window(day)
            finish = min(moment, closes)
            if finish > opens:
                available = int((finish - opens).total_seconds())
                if left <= available:
                    return finish - timedelta(seconds=left)
                left -= available
        day -= timedelta(days=1)
        moment = datetime.combine(day, time(23, 59, 59), tzinfo=RIYADH) + timedelta(seconds=1)
    raise ValueError("No working time in the last ten years: check the agency's calendar.")
