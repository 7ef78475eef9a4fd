"""Real concurrent connections on PostgreSQL: budget row lock and optimistic locking."""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection

from backend.cases.models import Case, CaseEvent, Decision
from backend.programs.models import ProgramBudget
from tests.factories import approve_data, booked_budget, complete_plan, move, submit_idea
from workflows import errors
from workflows.actors import Actor
from workflows.services import case_transition

pytestmark = pytest.mark.django_db(transaction=True)


def run_concurrently(jobs):
    """Run callables in threads that start together; each thread has its own connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = [""] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            job()
            outcomes[index] = "ok"
        except errors.WorkflowError as exc:
            outcomes[index] = type(exc).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return Counter(outcomes)


def test_20_concurrent_approvals_on_a_budget_for_10_let_exactly_10_through(coordinator, program):
    ProgramBudget.objects.filter(program=program).update(amount=Decimal("10000"))
    actor = Actor.for_user(coordinator)
    case_ids = []
    for n in range(20):
        case = submit_idea(idea={"title": f"Projekt {n}"}, association_name=f"Verein {n}")
        move(case, "start_advice", actor)
        complete_plan(case, actor, program, requested="1000")
        move(case, "submit_application", actor)
        case_ids.append(case.pk)

    def approve(pk):
        return lambda: case_transition(
            case=Case.objects.get(pk=pk), name="approve", actor=actor, data=approve_data("1000")
        )

    outcomes = run_concurrently([approve(pk) for pk in case_ids])
    assert outcomes == Counter({"ok": 10, "GuardFailed": 10})
    assert booked_budget(program).committed == Decimal("10000")
    assert Decision.objects.count() == 10
    assert Case.objects.filter(state="decision").count() == 10
    assert Case.objects.filter(state="application").count() == 10
    assert CaseEvent.objects.filter(transition="approve").count() == 10


def test_two_concurrent_transitions_on_one_case_one_wins(coordinator):
    actor = Actor.for_user(coordinator)
    case = submit_idea()
    seen = Case.objects.get(pk=case.pk)

    outcomes = run_concurrently(
        [
            lambda: case_transition(case=seen, name="start_advice", actor=actor),
            lambda: case_transition(
                case=seen,
                name="refer",
                actor=actor,
                data={"referral_kind": "not_eligible", "reason": "Kein Bezug"},
            ),
        ]
    )
    assert outcomes == Counter({"ok": 1, "StaleCase": 1})
    case.refresh_from_db()
    assert case.state in {"advice", "referred"}
    assert CaseEvent.objects.filter(case=case, kind="transition").count() == 1
    assert case.version == seen.version + 1


def test_parallel_submissions_with_a_new_contact_all_succeed(coordinator):
    """Ten ideas at once from one association with an address it never used: ten cases, one
    contact person, no error (each used to race for the contact's unique row)."""
    from backend.associations.models import ContactPerson
    from backend.cases.models import Case
    from tests.factories import submit_idea

    submit_idea()  # the association exists, with another contact
    before = ContactPerson.objects.count()
    titles = [f"Idee {number}" for number in range(10)]

    def submit(title):
        def job():
            from backend.cases.services import case_create
            from tests.factories import quarter

            case_create(
                idea={
                    "title": title,
                    "quarter": quarter("Borbeck-Mitte"),
                    "challenge": "x",
                    "affected": "y",
                    "intended_result": "z",
                    "target_groups": ["familien"],
                    "topics": ["sprache"],
                },
                association={
                    "name": "Kulturbrücke Borbeck e.V.",
                    "postal_code": "45355",
                    "legal_form": "ev",
                },
                contact={"name": "Neu Person", "email": "neu@example.org"},
            )

        return job

    outcomes = run_concurrently([submit(title) for title in titles])

    assert outcomes == Counter({"ok": 10})
    assert Case.objects.filter(title__in=titles).count() == 10
    assert ContactPerson.objects.count() == before + 1
    assert set(Case.objects.filter(title__in=titles).values_list("contact__email", flat=True)) == {
        "neu@example.org"
    }


def test_20_concurrent_payout_requests_never_pay_out_more_than_approved(coordinator, program):
    """2,700 € approved; 20 requests of 500 € at once: five fit (2,500 €), fifteen are refused
    under the case's row lock; paying all five out at once stays within the approval."""
    from backend.cases.models import Payout
    from backend.cases.services import payout_decide, payout_request
    from tests.factories import waive_remedies

    actor = Actor.for_user(coordinator)
    case = submit_idea()
    move(case, "start_advice", actor)
    complete_plan(case, actor, program)
    move(case, "submit_application", actor)
    move(case, "approve", actor, approve_data("2700"))
    waive_remedies(case)

    def request():
        return lambda: payout_request(
            case=Case.objects.get(pk=case.pk),
            actor=Actor.applicant(case),
            amount=Decimal("500"),
            needed_within_two_months=True,
        )

    outcomes = run_concurrently([request() for _ in range(20)])
    assert outcomes == Counter({"ok": 5, "GuardFailed": 15})
    assert Payout.objects.filter(case=case).count() == 5

    def pay(pk):
        return lambda: payout_decide(
            case=Case.objects.get(pk=case.pk), actor=actor, payout_id=pk, approve=True
        )

    ids = list(Payout.objects.filter(case=case).values_list("pk", flat=True))
    outcomes = run_concurrently([pay(pk) for pk in ids] * 4)  # each one four times at once
    assert outcomes == Counter({"ok": 5, "TransitionNotAllowedInState": 15})
    paid = sum(p.amount for p in Payout.objects.filter(case=case, status="paid"))
    assert paid == Decimal("2500")
    assert CaseEvent.objects.filter(case=case, payload__has_key="payout").count() == 10
