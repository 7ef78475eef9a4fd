"""Services: what is recorded on a case without moving it — advice sessions, the financing
plan, answers to change requests, overlap assessments, corrections of the idea — and who it is
assigned to. Each locks the case (``workflows.locking.case_lock``), checks ``workflows.policy``
and writes one audit event."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.accounts.models import User
from backend.accounts.roles import is_central_office, is_coordinator_for
from backend.cases.forms import IDEA_FIELDS
from backend.cases.models import (
    AdviceSession,
    Case,
    ChangeRequest,
    FinancingPlan,
    FinancingPlanLine,
    OverlapAssessment,
)
from backend.offerings.models import Offering
from backend.programs.models import FundingProgram
from workflows.actors import APPLICANT, COORDINATOR, Actor, actor_has_role
from workflows.audit import audit_value, case_event_record, field_changes
from workflows.errors import Forbidden, TransitionNotAllowedInState, WorkflowError
from workflows.locking import case_bump, case_lock
from workflows.policy import Record, require_recordable
from workflows.states import ActorKind, EventKind

#: Cost lines a financing plan may have, on every channel (public page, workspace, API).
MAX_PLAN_LINES = 50


def _lock_for_change(
    case: Case, actor: Actor, roles: tuple[str, ...], expected_version: int | None
) -> Case:
    locked = case_lock(case=case, expected_version=expected_version)
    if not any(actor_has_role(actor, locked, role) for role in roles):
        raise Forbidden(_("Sie dürfen diesen Fall nicht bearbeiten."))
    return locked


@transaction.atomic
def advice_session_record(
    *,
    case: Case,
    actor: Actor,
    held_on: date,
    place: str,
    notes: str,
    next_steps: str = "",
    expected_version: int | None = None,
) -> AdviceSession:
    """Record an advice session (Beratungsgespräch) held with the association."""
    locked = _lock_for_change(case, actor, (COORDINATOR,), expected_version)
    require_recordable(Record.ADVICE_SESSION, locked)
    today = timezone.localdate()
    earliest = timezone.localtime(locked.created_at).date() - timedelta(days=365)
    if not earliest <= held_on <= today:
        # Not in the future; at most a year before the idea came in (advice may come first).
        raise ValidationError(
            {
                "held_on": _("Bitte ein Datum zwischen dem %(earliest)s und heute angeben.")
                % {"earliest": earliest.strftime("%d.%m.%Y")}
            }
        )
    session = AdviceSession(
        case=locked,
        held_on=held_on,
        place=place,
        notes=notes,
        next_steps=next_steps,
        recorded_by=actor.user,
    )
    session.full_clean()
    session.save()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Beratungsgespräch am %(date)s erfasst")
        % {"date": held_on.strftime("%d.%m.%Y")},
        payload={"advice_session": session.pk},
    )
    return session


@transaction.atomic
def financing_plan_save(
    *,
    case: Case,
    actor: Actor,
    program: FundingProgram | None,
    financing_type: str,
    own_share: Decimal,
    third_party: Decimal,
    requested_amount: Decimal,
    funding_start: date | None,
    funding_end: date | None,
    lines: list[dict[str, Any]],
    expected_version: int | None = None,
) -> FinancingPlan:
    """Save the draft financing plan (replacing its lines) while the case is in advice."""
    locked = _lock_for_change(case, actor, (APPLICANT, COORDINATOR), expected_version)
    require_recordable(Record.FINANCING_PLAN, locked)
    if program is not None and program.city_id != locked.quarter.city_id:
        raise ValidationError({"program": _("Dieses Förderprogramm gibt es hier nicht.")})
    if len(lines) > MAX_PLAN_LINES:
        raise ValidationError(
            {"lines": _("Höchstens %(count)s Kostenpositionen.") % {"count": MAX_PLAN_LINES}}
        )
    plan = FinancingPlan.objects.filter(case=locked).first() or FinancingPlan(case=locked)
    before = _plan_values(plan) if plan.pk else None
    plan.program = program
    plan.financing_type = financing_type
    plan.own_share = own_share
    plan.third_party = third_party
    plan.requested_amount = requested_amount
    plan.funding_start = funding_start
    plan.funding_end = funding_end
    plan.full_clean()
    plan.save()
    new_lines = [FinancingPlanLine(plan=plan, **line) for line in lines]
    for line in new_lines:
        line.full_clean(exclude=["plan"])
    plan.lines.all().delete()
    FinancingPlanLine.objects.bulk_create(new_lines)
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Finanzierungsplan gespeichert"),
        payload={
            "program": program.pk if program else None,
            "requested_amount": str(requested_amount),
            "lines": len(new_lines),
            "before": before,
            "after": _plan_values(plan),
        },
    )
    return plan


def _plan_values(plan: FinancingPlan) -> dict[str, Any]:
    """The whole plan as the audit keeps it: a new save replaces lines, so the event before
    it must hold what was there."""
    header = ("financing_type", "own_share", "third_party", "requested_amount")
    values = {name: audit_value(getattr(plan, name)) for name in header}
    values["program"] = plan.program_id
    values["funding_start"] = audit_value(plan.funding_start)
    values["funding_end"] = audit_value(plan.funding_end)
    values["lines"] = [
        {"label": line.label, "amount": audit_value(line.amount)}
        for line in plan.lines.order_by("pk")
    ]
    return values


@transaction.atomic
def change_request_answer(
    *,
    case: Case,
    actor: Actor,
    change_request_id: int,
    response: str,
    expected_version: int | None = None,
) -> ChangeRequest:
    """The association answers an open change request (Nachforderung)."""
    locked = _lock_for_change(case, actor, (APPLICANT, COORDINATOR), expected_version)
    request = ChangeRequest.objects.filter(pk=change_request_id, case=locked).first()
    if request is None:
        raise WorkflowError(_("Diese Nachforderung gibt es nicht."))
    require_recordable(Record.CHANGE_REQUEST_ANSWER, locked)
    if request.resolved:
        raise TransitionNotAllowedInState(
            _("Diese Nachforderung ist bereits erledigt."), state=locked.state
        )
    request.response = response
    request.responded_at = timezone.now()
    request.full_clean()
    request.save()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Nachforderung beantwortet"),
        payload={"change_request": request.pk},
    )
    return request


@transaction.atomic
def overlap_assessment_record(
    *,
    case: Case,
    actor: Actor,
    verdict: str,
    note: str = "",
    offering: Offering | None = None,
    other_case: Case | None = None,
    expected_version: int | None = None,
) -> OverlapAssessment:
    """The coordinator judges one match (offering or open idea); re-assessing updates it.

    Every assessment also lands in the case history, so earlier judgements stay visible.
    """
    locked = _lock_for_change(case, actor, (COORDINATOR,), expected_version)
    if (offering is None) == (other_case is None):
        raise ValidationError(_("Bitte bewerten Sie genau ein Angebot oder eine Idee."))
    if other_case is not None and other_case.pk == locked.pk:
        raise ValidationError({"other_case": _("Ein Fall kann nicht sich selbst ähneln.")})
    target = {"offering": offering} if offering is not None else {"other_case": other_case}
    assessment = OverlapAssessment.objects.filter(case=locked, **target).first()
    if assessment is None:
        assessment = OverlapAssessment(case=locked, **target)
    assessment.verdict = verdict
    assessment.note = note
    assessment.assessed_by = actor.user  # type: ignore[assignment]
    assessment.full_clean(validate_constraints=False)
    assessment.save()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.ASSESSMENT,
        comment=note,
        payload={
            "offering": offering.pk if offering else None,
            "other_case": other_case.pk if other_case else None,
            "verdict": verdict,
        },
    )
    return assessment


@transaction.atomic
def case_reassign(
    *,
    case: Case,
    actor: Actor,
    to_user: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Case:
    """Central-office staff hand a case to another coordinator (an audited event)."""
    if actor.kind != ActorKind.USER or not is_central_office(actor.user):
        raise Forbidden(_("Nur die zentrale Koordination kann Fälle neu zuweisen."))
    if not is_coordinator_for(actor.user, case.district):  # the central office of its city
        raise Forbidden(_("Nur die zentrale Koordination kann Fälle neu zuweisen."))
    if not to_user.is_active:
        raise ValidationError({"to_user": _("Dieses Konto ist nicht aktiv.")})
    if not is_coordinator_for(to_user, case.district):
        # They could neither open the case nor act on it: give them the district first (a
        # coordinator or deputy assignment in the admin).
        raise ValidationError(
            {
                "to_user": _(
                    "Diese Person koordiniert den Stadtbezirk des Falls nicht und könnte ihn "
                    "nicht öffnen. Tragen Sie sie zuerst als Koordination oder Vertretung des "
                    "Bezirks ein."
                )
            }
        )
    locked = case_lock(case=case, expected_version=expected_version)
    previous = locked.assigned_to_id
    locked.assigned_to = to_user
    case_bump(locked, ["assigned_to"])
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.REASSIGNED,
        comment=comment,
        payload={"from_user": previous, "to_user": to_user.pk},
    )
    return locked


#: Idea fields a coordinator may correct (typos, clearer wording) before the decision: all of
#: the idea but its quarter (which decides the district, hence who is responsible).
IDEA_EDITABLE_FIELDS = tuple(name for name in IDEA_FIELDS if name != "quarter")


@transaction.atomic
def case_idea_update(
    *, case: Case, actor: Actor, changes: dict[str, Any], expected_version: int | None = None
) -> Case:
    """The coordinator corrects the idea's description before the decision (audited)."""
    unknown = set(changes) - set(IDEA_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {field: _("Dieses Feld kann nicht geändert werden.") for field in unknown}
        )
    locked = _lock_for_change(case, actor, (COORDINATOR,), expected_version)
    require_recordable(Record.IDEA_CORRECTION, locked)
    changed = sorted(field for field, value in changes.items() if getattr(locked, field) != value)
    if not changed:
        return locked
    values = field_changes(locked, changes, changed)
    for field in changed:
        setattr(locked, field, changes[field])
    locked.full_clean(exclude=["state"])
    case_bump(locked, changed)
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Beschreibung der Idee geändert"),
        payload={"fields": changed, "changes": values},
    )
    return locked
