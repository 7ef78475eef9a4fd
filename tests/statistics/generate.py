"""Generated cases for the figures' tests: every state of the lifecycle, reached through the
real workflow, spread over districts, programmes, topics, target groups and days."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

import time_machine

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind
from backend.cases.models import Case, Decision
from backend.common.vocabularies import TargetGroup, Topic
from backend.programs.models import FundingProgram
from tests import clock
from tests.factories import (
    ProgramFactory,
    UserFactory,
    approve_data,
    budgets_for_period,
    complete_plan,
    move,
    pay_out,
    repayment_account,
    report_data,
    submit_idea,
)
from workflows.actors import Actor
from workflows.errors import GuardFailed

#: Where a generated case ends, with how often (weights).
ENDINGS = {
    "idea": 3,
    "advice": 3,
    "planned": 2,  # in advice, with a draft plan naming a programme
    "referred": 1,
    "withdrawn": 1,
    "application": 2,
    "rejected": 2,
    "decision": 3,
    "report": 1,
    "closed": 2,
}


@dataclass
class Generated:
    central: User
    programs: list[FundingProgram]
    cases: list[Case]


def central_office_user() -> User:
    return UserFactory(username="statistik-zentrale", is_central_office=True)


def generate(count: int = 40, seed: int = 16) -> Generated:
    """``count`` cases in Essen, from a seeded random choice (the same every run)."""
    rng = random.Random(seed)
    central = central_office_user()
    actor = Actor.for_user(central)
    programs = [
        ProgramFactory(name=name, min_own_share_percent=Decimal("0"))
        for name in ("Integrationsbudget", "Quartiersfonds")
    ]
    for program in programs:
        budgets_for_period(program, "1000000")
    repayment_account()
    quarters = list(Area.objects.filter(kind=AreaKind.QUARTER, city__slug="essen"))
    cases = []
    for number in range(count):
        case = submit_idea(
            rng.choice(quarters).name,
            idea={
                "title": f"Projekt {number}",
                "topics": rng.sample(Topic.values, rng.randint(1, 3)),
                "target_groups": rng.sample(TargetGroup.values, rng.randint(1, 2)),
                "estimated_cost": Decimal(rng.randint(500, 9000)),
            },
            association_name=f"Verein {number % 7}",
        )
        ending = rng.choices(list(ENDINGS), weights=list(ENDINGS.values()))[0]
        _walk(case, ending, actor, rng.choice(programs), rng)
        # Ideas came in on different days (up to two years back): durations and years vary.
        received = clock.today() - dt.timedelta(days=rng.randint(31, 700))
        Case.objects.filter(pk=case.pk).update(
            created_at=dt.datetime.combine(received, dt.time(9, 30), tzinfo=clock.ZONE)
        )
        cases.append(case)
    return Generated(central, programs, cases)


def _walk(case: Case, ending: str, actor: Actor, program: FundingProgram, rng: random.Random):
    if ending == "idea":
        return
    if ending == "referred":
        move(case, "refer", actor, {"referral_kind": "not_eligible", "reason": "passt nicht"})
        return
    if ending == "withdrawn":
        move(case, "withdraw", Actor.applicant(case), {})
        return
    move(case, "start_advice", actor)
    if ending == "advice":
        return
    requested = str(rng.randint(10, 45) * 100)
    complete_plan(case, actor, program, requested=requested)
    if ending == "planned":
        return
    move(case, "submit_application", Actor.applicant(case))
    if ending == "application":
        return
    decided_on = (clock.today() - dt.timedelta(days=rng.randint(0, 30))).isoformat()
    if ending == "rejected":
        data = {"reasons": "Nicht förderfähig.", "deciding_body": "ASAGI"}
        move(case, "reject", actor, {**data, "decided_on": decided_on})
        return
    amount = str(int(requested) - rng.choice([0, 0, 100, 250]))
    move(case, "approve", actor, {**approve_data(amount), "decided_on": decided_on})
    if ending == "decision":
        return
    case.refresh_from_db()
    lines = list(case.financing_plan.lines.order_by("pk"))
    amounts = [str(line.amount - rng.choice([0, 50, 100])) for line in lines]
    # Most grants are paid out before the report; what the report does not earn comes back.
    if rng.random() < 0.7:
        pay_out(case, actor, amount)
    _report(case, ending, actor, amounts)


def _report(case: Case, ending: str, actor: Actor, amounts: list[str]) -> None:
    """The report at the end of the funding period (#14), with its Belegliste; a closed case
    is accepted, or first pays back what the report did not earn."""
    end = Decision.objects.get(case=case).funding_end
    with time_machine.travel(clock.pinned_moment(end), tick=True):
        move(case, "submit_report", Actor.applicant(case), report_data(case, amounts))
        if ending != "closed":
            return
        try:
            move(case, "accept_report", actor)
        except GuardFailed:  # something to pay back
            move(case, "demand_repayment", actor)
            owed = Decision.objects.get(case=case).repayment_amount
            received = {"received_on": end.isoformat(), "received_amount": str(owed)}
            move(case, "confirm_repayment", actor, received)
