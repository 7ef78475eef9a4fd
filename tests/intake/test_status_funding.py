"""The status page after the decision (issue #14): Bestandskraft and the waiver, payouts, the
Belegliste (entered, imported, refused per row), the report only after the period, the
repayment's payment details."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.cases.models import Case, Payout, Receipt
from tests.factories import (
    approve_data,
    complete_plan,
    move,
    pay_out,
    repayment_account,
    report_data,
    to_period_end,
    waive_remedies,
)
from tests.intake.helpers import case_with_token
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def url(name: str, token: str, **kwargs) -> str:
    return reverse(f"intake:{name}", kwargs={"token": token, **kwargs})


@pytest.fixture
def decided(coordinator, program):
    case, token = case_with_token()
    actor = Actor.for_user(coordinator)
    move(case, "start_advice", actor)
    complete_plan(case, Actor.applicant(case), program)
    move(case, "submit_application", Actor.applicant(case))
    return move(case, "approve", actor, approve_data()), token


def test_before_bestandskraft_the_page_offers_the_waiver_not_a_payout(client, decided):
    _case, token = decided
    html = client.get(url("status", token)).content.decode()
    assert "sobald der Bescheid bestandskräftig ist" in html
    assert 'action="' + url("status_waiver", token) + '"' in html
    assert url("status_payout", token) not in html


def test_waiver_needs_the_tick_then_opens_payouts(client, decided):
    case, token = decided
    response = client.post(url("status_waiver", token), {})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie den Verzicht." in response.content.decode()
    assert not Case.objects.get(pk=case.pk).decision.is_final()

    response = client.post(url("status_waiver", token), {"confirm": "on"}, follow=True)

    html = response.content.decode()
    assert "Der Bescheid ist jetzt bestandskräftig." in html
    assert url("status_payout", token) in html


def test_payout_request_and_its_refusals(client, decided):
    case, token = decided
    waive_remedies(case)
    response = client.post(url("status_payout", token), {"amount": "1.000", "purpose": "Honorare"})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie, dass Sie das Geld bald brauchen." in response.content.decode()

    response = client.post(
        url("status_payout", token), {"amount": "3.000", "needed_within_two_months": "on"}
    )
    assert response.status_code == 409
    assert "Abgerufen werden können noch 2.700,00 €" in response.content.decode()
    assert not Payout.objects.exists()

    response = client.post(
        url("status_payout", token),
        {"amount": "1.000,50", "needed_within_two_months": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert "Ihr Mittelabruf ist eingegangen." in html
    assert Payout.objects.get().amount == Decimal("1000.50")
    assert "1.699,50" in html  # still available


def test_belegliste_entered_imported_and_refused_per_row(client, decided, time_machine):
    case, token = decided
    to_period_end(time_machine, case)
    line = case.financing_plan.lines.first()
    start = case.decision.funding_start
    response = client.post(
        url("status_receipt", token),
        {
            "line": line.pk,
            "paid_on": start.isoformat(),
            "payee": "Frau Y",
            "reason": "Honorar",
            "amount": "250,00",
        },
    )
    assert response.status_code == 302
    assert Receipt.objects.get().amount == Decimal("250")

    bad = SimpleUploadedFile(
        "belege.csv",
        b"Datum;Empfaenger;Grund;Betrag;Kostenposition\n99.99.2027;A;B;1;1\n",
        content_type="text/csv",
    )
    response = client.post(url("status_receipts_import", token), {"file": bad})
    assert response.status_code == 400
    assert "Zeile 2: „99.99.2027“ ist kein Datum" in response.content.decode()
    assert Receipt.objects.count() == 1

    good = SimpleUploadedFile(
        "belege.csv",
        f"Datum;Empfänger;Grund;Betrag;Kostenposition\n{start:%d.%m.%Y};A;B;2.700,00;1\n"
        f"{start:%d.%m.%Y};C;D;300;Material\n".encode(),
        content_type="text/csv",
    )
    response = client.post(url("status_receipts_import", token), {"file": good}, follow=True)
    assert "Die Belegliste ist eingelesen." in response.content.decode()
    assert sorted(r.amount for r in Receipt.objects.all()) == [Decimal("300"), Decimal("2700")]


def test_the_report_waits_for_the_end_of_the_period(client, decided):
    _case, token = decided
    html = client.get(url("status", token)).content.decode()
    assert "Den Verwendungsnachweis reichen Sie ab dem Ende des Bewilligungszeitraums" in html
    assert url("status_report", token) not in html


def test_repayment_details_are_on_the_status_page(client, decided, coordinator, time_machine):
    case, token = decided
    actor = Actor.for_user(coordinator)
    pay_out(case, actor, "2700")
    to_period_end(time_machine, case)
    move(case, "submit_report", Actor.applicant(case), report_data(case, ["2000", "300"]))
    repayment_account()
    move(case, "demand_repayment", actor)

    html = client.get(url("status", token)).content.decode()

    assert "Bitte überweisen Sie 700,00 €" in html
    assert "DE02370502990000684712" in html
    assert f"KZ 5100 {case.reference}" in html
    assert "Stadt Essen, Stadtkasse" in html
    assert "Es ist nichts mehr zu tun" not in html
