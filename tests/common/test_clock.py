"""The suite's clock (tests/clock.py): TEST_TODAY / --today pin every part of a run to one day."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.utils import timezone

from tests import clock

ROOT = Path(__file__).resolve().parents[2]


def test_every_thread_sees_the_day_of_the_run(request):
    """Run alone by the test below with a pinned day; in a normal run it holds as well."""
    pinned = clock.pinned_day(request.config.getoption("--today"))
    seen: list[dt.date] = []
    thread = threading.Thread(target=lambda: seen.append(timezone.localdate()))
    thread.start()
    thread.join()

    assert seen == [timezone.localdate()]
    if pinned is not None:
        assert timezone.localdate() == pinned
        assert timezone.localtime().hour >= clock.PINNED_TIME.hour  # noon, then ticking


def _pytest(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--today=2027-12-31"], {}),
        ([], {clock.ENV: "2027-12-31"}),
        (["--today=2027-12-31"], {clock.ENV: "2027-01-01"}),  # the option wins
    ],
    ids=["option", "environment", "option-over-environment"],
)
def test_a_run_is_pinned_to_the_given_day(args, env):
    probe = f"{Path(__file__).relative_to(ROOT)}::test_every_thread_sees_the_day_of_the_run"
    result = _pytest(*args, probe, env={clock.ENV: "", **env})

    assert result.returncode == 0, result.stdout + result.stderr
    assert "today: 2027-12-31 (pinned by time-machine)" in result.stdout
    assert "1 passed" in result.stdout


@pytest.mark.parametrize("value", ["2027-02-30", "31.12.2027", "morgen"])
def test_a_malformed_day_stops_the_run_with_its_name(value):
    result = _pytest("--co", "-q", "tests/common/test_clock.py", env={clock.ENV: value})

    assert result.returncode != 0
    assert f"TEST_TODAY: expected a day as YYYY-MM-DD, got {value!r}" in result.stderr


def test_default_funding_period_and_booking_year():
    start, end = clock.funding_period(dt.date(2027, 12, 2))

    assert (start, end) == (dt.date(2027, 12, 2), dt.date(2028, 5, 20))
    assert clock.years_of(start, end) == range(2027, 2029)
    assert clock.booking_year(dt.date(2027, 12, 31)) == 2027
    assert clock.funding_period()[0] == timezone.localdate() + dt.timedelta(days=30)
