"""Issue the letter a decision needs, inside the transition that makes it (so a decision never
exists without its letter): approval, rejection, and the final notice when money is repaid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.dispatch import receiver

from backend.cases.models import Case
from backend.letters.render import AMENDMENT, APPROVAL, FINAL, REJECTION, LetterKind
from backend.letters.services import letter_issue
from workflows.actors import Actor
from workflows.signals import case_transitioned


def letter_for(transition: str, payload: dict[str, Any]) -> LetterKind | None:
    if transition == "approve":
        return APPROVAL
    if transition == "reject":
        return REJECTION
    if transition == "amend_decision":
        return AMENDMENT
    if transition == "demand_repayment" and Decimal(payload.get("repayment_amount") or "0") > 0:
        return FINAL
    return None


@receiver(case_transitioned)
def issue_decision_letter(
    sender: Any, *, case: Case, transition: str, actor: Actor, payload: dict[str, Any], **kw: Any
) -> dict[str, Any] | None:
    kind = letter_for(transition, payload)
    if kind is None:
        return None
    document = letter_issue(case=case, kind=kind, actor=actor)
    return {"letter": document.pk}
