"""The case page after the decision (issue #14): payouts decided there, planned against spent
per line, the decision record and the repayment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from backend.cases.models import Payout
from backend.cases.services import payout_request
from tests.factories import (
    move,
    pay_out,
    repayment_account,
    report_data,
    to_period_end,
    waive_remedies,
)
from tests.workflows.conftest import snapshot
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision_case(application_case, actor):
    from tests.factories import approve_data

    return move(application_case, "approve", actor, approve_data("2500"))


def _requested(case):
    waive_remedies(case)
    case.refresh_from_db()
    return payout_request(
        case=case,
        actor=Actor.applicant(case),
        amount=Decimal("1000"),
        needed_within_two_months=True,
    )


def test_coordinator_pays_a_requested_payout_from_the_case_page(client, coordinator, decision_case):
    payout = _requested(decision_case)
    client.force_login(coordinator)
    page = client.get(reverse("workspace:case_detail", args=[decision_case.reference]))
    html = page.content.decode()
    assert "Mittelabrufe" in html
    assert "Bestandskräftig ab" in html
    assert "Gekürzt um nicht förderfähige Bewirtung." in html

    decision_case.refresh_from_db()
    response = client.post(
        reverse("workspace:payout_decide", args=[decision_case.reference, payout.pk]),
        {"version": decision_case.version, "decision": "pay"},
    )

    assert response.status_code == 302
    payout.refresh_from_db()
    assert payout.status == "paid"


def test_refusing_a_payout_needs_a_reason(client, coordinator, decision_case):
    payout = _requested(decision_case)
    client.force_login(coordinator)
    decision_case.refresh_from_db()
    before = snapshot(decision_case)

    response = client.post(
        reverse("workspace:payout_decide", args=[decision_case.reference, payout.pk]),
        {"version": decision_case.version, "decision": "refuse", "reason": ""},
    )

    assert response.status_code == 400
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    assert snapshot(decision_case) == before
    assert Payout.objects.get().status == "requested"


def test_planned_against_spent_per_line_and_the_repayment(
    client, coordinator, decision_case, actor, time_machine
):
    pay_out(decision_case, actor, "2500")
    to_period_end(time_machine, decision_case)
    move(
        decision_case,
        "submit_report",
        Actor.applicant(decision_case),
        report_data(decision_case, ["1800", "400"]),
    )
    client.force_login(coordinator)

    html = client.get(
        reverse("workspace:case_detail", args=[decision_case.reference])
    ).content.decode()

    assert "Geplant und ausgegeben je Kostenposition" in html
    assert "33.3 %" in html or "33,3 %" in html  # Material: 400 of 300
    assert "über 20 %: anerkannt 360,00" in html
    repayment_account()
    decision_case.refresh_from_db()
    response = client.post(
        reverse("workspace:case_transition", args=[decision_case.reference, "demand_repayment"]),
        {"version": decision_case.version},
    )
    assert response.status_code == 302
    html = client.get(
        reverse("workspace:case_detail", args=[decision_case.reference])
    ).content.decode()
    assert "DE02370502990000684712" in html
    assert "noch nicht eingegangen" in html


def test_the_case_page_offers_pay_and_refuse_for_a_request(client, coordinator, decision_case):
    payout = _requested(decision_case)
    client.force_login(coordinator)
    html = client.get(
        reverse("workspace:case_detail", args=[decision_case.reference])
    ).content.decode()
    assert reverse("workspace:payout_decide", args=[decision_case.reference, payout.pk]) in html
    assert ">Auszahlen<" in html
