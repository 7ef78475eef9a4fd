"""Guards after the decision: the final report only once the funding period has ended (an
interim report before), and which way a report is accepted (with or without repayment)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from backend.common.fields import money_text
from workflows.guards.application import Guard
from workflows.settlement import case_settlement

if TYPE_CHECKING:
    from backend.cases.models import Case


def _period_ended(case: Case) -> bool:
    decision = getattr(case, "decision", None)
    if decision is None or decision.funding_end is None:
        return True  # nothing to compare: the state guards the step
    ended: bool = decision.funding_end <= timezone.localdate()
    return ended


def _period_figures(case: Case) -> dict[str, str]:
    decision = getattr(case, "decision", None)
    if decision is None or decision.funding_end is None:
        return {"start": "?", "end": "?"}
    return {
        "start": date_format(decision.funding_start, "SHORT_DATE_FORMAT"),
        "end": date_format(decision.funding_end, "SHORT_DATE_FORMAT"),
    }


REPORT_PERIOD_ENDED = Guard(
    "funding_period_ended",
    _(
        "Der Verwendungsnachweis kann erst am Ende des Bewilligungszeitraums (%(end)s) "
        "eingereicht werden. Bis dahin gibt es den Zwischennachweis; eine Verkürzung des "
        "Zeitraums ist ein Änderungsbescheid."
    ),
    _period_ended,
    figures=_period_figures,
)


def _repayment(case: Case) -> Decimal:
    settlement = case_settlement(case)
    return settlement.repayment if settlement is not None else Decimal("0")


def _repayment_figures(case: Case) -> dict[str, str]:
    return {"amount": money_text(_repayment(case)) + "\u00a0€"}


NOTHING_TO_REPAY = Guard(
    "nothing_to_repay",
    _(
        "Nach dem Nachweis sind %(amount)s zurückzufordern: bitte „Nachweis annehmen, "
        "Rückzahlung fordern“ wählen."
    ),
    lambda case: _repayment(case) == 0,
    figures=_repayment_figures,
)
REPAYMENT_DUE = Guard(
    "repayment_due",
    _(
        "Nach dem Nachweis ist nichts zurückzufordern (ausgezahlt ist nicht mehr, als die "
        "Ausgaben rechtfertigen): bitte „Nachweis annehmen und abschließen“ wählen."
    ),
    lambda case: _repayment(case) > 0,
)
