"""Services of a running project's money: the association's waiver of remedies (the decision
becomes final at once), payout requests (Mittelabruf) and the coordination's decision on
them. Each locks the case, checks ``workflows.policy`` and writes one audit event; the case
row lock is what keeps parallel requests from paying out more than was approved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case, Decision, Payout, PayoutStatus
from backend.cases.services.records import _lock_for_change
from backend.common.fields import money_text
from workflows.actors import APPLICANT, COORDINATOR, Actor
from workflows.audit import case_event_record
from workflows.errors import GuardFailed, TransitionNotAllowedInState, WorkflowError
from workflows.locking import case_bump
from workflows.policy import Record, require_recordable
from workflows.settlement import paid_total, pending_total
from workflows.states import EventKind


def _day(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _decision(case: Case) -> Decision:
    decision = Decision.objects.filter(case=case).first()
    if decision is None or not decision.approved:
        raise TransitionNotAllowedInState(
            _("Es gibt keinen Bewilligungsbescheid."), state=case.state
        )
    return decision


@transaction.atomic
def remedy_waive(*, case: Case, actor: Actor, expected_version: int | None = None) -> Decision:
    """Rechtsbehelfsverzicht: the association waives objection and action against the
    approval, which becomes final (bestandskräftig) today."""
    locked = _lock_for_change(case, actor, (APPLICANT,), expected_version)
    require_recordable(Record.REMEDY_WAIVER, locked)
    decision = _decision(locked)
    today = timezone.localdate()
    if decision.is_final(today):
        raise TransitionNotAllowedInState(
            _("Der Bescheid ist bereits seit dem %(date)s bestandskräftig.")
            % {"date": _day(decision.final_on)},
            state=locked.state,
        )
    decision.remedy_waived_at = timezone.now()
    decision.final_on = today
    decision.save(update_fields=["remedy_waived_at", "final_on", "updated_at"])
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop(
            "Verzicht auf Rechtsbehelfe erklärt; der Bescheid ist bestandskräftig"
        ),
        payload={"remedy_waiver": decision.pk, "final_on": today.isoformat()},
    )
    return decision


def available_for_payout(case: Case) -> Decimal:
    """Approved, less what is paid and what is requested and not yet decided."""
    decision = Decision.objects.filter(case=case).first()
    approved = decision.amount if decision is not None and decision.amount else Decimal("0")
    return approved - paid_total(case) - pending_total(case)


@transaction.atomic
def payout_request(
    *,
    case: Case,
    actor: Actor,
    amount: Decimal,
    needed_within_two_months: bool,
    purpose: str = "",
    expected_version: int | None = None,
) -> Payout:
    """Mittelabruf: ask for part of the approved amount, needed within two months; only once
    the decision is final, never more than is left of the approved amount."""
    locked = _lock_for_change(case, actor, (APPLICANT, COORDINATOR), expected_version)
    require_recordable(Record.PAYOUT_REQUEST, locked)
    decision = _decision(locked)
    if not decision.is_final():
        raise GuardFailed(
            _(
                "Mittel können erst abgerufen werden, wenn der Bescheid bestandskräftig ist "
                "(ab %(date)s, oder sofort nach einem Verzicht auf Rechtsbehelfe)."
            )
            % {"date": _day(decision.final_on)},
            guard="decision_final",
        )
    if not needed_within_two_months:
        raise ValidationError(
            {
                "needed_within_two_months": _(
                    "Mittel dürfen nur abgerufen werden, soweit sie innerhalb von zwei Monaten "
                    "benötigt werden. Bitte bestätigen Sie das."
                )
            }
        )
    available = available_for_payout(locked)
    if amount > available:
        raise GuardFailed(
            _(
                "Abgerufen werden können noch %(available)s € (bewilligt, abzüglich "
                "ausgezahlter und beantragter Mittel)."
            )
            % {"available": money_text(max(available, Decimal("0")))},
            guard="payout_within_approved",
            available=str(available),
        )
    payout = Payout(
        case=locked,
        amount=amount,
        purpose=purpose,
        needed_within_two_months=True,
        requested_at=timezone.now(),
    )
    payout.full_clean()
    payout.save()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Mittelabruf über %(amount)s € gestellt")
        % {"amount": money_text(amount)},
        payload={"payout": payout.pk, "amount": str(amount)},
    )
    return payout


@transaction.atomic
def payout_decide(
    *,
    case: Case,
    actor: Actor,
    payout_id: int,
    approve: bool,
    reason: str = "",
    expected_version: int | None = None,
) -> Payout:
    """The coordination pays a requested payout out (today) or refuses it with a reason."""
    locked = _lock_for_change(case, actor, (COORDINATOR,), expected_version)
    require_recordable(Record.PAYOUT_DECISION, locked)
    payout = Payout.objects.filter(pk=payout_id, case=locked).first()
    if payout is None:
        raise WorkflowError(_("Diesen Mittelabruf gibt es nicht."))
    if payout.status != PayoutStatus.REQUESTED:
        raise TransitionNotAllowedInState(
            _("Über diesen Mittelabruf ist schon entschieden."), state=locked.state
        )
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Ablehnung.")})
    decision = _decision(locked)
    if approve and paid_total(locked) + payout.amount > (decision.amount or Decimal("0")):
        raise GuardFailed(
            _("Mit diesem Abruf würde mehr als bewilligt ausgezahlt."),
            guard="payout_within_approved",
        )
    payout.status = PayoutStatus.PAID if approve else PayoutStatus.REFUSED
    payout.decided_at = timezone.now()
    payout.decided_by = actor.user
    payout.paid_on = timezone.localdate() if approve else None
    payout.refusal_reason = "" if approve else reason
    payout.save()
    case_bump(locked, ())
    comment = (
        gettext_noop("Mittelabruf über %(amount)s € ausgezahlt")
        if approve
        else gettext_noop("Mittelabruf über %(amount)s € abgelehnt")
    )
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=comment % {"amount": money_text(payout.amount)},
        payload={"payout": payout.pk, "payout_status": payout.status, "amount": str(payout.amount)},
    )
    return payout
