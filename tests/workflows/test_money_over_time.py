"""Money over time (issue #14): bookings per budget year, deadlines by scope, payouts after
Bestandskraft with no overpayment, interim reports, the Belegliste, the report's checks, the
settlement and the repayment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from backend.cases.models import InterimReport, Payout, Receipt, Repayment
from backend.cases.services import (
    interim_report_submit,
    payout_decide,
    payout_request,
    receipt_add,
    receipts_import,
)
from backend.programs.models import ApplicationDeadline, DeadlineScope
from tests import clock
from tests.factories import (
    complete_plan,
    move,
    pay_out,
    repayment_account,
    report_data,
    to_period_end,
    waive_remedies,
)
from tests.workflows.conftest import snapshot, spent_for
from tests.workflows.test_transitions import refused
from workflows import errors
from workflows.actors import Actor
from workflows.budget import split_by_year
from workflows.guards import DEADLINE_OPEN
from workflows.settlement import case_settlement, line_figures

pytestmark = pytest.mark.django_db


def test_split_by_year_follows_the_days_and_keeps_every_cent():
    shares = split_by_year(Decimal("1000"), dt.date(2027, 12, 1), dt.date(2028, 1, 30))
    assert shares == {2027: Decimal("508.19"), 2028: Decimal("491.81")}
    assert split_by_year(Decimal("99.99"), dt.date(2027, 1, 1), dt.date(2027, 6, 30)) == {
        2027: Decimal("99.99")
    }


# --- deadlines by scope ---------------------------------------------------------------------


def _deadline(program, due, scope):
    return ApplicationDeadline.objects.create(program=program, due_on=due, applies_to=scope)


@pytest.fixture
def mid_june(advice_case, actor, program, time_machine):
    """15 June of next year, a plan of 2,700 € (its start set per test), no deadlines yet."""
    complete_plan(advice_case, actor, program)
    year = clock.today().year + 1
    time_machine.move_to(clock.pinned_moment(dt.date(year, 6, 15)), tick=True)
    return year


def _starting(case, start):
    from backend.cases.models import FinancingPlan

    FinancingPlan.objects.filter(case=case).update(
        funding_start=start, funding_end=start + dt.timedelta(days=60)
    )
    case.refresh_from_db()


def test_essen_deadlines_current_year_by_31_march_next_year_by_31_august(
    advice_case, program, mid_june
):
    year = mid_june
    _deadline(program, dt.date(year, 3, 31), DeadlineScope.CURRENT_YEAR)
    _deadline(program, dt.date(year, 8, 31), DeadlineScope.NEXT_YEAR)

    _starting(advice_case, dt.date(year, 9, 1))  # this year: 31 March has passed
    assert DEADLINE_OPEN(advice_case) is False
    _starting(advice_case, dt.date(year + 1, 2, 1))  # next year: 31 August is ahead
    assert DEADLINE_OPEN(advice_case) is True
    _starting(advice_case, dt.date(year + 2, 2, 1))  # no deadline set for that year yet
    assert DEADLINE_OPEN(advice_case) is True


def test_small_measures_have_their_own_deadline(advice_case, program, mid_june):
    year = mid_june
    _deadline(program, dt.date(year, 3, 31), DeadlineScope.CURRENT_YEAR)
    _deadline(program, dt.date(year, 10, 31), DeadlineScope.SMALL)
    _starting(advice_case, dt.date(year, 9, 1))

    program.small_measure_threshold = Decimal("3000")
    program.save()
    advice_case.refresh_from_db()
    assert DEADLINE_OPEN(advice_case) is True  # 2,700 € is small: 31 October is ahead
    program.small_measure_threshold = Decimal("1000")
    program.save()
    advice_case.refresh_from_db()
    assert DEADLINE_OPEN(advice_case) is False  # not small: 31 March has passed


# --- payouts --------------------------------------------------------------------------------


def _request(case, amount, **kwargs):
    case.refresh_from_db()
    return payout_request(
        case=case,
        actor=Actor.applicant(case),
        amount=Decimal(amount),
        needed_within_two_months=kwargs.pop("needed", True),
        **kwargs,
    )


def test_payout_refused_before_the_decision_is_final(decision_case):
    before = snapshot(decision_case)
    with pytest.raises(errors.GuardFailed, match="bestandskräftig"):
        _request(decision_case, "1000")
    assert snapshot(decision_case) == before
    assert not Payout.objects.exists()


def test_payouts_in_instalments_up_to_the_approved_amount(decision_case, actor):
    waive_remedies(decision_case)
    first = _request(decision_case, "1500", purpose="Honorare März/April")
    decision_case.refresh_from_db()
    payout_decide(case=decision_case, actor=actor, payout_id=first.pk, approve=True)
    _request(decision_case, "1200")

    before = snapshot(decision_case)
    with pytest.raises(errors.GuardFailed, match="0,00 €") as info:
        _request(decision_case, "0.01")
    assert info.value.extra["guard"] == "payout_within_approved"
    assert snapshot(decision_case) == before
    first.refresh_from_db()
    assert first.status == "paid"
    assert first.paid_on == clock.today()


def test_payout_refused_without_the_two_month_statement(decision_case):
    waive_remedies(decision_case)
    from django.core.exceptions import ValidationError

    before = snapshot(decision_case)
    with pytest.raises(ValidationError) as info:
        _request(decision_case, "100", needed=False)
    assert "zwei Monaten" in str(info.value)
    assert snapshot(decision_case) == before


def test_payout_decision_is_the_coordinators_and_refusal_needs_reasons(decision_case, actor):
    waive_remedies(decision_case)
    payout = _request(decision_case, "500")
    decision_case.refresh_from_db()
    with pytest.raises(errors.Forbidden):
        payout_decide(
            case=decision_case,
            actor=Actor.applicant(decision_case),
            payout_id=payout.pk,
            approve=True,
        )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        payout_decide(case=decision_case, actor=actor, payout_id=payout.pk, approve=False)
    refused_payout = payout_decide(
        case=decision_case,
        actor=actor,
        payout_id=payout.pk,
        approve=False,
        reason="Bitte erst den Zwischennachweis.",
    )
    assert refused_payout.status == "refused"
    with pytest.raises(errors.TransitionNotAllowedInState):
        payout_decide(case=decision_case, actor=actor, payout_id=payout.pk, approve=True)


# --- interim report and receipts --------------------------------------------------------------


def test_interim_report_only_during_a_period_past_new_year(decision_case, time_machine):
    decision = decision_case.decision
    with pytest.raises(errors.GuardFailed, match="begonnen"):
        interim_report_submit(
            case=decision_case,
            actor=Actor.applicant(decision_case),
            year=decision.funding_start.year,
            narrative="x",
            spent_total=Decimal("0"),
        )
    time_machine.move_to(clock.pinned_moment(decision.funding_start), tick=True)
    decision_case.refresh_from_db()
    if decision.funding_start.year == decision.funding_end.year:
        with pytest.raises(errors.GuardFailed, match=r"31\. Dezember"):
            interim_report_submit(
                case=decision_case,
                actor=Actor.applicant(decision_case),
                year=decision.funding_start.year,
                narrative="x",
                spent_total=Decimal("0"),
            )
        assert not InterimReport.objects.exists()


def test_interim_report_for_a_project_running_past_new_year(
    application_case, actor, program, time_machine
):
    from tests.factories import approve_data, budgets_for_period

    start = clock.today() + dt.timedelta(days=30)
    end = start + dt.timedelta(days=400)  # always past 15 January of the next year
    budgets_for_period(program, "10000", start)
    from backend.programs.models import ProgramBudget

    for year in range(start.year, end.year + 1):
        ProgramBudget.objects.get_or_create(program=program, year=year, defaults={"amount": 10000})
    data = approve_data("2700", start) | {"funding_end": end.isoformat()}
    case = move(application_case, "approve", actor, data)
    time_machine.move_to(clock.pinned_moment(dt.date(start.year + 1, 1, 15)), tick=True)
    case.refresh_from_db()

    report = interim_report_submit(
        case=case,
        actor=Actor.applicant(case),
        year=start.year,
        narrative="Sechs Treffen.",
        spent_total=Decimal("900"),
    )

    assert report.year == start.year
    from backend.cases.services import interim_due_dates

    assert interim_due_dates(case.decision) == {start.year: dt.date(start.year + 1, 4, 30)}
    from workflows.services import failing_guards, transition_spec

    case.refresh_from_db()
    blocking = failing_guards(case, transition_spec("submit_report"))
    assert [guard["code"] for guard in blocking] == ["funding_period_ended"]


def test_receipts_import_from_csv_with_german_numbers_and_dates(decision_case, time_machine):
    to_period_end(time_machine, decision_case)
    start = decision_case.decision.funding_start
    csv_text = (
        "Datum;Empfänger;Grund;Betrag;Kostenposition\n"
        f"{start:%d.%m.%Y};Frau Yilmaz;Honorar Sprachmittlung;1.200,50;Honorare Sprachmittlung\n"
        f"{start:%Y-%m-%d};Bastelladen;Material;299,50;2\n"
    )
    count = receipts_import(
        case=decision_case, actor=Actor.applicant(decision_case), content=csv_text.encode("cp1252")
    )
    assert count == 2
    assert sum(r.amount for r in Receipt.objects.all()) == Decimal("1500.00")


def test_receipts_import_names_every_bad_row_and_stores_nothing(decision_case, time_machine):
    to_period_end(time_machine, decision_case)
    start = decision_case.decision.funding_start
    csv_text = (
        "Datum;Empfänger;Grund;Betrag;Kostenposition\n"
        "31.02.2027;A;B;10,00;1\n"
        f"{start:%d.%m.%Y};;B;abc;Reisekosten\n"
        f"{start - dt.timedelta(days=1):%d.%m.%Y};A;B;5;1\n"
    )
    from django.core.exceptions import ValidationError

    before = snapshot(decision_case)
    with pytest.raises(ValidationError) as info:
        receipts_import(
            case=decision_case, actor=Actor.applicant(decision_case), content=csv_text.encode()
        )
    messages = info.value.message_dict["file"]
    assert messages[0] == "Zeile 2: „31.02.2027“ ist kein Datum (z. B. 31.03.2027)."
    assert any("Zeile 3: „abc“ ist kein Betrag" in m for m in messages)
    assert any("Zeile 3: „Empfänger“ fehlt." in m for m in messages)
    assert any("Zeile 3: Die Kostenposition „Reisekosten“" in m for m in messages)
    assert any(
        m.startswith("Zeile 4:") and "außerhalb des Bewilligungszeitraums" in m for m in messages
    )
    assert snapshot(decision_case) == before
    assert not Receipt.objects.exists()


def test_report_refused_when_receipts_do_not_add_up_per_line(decision_case, time_machine):
    to_period_end(time_machine, decision_case)
    line = decision_case.financing_plan.lines.first()
    receipt_add(
        case=decision_case,
        actor=Actor.applicant(decision_case),
        line_id=line.pk,
        paid_on=decision_case.decision.funding_start,
        payee="A",
        reason="B",
        amount=Decimal("1999"),
    )
    spent = spent_for(decision_case, ["2000", "0"])
    error = refused(
        decision_case,
        "submit_report",
        Actor.applicant(decision_case),
        {"narrative": "x", "spent": spent},
        error=errors.InvalidPayload,
    )
    assert "Belegliste ergibt 1.999,00 €, angegeben sind 2.000,00 €" in error.errors["spent"][0]


# --- settlement -----------------------------------------------------------------------------


def test_line_tolerance_of_twenty_percent(decision_case, actor, time_machine):
    """Material planned 300: 360 spent is within 20 %, 400 is not (40 € not eligible)."""
    pay_out(decision_case, actor, "2700")
    to_period_end(time_machine, decision_case)
    move(
        decision_case,
        "submit_report",
        Actor.applicant(decision_case),
        report_data(decision_case, ["2600", "400"]),
    )
    figures = {f.label: f for f in line_figures(decision_case)}
    assert figures["Material"].over_tolerance
    assert figures["Material"].eligible == Decimal("360")
    assert figures["Material"].deviation_percent == Decimal("33.3")
    assert not figures["Honorare Sprachmittlung"].over_tolerance
    settlement = case_settlement(decision_case)
    assert settlement.eligible == Decimal("2960")
    assert settlement.repayment == Decimal("40.00")  # 2960 - 300 own share = 2660 earned


def test_simple_report_takes_totals_only(decision_case, actor, program, time_machine):
    program.simple_report = True
    program.save()
    pay_out(decision_case, actor, "2700")
    to_period_end(time_machine, decision_case)
    refused(
        decision_case,
        "submit_report",
        Actor.applicant(decision_case),
        {"narrative": "x"},
        error=errors.InvalidPayload,
    )
    case = move(
        decision_case,
        "submit_report",
        Actor.applicant(decision_case),
        {"narrative": "Gut.", "spent_total": "3000"},
    )
    assert case.report.simple
    assert case.report.spent_total == Decimal("3000")
    assert case_settlement(case).repayment == Decimal("0.00")


def test_repayment_with_interest_and_its_receipt_returns_to_the_budget_of_its_year(
    report_case, actor, program
):
    account = repayment_account()
    case = move(
        report_case,
        "demand_repayment",
        actor,
        {"charge_interest": "on", "interest_from": clock.today().isoformat()},
    )
    repayment = Repayment.objects.get(case=case)
    assert repayment.principal == Decimal("700.00")
    assert repayment.interest_rate == Decimal("6.27")
    assert repayment.due_on == clock.today() + dt.timedelta(days=account.due_days)
    assert repayment.interest == (Decimal("700") * Decimal("6.27") / 100 * 30 / 365).quantize(
        Decimal("0.01")
    )
    assert repayment.iban == "DE02370502990000684712"
    assert repayment.reference == f"KZ 5100 {case.reference}"
    letter = case.events.get(transition="demand_repayment").payload["letter"]
    assert case.documents.filter(pk=letter).exists()

    total = str(repayment.total)
    short = str(repayment.total - Decimal("0.01"))
    refused(
        case,
        "confirm_repayment",
        actor,
        {"received_on": clock.today().isoformat(), "received_amount": short},
        error=errors.InvalidPayload,
    )
    case = move(
        case,
        "confirm_repayment",
        actor,
        {"received_on": clock.today().isoformat(), "received_amount": total},
    )
    assert case.state == "closed"
    budget = program.budgets.get(year=clock.today().year)
    assert budget.returned == Decimal("700.00")


def test_demand_repayment_refused_without_an_account(report_case, actor):
    error = refused(report_case, "demand_repayment", actor, error=errors.GuardFailed)
    assert error.extra["guard"] == "repayment_account"
    assert not Repayment.objects.exists()


def test_repayment_mail_names_payee_iban_reference_and_due_date(
    report_case, actor, mailoutbox, jobs
):
    repayment_account()
    case = move(report_case, "demand_repayment", actor)
    jobs.run()
    mail = mailoutbox[-1]
    repayment = Repayment.objects.get(case=case)
    assert "Stadt Essen, Stadtkasse" in mail.body
    assert "IBAN: DE02 3705 0299 0000 6847 12" in mail.body
    assert f"Verwendungszweck: KZ 5100 {case.reference}" in mail.body
    assert repayment.due_on.strftime("%-d.") in mail.body
    assert "700,00" in mail.body
    assert mail.attachments  # the Schlussbescheid
