"""After the decision through the API (issue #14): the decision record, payouts, interim
reports, the Belegliste, the repayment. Refusals are problem+json and change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.cases.models import Payout, Receipt
from tests.api.conftest import assert_problem
from tests.factories import (
    approve_data,
    complete_plan,
    move,
    pay_out,
    repayment_account,
    report_data,
    submit_idea,
    to_period_end,
    waive_remedies,
)
from tests.workflows.conftest import snapshot
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(coordinator, program):
    actor = Actor.for_user(coordinator)
    case = move(submit_idea(), "start_advice", actor)
    complete_plan(case, actor, program)
    move(case, "submit_application", actor)
    return move(case, "approve", actor, approve_data("2500"))


def test_decision_shows_the_record_and_its_bookings(api, decided):
    body = api.get(f"/api/v1/cases/{decided.pk}/decision/").json()
    assert body["financing_type"] == "fehlbedarf"
    assert body["reasons"] == "Gekürzt um nicht förderfähige Bewirtung."
    assert body["final_on"]
    assert body["notified_on"]
    assert sum(Decimal(b["amount"]) for b in body["bookings"]) == Decimal("2500")


def test_payout_request_refused_before_bestandskraft_then_granted(api, decided):
    url = f"/api/v1/cases/{decided.pk}/payouts/"
    before = snapshot(decided)
    response = api.post(url, {"amount": "500", "needed_within_two_months": True}, format="json")
    assert_problem(response, 409, "guard-failed")
    assert snapshot(decided) == before

    waive_remedies(decided)
    response = api.post(url, {"amount": "500", "needed_within_two_months": True}, format="json")
    assert response.status_code == 201, response.content
    payout_id = response.json()["id"]
    response = api.post(f"{url}{payout_id}/decision/", {"approve": True}, format="json")
    assert response.status_code == 200, response.content
    assert Payout.objects.get().status == "paid"
    funding = api.get(f"/api/v1/cases/{decided.pk}/funding/").json()
    assert funding["paid"] == "500.00"
    assert funding["available"] == "2000.00"


def test_receipts_import_names_bad_rows_and_adds_good_ones(api, decided, time_machine):
    to_period_end(time_machine, decided)
    url = f"/api/v1/cases/{decided.pk}/receipts/import/"
    response = api.post(
        url, {"csv": "Datum;Empfänger;Grund;Betrag;Kostenposition\nx;A;B;1;1\n"}, format="json"
    )
    assert_problem(response, 400, "validation")
    assert "Zeile 2" in response.content.decode()
    assert not Receipt.objects.exists()
    start = decided.decision.funding_start
    body = {"csv": f"Datum;Empfänger;Grund;Betrag;Kostenposition\n{start:%d.%m.%Y};A;B;12,50;1\n"}
    response = api.post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"imported": 1}
    listed = api.get(f"/api/v1/cases/{decided.pk}/receipts/").json()
    assert listed[0]["amount"] == "12.50"


def test_repayment_is_404_until_demanded_then_shows_where_to_pay(
    api, decided, coordinator, time_machine
):
    url = f"/api/v1/cases/{decided.pk}/repayment/"
    assert api.get(url).status_code == 404
    actor = Actor.for_user(coordinator)
    pay_out(decided, actor, "2500")
    to_period_end(time_machine, decided)
    move(decided, "submit_report", Actor.applicant(decided), report_data(decided, ["2000", "300"]))
    repayment_account()
    move(decided, "demand_repayment", actor)

    body = api.get(url).json()

    assert body["principal"] == "500.00"
    assert body["iban"] == "DE02370502990000684712"
    assert body["reference"].endswith(decided.reference)


@pytest.mark.parametrize("amount", ["1e3", "500.", "+500", " 500", "-0", "0", "0.001", 500])
def test_money_after_the_decision_takes_the_schemas_pattern_only(
    api, decided, amount, time_machine
):
    """Payout requests, interim reports and receipts take money as every other endpoint does:
    a string of euros matching the schema's pattern; anything else is a 400 naming the field,
    and nothing is stored (they once took exponents, a sign and bare numbers)."""
    waive_remedies(decided)
    before = snapshot(decided)
    response = api.post(
        f"/api/v1/cases/{decided.pk}/payouts/",
        {"amount": amount, "needed_within_two_months": True},
        format="json",
    )
    assert_problem(response, 400, "validation")
    assert "amount" in response.json()["errors"]
    to_period_end(time_machine, decided)
    line = decided.financing_plan.lines.first()
    response = api.post(
        f"/api/v1/cases/{decided.pk}/receipts/",
        {
            "line": line.pk,
            "paid_on": decided.decision.funding_start.isoformat(),
            "payee": "Bäckerei",
            "reason": "Kuchen",
            "amount": amount,
        },
        format="json",
    )
    assert_problem(response, 400, "validation")
    assert "amount" in response.json()["errors"]
    assert snapshot(decided) == before
    assert not Payout.objects.exists()
    assert not Receipt.objects.exists()
