"""``manage.py demo`` builds a living system through the services, and a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from backend.accounts.models import User
from backend.cases.models import Case, CaseEvent
from backend.programs.models import ApplicationDeadline, FundingProgram, ProgramBudget

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        FundingProgram.objects.count(),
        ProgramBudget.objects.count(),
        ApplicationDeadline.objects.count(),
        Case.objects.count(),
        CaseEvent.objects.count(),
    )


@override_settings(DEBUG=True)
def test_demo_is_idempotent_and_covers_many_states(essen) -> None:
    call_command("demo", stdout=StringIO())
    first = _counts()
    call_command("demo", stdout=StringIO())

    assert _counts() == first
    states = set(Case.objects.values_list("state", flat=True))
    assert {"idea", "advice", "application", "decision", "closed", "referred", "rejected"} <= states
    districts = set(Case.objects.values_list("quarter__parent__code", flat=True))
    assert len(districts) >= 6
    program = FundingProgram.objects.get(name="Integrationsbudget Essen")
    assert program.max_amount_per_case == 5000
    assert {(d.month, d.day) for d in program.deadlines.values_list("due_on", flat=True)} == {
        (3, 31),
        (8, 31),
    }
    assert User.objects.get(username="bezirk-iv").check_password("demo")


@override_settings(DEBUG=True)
@pytest.mark.parametrize(
    "time_of_day",
    [dt.time(0, 3), dt.time(9, 2), dt.time(21, 30)],
    ids=["just-after-midnight", "during-the-demo-morning", "late-evening"],
)
def test_demo_cases_have_a_history_spread_over_the_past_year(essen, time_of_day) -> None:
    """Run at any time of the day, the demo's history ends before now (it once put today's
    steps at 09:00 and so, run after midnight, in the future)."""
    from tests import clock

    moment = dt.datetime.combine(clock.today(), time_of_day, tzinfo=clock.ZONE)
    with time_machine.travel(moment, tick=True):
        call_command("demo", stdout=StringIO())
        _assert_history(clock.today())


def _assert_history(today: dt.date) -> None:
    from backend.workspace.selectors import inbox_deadlines

    submitted = {
        timezone.localtime(created).date()
        for created in Case.objects.values_list("created_at", flat=True)
    }
    assert len(submitted) == Case.objects.count()  # each on its own day
    assert max(submitted) == today
    assert (today - min(submitted)).days >= 300
    for case in Case.objects.all():
        times = list(case.events.order_by("pk").values_list("created_at", flat=True))
        assert times == sorted(times), case.reference
        assert times[-1] <= timezone.now(), case.reference
    assert Case.objects.filter(state="closed").get().updated_at.date() < today
    # What a coordinator sees on the first morning: things coming due, in both panels.
    deadlines = inbox_deadlines(user=User.objects.get(username="zentrale"), today=today)
    assert deadlines.change_requests
    assert deadlines.reports
    own = inbox_deadlines(user=User.objects.get(username="bezirk-iv"), today=today)
    assert [r.case.quarter.parent.code for r in own.change_requests] == ["IV"]


def test_demo_refuses_without_debug(essen) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("demo", stdout=StringIO())


@override_settings(DEBUG=True)
def test_demo_serves_both_cities_strictly_apart(essen) -> None:
    """`make run` loads Essen and Oberhausen (issue #24): each city gets its own logins and
    cases, and each central office sees only its own city's cases."""
    from backend.areas.services import areas_load_reference
    from backend.cases.selectors import cases_visible_to

    areas_load_reference(city_slug="oberhausen")
    call_command("demo", stdout=StringIO())

    ob_central = User.objects.get(username="zentrale-ob")
    essen_central = User.objects.get(username="zentrale")
    assert ob_central.city.slug == "oberhausen"
    assert User.objects.get(username="sozialraum-1").city.slug == "oberhausen"
    ob_cases = Case.objects.filter(city__slug="oberhausen")
    assert ob_cases.exists()
    assert all(case.reference.startswith("OB-") for case in ob_cases)
    assert set(cases_visible_to(user=ob_central)) == set(ob_cases)
    assert set(cases_visible_to(user=essen_central)) == set(Case.objects.filter(city=essen))
    assert not set(cases_visible_to(user=essen_central)) & set(ob_cases)
