"""The test suite's one clock: every date a test uses comes from here.

``today()`` is Django's ``timezone.localdate()`` (Europe/Berlin). A run pins it to a fixed day
with ``TEST_TODAY=YYYY-MM-DD`` (or ``pytest --today=YYYY-MM-DD``): ``tests/conftest.py`` then
starts time-machine before anything else runs, so the test database, the live server's threads
and every ``timezone.now()`` in the product see that day. Time still ticks from noon of that day,
so durations and ordering by creation time behave as in real life.

The default funding period of the test helpers (``complete_plan``, ``approve_data``) and the
budgets of the ``program`` fixture are derived from the same day, so an approval always finds a
budget for every year its period touches — on 31 December as on 1 June.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from django.utils import timezone

ENV = "TEST_TODAY"
#: Noon, local time: far from midnight, so UTC and Berlin agree on the date whatever the offset.
PINNED_TIME = dt.time(12, 0)
ZONE = ZoneInfo("Europe/Berlin")

#: The default project of the test helpers starts this many days after today …
FUNDING_START_IN_DAYS = 30
#: … and runs this many days (so it ends 200 days after today).
FUNDING_LENGTH_DAYS = 170


def parse_day(value: str, *, source: str = ENV) -> dt.date:
    """A day given as YYYY-MM-DD; anything else stops the run with a clear message."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{source}: expected a day as YYYY-MM-DD, got {value!r}") from None


def pinned_day(option: str | None = None) -> dt.date | None:
    """The day this run is pinned to (the --today option wins over TEST_TODAY), or None."""
    if option:
        return parse_day(option, source="--today")
    value = os.environ.get(ENV, "")
    return parse_day(value) if value.strip() else None


def pinned_moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, PINNED_TIME, tzinfo=ZONE)


def today() -> dt.date:
    return timezone.localdate()


def days_from_today(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def funding_period(start: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The default project's first and last day (from ``start``, or 30 days from today)."""
    start = start or days_from_today(FUNDING_START_IN_DAYS)
    return start, start + dt.timedelta(days=FUNDING_LENGTH_DAYS)


def years_of(start: dt.date, end: dt.date) -> range:
    """Every calendar year a period from ``start`` to ``end`` touches."""
    return range(start.year, end.year + 1)


def booking_year(start: dt.date | None = None) -> int:
    """The budget year an approval of the default project is booked to: its start year."""
    return funding_period(start)[0].year
