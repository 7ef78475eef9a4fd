from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import Sum

from backend.cases.models import Case, CaseEvent
from backend.programs.models import ProgramBudget
from tests.factories import move
from workflows.actors import Actor


@dataclass(frozen=True)
class Snapshot:
    state: str
    version: int
    events: int
    committed: Decimal


def snapshot(case: Case) -> Snapshot:
    fresh = Case.objects.get(pk=case.pk)
    committed = ProgramBudget.objects.aggregate(total=Sum("committed"))["total"] or Decimal(0)
    return Snapshot(
        fresh.state, fresh.version, CaseEvent.objects.filter(case=case).count(), committed
    )


@pytest.fixture
def decision_case(application_case, actor):
    from tests.factories import approve_data

    return move(application_case, "approve", actor, approve_data())


def spent_for(case: Case, amounts: list[str]) -> dict[str, str]:
    ids = list(case.financing_plan.lines.values_list("pk", flat=True))
    return {str(pk): amount for pk, amount in zip(ids, amounts, strict=True)}


@pytest.fixture
def report_case(decision_case, actor, time_machine):
    """The default project at the end of its period: 2,700 € paid out, 2,300 € spent (so
    700 € are to be paid back), reported with a matching Belegliste."""
    from tests.factories import pay_out, report_data, to_period_end

    pay_out(decision_case, actor, "2700")
    to_period_end(time_machine, decision_case)
    return move(
        decision_case,
        "submit_report",
        Actor.applicant(decision_case),
        report_data(decision_case, ["2000", "300"]),
    )
