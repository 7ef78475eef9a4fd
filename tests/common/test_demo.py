"""``manage.py demo`` builds a living system through the services, and a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

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


def test_demo_refuses_without_debug(essen) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("demo", stdout=StringIO())
