"""Every transition: the legal path; each refusal leaves state, events and budget unchanged."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from backend.cases.models import CaseEvent, ChangeRequest, Decision
from backend.cases.services import change_request_answer
from backend.offerings.models import Offering
from backend.programs.models import ProgramBudget
from tests import clock
from tests.factories import (
    ProgramFactory,
    approve_data,
    booked_budget,
    budget_for,
    budgets_for_period,
    complete_plan,
    deadline,
    move,
    pay_out,
    repayment_account,
    report_data,
    submit_idea,
    to_period_end,
)
from tests.workflows.conftest import snapshot, spent_for
from workflows import errors
from workflows.actors import Actor
from workflows.services import case_transition

pytestmark = pytest.mark.django_db


def refused(case, name, actor, data=None, *, error=errors.WorkflowError, **kwargs):
    """Assert the transition is refused with ``error`` and changes nothing; return the error."""
    case.refresh_from_db()
    before = snapshot(case)
    with pytest.raises(error) as info:
        case_transition(case=case, name=name, actor=actor, data=data or {}, **kwargs)
    assert snapshot(case) == before
    return info.value


# --- start_advice -------------------------------------------------------------------------


def test_start_advice_moves_idea_to_advice_and_records_event(idea_case, actor, coordinator):
    case = move(idea_case, "start_advice", actor, {"comment": "Termin vereinbart"})
    assert case.state == "advice"
    assert case.version == idea_case.version + 1
    event = CaseEvent.objects.filter(case=case, kind="transition").get()
    assert (event.transition, event.from_state, event.to_state) == (
        "start_advice",
        "idea",
        "advice",
    )
    assert event.actor == coordinator
    assert event.comment == "Termin vereinbart"


def test_start_advice_refused_for_coordinator_of_another_district(idea_case, other_coordinator):
    refused(idea_case, "start_advice", Actor.for_user(other_coordinator), error=errors.Forbidden)


def test_start_advice_refused_for_applicant(idea_case):
    refused(idea_case, "start_advice", Actor.applicant(idea_case), error=errors.Forbidden)


def test_start_advice_refused_in_wrong_state(advice_case, actor):
    error = refused(advice_case, "start_advice", actor, error=errors.TransitionNotAllowedInState)
    assert error.extra["state"] == "advice"


def test_central_office_may_act_in_any_district(idea_case):
    from tests.factories import UserFactory

    central = UserFactory(username="zentrale-test", is_central_office=True)
    assert move(idea_case, "start_advice", Actor.for_user(central)).state == "advice"


# --- refer --------------------------------------------------------------------------------


def test_refer_to_an_offering_records_it(advice_case, actor, essen):
    from tests.factories import quarter

    offering = Offering.objects.create(
        city=essen, title="Sprachcafé Borbeck", quarter=quarter(), external_id="sc-1"
    )
    data = {"referral_kind": "offering", "offering": offering.pk, "reason": "Gibt es schon."}
    case = move(advice_case, "refer", actor, data)
    assert case.state == "referred"
    assert case.referred_offering == offering
    assert case.referral_reason == "Gibt es schon."


def test_refer_requires_reason_and_offering(idea_case, actor):
    error = refused(
        idea_case, "refer", actor, {"referral_kind": "offering"}, error=errors.InvalidPayload
    )
    assert set(error.errors) == {"reason", "offering"}


def test_refer_refused_for_unknown_offering(idea_case, actor):
    data = {"referral_kind": "offering", "offering": 999999, "reason": "x"}
    error = refused(idea_case, "refer", actor, data, error=errors.InvalidPayload)
    assert "offering" in error.errors


def test_refer_refused_from_application(application_case, actor):
    data = {"referral_kind": "not_eligible", "reason": "x"}
    refused(application_case, "refer", actor, data, error=errors.TransitionNotAllowedInState)


# --- submit_application -------------------------------------------------------------------


def test_submit_application_by_applicant_moves_to_application(advice_case, actor, program):
    complete_plan(advice_case, actor, program)
    case = move(advice_case, "submit_application", Actor.applicant(advice_case))
    assert case.state == "application"
    assert case.program == program
    assert case.submitted_at is not None
    event = case.events.filter(transition="submit_application").get()
    assert event.actor_kind == "applicant"
    assert event.actor is None


def test_submit_application_refused_without_financing_plan(advice_case):
    error = refused(
        advice_case, "submit_application", Actor.applicant(advice_case), error=errors.GuardFailed
    )
    assert "plan_has_program" in {g["code"] for g in error.extra["guards"]}


def test_submit_application_refused_when_plan_does_not_balance(advice_case, actor, program):
    complete_plan(advice_case, actor, program)
    plan = advice_case.financing_plan
    plan.third_party = Decimal("500")
    plan.save()
    error = refused(advice_case, "submit_application", actor, error=errors.GuardFailed)
    assert [g["code"] for g in error.extra["guards"]] == ["plan_balanced"]


def test_submit_application_refused_when_own_share_too_small(advice_case, actor, program):
    program.min_own_share_percent = Decimal("50")
    program.save()
    complete_plan(advice_case, actor, program)
    error = refused(advice_case, "submit_application", actor, error=errors.GuardFailed)
    assert [g["code"] for g in error.extra["guards"]] == ["own_share_sufficient"]
    # Costs 3,000 €, 50 % of it is 1,500 €; the plan has 300 €: the message says all three.
    assert error.extra["guards"][0]["message"] == (
        "Der Eigenanteil ist geringer, als das Förderprogramm verlangt: mindestens 50 % der "
        "Gesamtkosten, also 1.500,00\u00a0€ (bisher 300,00\u00a0€)."
    )


def test_submit_application_refused_above_program_maximum(advice_case, actor, program):
    program.max_amount_per_case = Decimal("1000")
    program.save()
    complete_plan(advice_case, actor, program)
    error = refused(advice_case, "submit_application", actor, error=errors.GuardFailed)
    assert [g["code"] for g in error.extra["guards"]] == ["requested_within_program_max"]
    assert error.extra["guards"][0]["message"] == (
        "Der beantragte Betrag (2.700,00\u00a0€) ist höher als der Höchstbetrag des "
        "Förderprogramms (1.000,00\u00a0€)."
    )


def test_own_share_message_names_a_fractional_percentage_in_german(advice_case, actor, program):
    program.min_own_share_percent = Decimal("12.5")
    program.save()
    complete_plan(advice_case, actor, program)
    error = refused(advice_case, "submit_application", actor, error=errors.GuardFailed)
    assert (
        "mindestens 12,5 % der Gesamtkosten, also 375,00\u00a0€"
        in error.extra["guards"][0]["message"]
    )


def test_submit_application_refused_after_deadline(advice_case, actor, program):
    deadline(program, -1)
    complete_plan(advice_case, actor, program)
    error = refused(
        advice_case, "submit_application", Actor.applicant(advice_case), error=errors.GuardFailed
    )
    assert [g["code"] for g in error.extra["guards"]] == ["application_deadline_open"]


def test_submit_application_open_while_a_deadline_lies_ahead(advice_case, actor, program):
    deadline(program, -30)
    deadline(program, 0)
    complete_plan(advice_case, actor, program)
    assert (
        move(advice_case, "submit_application", Actor.applicant(advice_case)).state == "application"
    )


def test_coordinator_may_record_a_deadline_exception(advice_case, actor, program):
    deadline(program, -1)
    complete_plan(advice_case, actor, program)
    case = move(advice_case, "submit_application", actor, {"deadline_exception": "Krankheit"})
    assert case.state == "application"
    assert case.deadline_exception == "Krankheit"
    assert (
        case.events.get(transition="submit_application").payload["deadline_exception"]
        == "Krankheit"
    )


def test_applicant_may_not_record_a_deadline_exception(advice_case, actor, program):
    deadline(program, -1)
    complete_plan(advice_case, actor, program)
    error = refused(
        advice_case,
        "submit_application",
        Actor.applicant(advice_case),
        {"deadline_exception": "bitte"},
        error=errors.InvalidPayload,
    )
    assert "deadline_exception" in error.errors


def test_applicant_link_of_another_case_cannot_act(advice_case, actor, program):
    other = submit_idea(idea={"title": "Anderes Projekt"})
    complete_plan(advice_case, actor, program)
    refused(advice_case, "submit_application", Actor.applicant(other), error=errors.Forbidden)


# --- request_changes ----------------------------------------------------------------------


def test_request_changes_sends_application_back_with_change_request(application_case, actor):
    due = timezone.localdate() + timedelta(days=14)
    data = {"message": "Bitte Kostenvoranschlag beifügen.", "due_on": due.isoformat()}
    case = move(application_case, "request_changes", actor, data)
    assert case.state == "advice"
    request = ChangeRequest.objects.get(case=case)
    assert (request.message, request.due_on, request.resolved) == (data["message"], due, False)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("refer", {"referral_kind": "not_eligible", "reason": "Passt nicht."}),
        ("withdraw", {"comment": "Zieht zurück."}),
    ],
)
def test_finishing_the_case_resolves_its_open_change_requests(application_case, actor, name, data):
    """A referred or withdrawn case asks nothing more: its requests are resolved, and an
    answer to one is refused (the status page offered the form before)."""
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    case = move(
        application_case, "request_changes", actor, {"message": "Bitte KVA.", "due_on": due}
    )
    request = ChangeRequest.objects.get(case=case)

    case = move(case, name, actor if name == "refer" else Actor.applicant(case), data)

    request.refresh_from_db()
    assert request.resolved
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(errors.TransitionNotAllowedInState):
        change_request_answer(
            case=case, actor=Actor.applicant(case), change_request_id=request.pk, response="x"
        )
    request.refresh_from_db()
    assert request.response == ""
    assert CaseEvent.objects.filter(case=case).count() == events


def test_request_changes_refused_with_past_due_date(application_case, actor):
    data = {"message": "x", "due_on": timezone.localdate().isoformat()}
    error = refused(application_case, "request_changes", actor, data, error=errors.InvalidPayload)
    assert "due_on" in error.errors


def test_request_changes_refused_with_a_due_date_years_ahead(application_case, actor):
    data = {"message": "x", "due_on": "9999-12-31"}
    error = refused(application_case, "request_changes", actor, data, error=errors.InvalidPayload)
    assert error.errors["due_on"] == ["Die Frist darf höchstens ein Jahr entfernt liegen."]


def test_request_changes_refused_for_applicant(application_case):
    data = {"message": "x", "due_on": (timezone.localdate() + timedelta(days=3)).isoformat()}
    refused(
        application_case,
        "request_changes",
        Actor.applicant(application_case),
        data,
        error=errors.Forbidden,
    )


def test_resubmitting_resolves_the_open_change_request(application_case, actor):
    due = timezone.localdate() + timedelta(days=14)
    move(application_case, "request_changes", actor, {"message": "x", "due_on": due.isoformat()})
    case = move(application_case, "submit_application", Actor.applicant(application_case))
    assert case.state == "application"
    assert ChangeRequest.objects.get(case=case).resolved is True


# --- approve ------------------------------------------------------------------------------


def test_approve_commits_budget_and_sets_report_due_date(application_case, actor, program):
    data = approve_data("2500")
    case = move(application_case, "approve", actor, data)
    assert case.state == "decision"
    decision = Decision.objects.get(case=case)
    assert decision.amount == Decimal("2500")
    assert booked_budget(program).committed == Decimal("2500")
    end = clock.funding_period()[1]
    assert case.report_due_on == end + relativedelta(months=6)


def test_approve_refused_above_requested_amount(application_case, actor):
    error = refused(
        application_case, "approve", actor, approve_data("2700.01"), error=errors.InvalidPayload
    )
    assert "amount" in error.errors


def test_approve_refused_when_budget_is_exhausted(application_case, actor, program):
    ProgramBudget.objects.filter(program=program).update(committed=Decimal("9000"))
    error = refused(
        application_case, "approve", actor, approve_data("2700"), error=errors.GuardFailed
    )
    assert error.extra["guard"] == "budget_available"
    assert error.extra["remaining"] == "1000.00"
    assert "(1.000,00 €) reicht nicht" in error.message
    assert not Decision.objects.filter(case=application_case).exists()


def test_approve_refused_without_budget_for_the_year(application_case, actor):
    start = timezone.localdate().replace(month=1, day=1) + timedelta(days=800)
    error = refused(
        application_case, "approve", actor, approve_data("100", start), error=errors.GuardFailed
    )
    assert error.extra["guard"] == "budget_available"
    assert error.extra["year"] == start.year
    assert f"für {start.year} kein Budget hinterlegt" in error.message


def test_approve_into_next_year_names_the_missing_year(application_case, actor, program):
    """A project starting on 2 January of next year is booked to next year: if only this
    year has a budget, the refusal says which year is missing."""
    this_year = clock.today().year
    program.budgets.all().delete()
    budget_for(program, "10000", year=this_year)
    start = clock.today().replace(year=this_year + 1, month=1, day=2)

    error = refused(
        application_case, "approve", actor, approve_data("100", start), error=errors.GuardFailed
    )

    assert error.extra == {"guard": "budget_available", "year": this_year + 1}
    assert error.message == (
        f"Für Integrationsbudget Essen ist für {this_year + 1} kein Budget hinterlegt. Eine "
        "Bewilligung wird auf die Jahre ihres Bewilligungszeitraums gebucht; die Zentrale kann "
        f"das Budget {this_year + 1} in der Verwaltung anlegen."
    )
    assert program.budgets.get(year=this_year).committed == 0


def test_approve_across_new_year_is_booked_to_each_year_by_its_days(
    application_case, actor, program
):
    """20 December to 19 March: 12 of 90 days lie in the start year (Kassenwirksamkeit)."""
    this_year = clock.today().year
    start = clock.today().replace(month=12, day=20)
    budgets_for_period(program, "10000", start)
    data = approve_data("1800", start)
    data["funding_end"] = start.replace(year=this_year + 1, month=3, day=19).isoformat()
    days = (date.fromisoformat(data["funding_end"]) - start).days + 1

    case = move(application_case, "approve", actor, data)

    first = (Decimal("1800") * 12 / days).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    assert case.decision.budget_year == this_year
    assert program.budgets.get(year=this_year).committed == first
    assert program.budgets.get(year=this_year + 1).committed == Decimal("1800") - first
    bookings = {b.budget.year: b.amount for b in case.decision.bookings.all()}
    assert bookings == {this_year: first, this_year + 1: Decimal("1800") - first}


def test_approve_refused_with_end_before_start(application_case, actor):
    data = approve_data()
    data["funding_end"] = timezone.localdate().isoformat()
    error = refused(application_case, "approve", actor, data, error=errors.InvalidPayload)
    assert "funding_end" in error.errors


@pytest.mark.parametrize("name", ["approve", "reject"])
def test_decision_dated_in_the_future_is_refused(application_case, actor, name):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = approve_data() if name == "approve" else {"reasons": "Nein.", "deciding_body": "KI"}
    data["decided_on"] = tomorrow

    error = refused(application_case, name, actor, data, error=errors.InvalidPayload)

    assert error.errors["decided_on"] == [
        "Das Datum der Entscheidung darf nicht in der Zukunft liegen."
    ]
    assert not Decision.objects.filter(case=application_case).exists()


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "1e400", "NaN"])
def test_approve_refused_with_malformed_amount(application_case, actor, amount):
    error = refused(
        application_case, "approve", actor, approve_data(amount), error=errors.InvalidPayload
    )
    assert "amount" in error.errors


# --- reject -------------------------------------------------------------------------------


def test_reject_requires_reasons_and_records_decision(application_case, actor):
    refused(application_case, "reject", actor, {"deciding_body": "KI"}, error=errors.InvalidPayload)
    case = move(
        application_case, "reject", actor, {"reasons": "Nicht förderfähig.", "deciding_body": "KI"}
    )
    assert case.state == "rejected"
    assert Decision.objects.get(case=case).outcome == "rejected"


# --- report -------------------------------------------------------------------------------


@pytest.fixture
def ended_case(decision_case, time_machine):
    """The default project on the last day of its funding period."""
    to_period_end(time_machine, decision_case)
    return decision_case


def test_submit_report_records_spent_by_line(ended_case):
    data = report_data(ended_case, ["2000.50", "300"])
    case = move(ended_case, "submit_report", Actor.applicant(ended_case), data)
    assert case.state == "report"
    assert case.report.spent_total == Decimal("2300.50")


def _refused_report(case, spent):
    """The applicant's report with these ``spent`` figures, refused as invalid."""
    data = {"narrative": "x", "spent": spent}
    return refused(case, "submit_report", Actor.applicant(case), data, error=errors.InvalidPayload)


@pytest.mark.parametrize(
    ("spent", "reason"),
    [({}, "required"), ({"999999": "10"}, "unknown"), ("not a mapping", "invalid")],
)
def test_submit_report_refused_with_bad_figures(ended_case, spent, reason):
    error = _refused_report(ended_case, spent)
    assert "spent" in error.errors


def test_submit_report_refused_when_the_total_does_not_fit(ended_case):
    """Each amount below 10 billion, but their sum above what a money column holds: a clear
    refusal, not a database error (it was a 500)."""
    error = _refused_report(ended_case, spent_for(ended_case, ["9999999999,99", "1000,50"]))
    assert "mehr als 9.999.999.999,99" in error.errors["spent"][0]


def test_submit_report_refused_with_missing_line(ended_case):
    spent = spent_for(ended_case, ["2000", "300"])
    spent.popitem()
    error = _refused_report(ended_case, spent)
    assert "fehlt" in error.errors["spent"][0]


def test_request_report_changes_returns_to_decision(report_case, actor):
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    case = move(
        report_case, "request_report_changes", actor, {"message": "Belege fehlen", "due_on": due}
    )
    assert case.state == "decision"
    assert ChangeRequest.objects.get(case=case).for_report is True


def test_demand_repayment_records_repayment_when_less_was_spent(report_case, actor):
    repayment_account()
    case = move(report_case, "demand_repayment", actor)
    assert case.state == "repayment"
    # Fehlbedarf: planned 3000, own share 300, approved and paid 2700; spent 2300, so the gap
    # the grant covers is 2000 and 700 go back (not 2700 - 2300: the own share stays own).
    assert case.decision.repayment_amount == Decimal("700.00")
    assert case.repayment.principal == Decimal("700.00")
    assert case.report.accepted_at is not None


def test_accept_report_refused_while_money_is_to_be_paid_back(report_case, actor):
    error = refused(report_case, "accept_report", actor, error=errors.GuardFailed)
    assert error.extra["guards"][0]["code"] == "nothing_to_repay"
    assert "700,00" in error.message


def test_accept_report_releases_what_was_never_paid(decision_case, actor, program, time_machine):
    """2,000 € paid, 2,300 € spent: the grant earned is 2,000 €, nothing goes back, and the
    700 € never called return to the budget."""
    pay_out(decision_case, actor, "2000")
    to_period_end(time_machine, decision_case)
    move(
        decision_case,
        "submit_report",
        Actor.applicant(decision_case),
        report_data(decision_case, ["2000", "300"]),
    )

    case = move(decision_case, "accept_report", actor)

    assert case.state == "closed"
    assert case.decision.repayment_amount == Decimal("0.00")
    assert booked_budget(program).committed == Decimal("2000")


@pytest.mark.parametrize(
    ("financing_type", "spent", "repayment"),
    [
        # planned 3000, own share and third-party money 500, approved 2500
        ("fehlbedarf", "3000", "0.00"),  # as planned
        ("fehlbedarf", "3600", "0.00"),  # more spent: the grant stays a ceiling
        ("fehlbedarf", "2000", "1000.00"),  # 1000 saved: the grant shrinks by all of it
        ("fehlbedarf", "300", "2500.00"),  # less than the own share: all back
        ("anteil", "2400", "500.00"),  # 5/6 of 2400 = 2000 earned
        ("anteil", "2999.99", "0.01"),
        ("festbetrag", "2600", "0.00"),  # fixed while the costs reach it
        ("festbetrag", "2000", "500.00"),
        ("voll", "2000", "500.00"),
        ("voll", "0", "2500.00"),
    ],
)
def test_repayment_follows_the_financing_type(financing_type, spent, repayment):
    from workflows.effects import repayment_due

    due = repayment_due(
        financing_type=financing_type,
        approved=Decimal("2500"),
        planned_total=Decimal("3000"),
        own_and_third=Decimal("500"),
        spent=Decimal(spent),
    )

    assert due == Decimal(repayment)


def test_accept_report_refused_for_applicant(report_case):
    refused(report_case, "accept_report", Actor.applicant(report_case), error=errors.Forbidden)


# --- withdraw -----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["idea_case", "advice_case", "application_case"])
def test_applicant_may_withdraw_before_decision(request, fixture):
    case = request.getfixturevalue(fixture)
    case = move(case, "withdraw", Actor.applicant(case), {"reason": "Keine Zeit mehr"})
    assert case.state == "withdrawn"
    assert case.withdrawal_reason == "Keine Zeit mehr"


def test_withdraw_refused_after_decision(decision_case):
    refused(
        decision_case,
        "withdraw",
        Actor.applicant(decision_case),
        error=errors.TransitionNotAllowedInState,
    )


# --- the service itself --------------------------------------------------------------------


def test_unknown_transition_is_refused(idea_case, actor):
    refused(idea_case, "teleport", actor, error=errors.UnknownTransition)


def test_stale_version_is_refused(idea_case, actor):
    refused(
        idea_case,
        "start_advice",
        actor,
        expected_version=idea_case.version - 1,
        error=errors.StaleCase,
    )


def test_state_field_cannot_be_assigned_directly(idea_case):
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        idea_case.state = "closed"
    idea_case.refresh_from_db()
    assert idea_case.state == "idea"


def test_transition_queues_the_mail_to_the_contact(idea_case, actor, mailoutbox, jobs):
    jobs.run()  # the submission's confirmation and the coordinator's notice
    mailoutbox.clear()

    move(idea_case, "start_advice", actor)

    assert mailoutbox == []  # queued in the transaction, sent by the worker
    assert [job["task_name"] for job in jobs.queued()] == ["messaging.state_mail"]
    assert jobs.run() == 1
    [message] = mailoutbox
    assert message.to == ["ayse@example.org"]
    assert message.subject == f"Ihre Projektidee {idea_case.reference}: Die Beratung hat begonnen"
    assert "Die Beratung hat begonnen." in message.body


@pytest.mark.parametrize("language", ["de", "en"])
def test_change_request_mail_says_what_is_asked_and_by_when(
    application_case, actor, mailoutbox, jobs, language
):
    application_case.contact.preferred_language = language
    application_case.contact.save()
    due = timezone.localdate() + timedelta(days=14)
    data = {"message": "Bitte den Kostenvoranschlag beifügen.", "due_on": due.isoformat()}

    move(application_case, "request_changes", actor, data)
    jobs.run()

    body = mailoutbox[-1].body
    assert "Bitte den Kostenvoranschlag beifügen." in body
    if language == "de":
        assert f"bittet bis zum {due.day}. " in body
        assert body.rstrip().endswith("Ihre Integrationskoordination")
    else:
        assert "asks for the following by" in body
        assert "Statuslink" not in body


def test_program_without_deadlines_is_always_open(advice_case, actor):
    program = ProgramFactory(name="Ohne Frist")
    from tests.factories import budget_for

    budget_for(program, "5000")
    complete_plan(advice_case, actor, program)
    assert move(advice_case, "submit_application", actor).state == "application"


def test_without_a_plan_only_the_missing_parts_are_named(advice_case):
    """No plan yet: the case page lists what is missing, not "above the maximum" or
    "deadline passed", which compare a plan that does not exist."""
    from workflows.registry import transitions
    from workflows.services import failing_guards

    codes = [g["code"] for g in failing_guards(advice_case, transitions()["submit_application"])]

    assert codes == ["plan_has_program", "plan_has_lines", "plan_has_period"]
    refused(
        advice_case,
        "submit_application",
        Actor.applicant(advice_case),
        error=errors.GuardFailed,
    )
