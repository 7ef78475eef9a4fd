"""Write-side of cases: submission, records per phase, reassignment, the audit trail.

State changes are not here: they go through ``workflows.services.case_transition``. Every
service here locks the case row with ``workflows.locking.case_lock`` (refusing a stale
``expected_version``, the version the caller's page or If-Match showed) and bumps its version
with ``case_bump``, so an ETag taken before is stale after. Which state allows which record is
``workflows.policy``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.accounts.models import User
from backend.accounts.roles import is_central_office, is_coordinator_for
from backend.areas.models import Area
from backend.areas.selectors import district_responsible_user
from backend.associations.services import (
    association_differences,
    association_get_or_create,
    contact_get_or_create,
)
from backend.cases.models import (
    AdviceSession,
    Case,
    CaseEvent,
    ChangeRequest,
    FinancingPlan,
    FinancingPlanLine,
    OverlapAssessment,
    ReferenceCounter,
)
from backend.offerings.models import Offering
from backend.programs.models import FundingProgram
from workflows.actors import APPLICANT, COORDINATOR, Actor, actor_has_role
from workflows.errors import Forbidden, TransitionNotAllowedInState, WorkflowError
from workflows.locking import case_bump, case_lock
from workflows.policy import Record, require_recordable


def token_hash(token: str) -> str:
    """Only the hash of a status token is stored; the token itself is shown and mailed once."""
    return hashlib.sha256(token.encode()).hexdigest()


#: Cost lines a financing plan may have, on every channel (public page, workspace, API).
MAX_PLAN_LINES = 50


def case_event_record(
    *,
    case: Case,
    actor: Actor,
    kind: str,
    transition: str = "",
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append one event to the case's audit trail.

    What the system writes is stored in German, the coordinators' language, whatever the page
    the actor used (an applicant on /en/ pages): comments it composes are marked with
    ``gettext_noop``, and the actor's label is taken in German here.
    """
    with translation.override(settings.LANGUAGE_CODE):
        actor_label = str(actor.label)
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor_kind=actor.kind,
        actor=actor.user if actor.kind == "user" else None,
        actor_label=actor_label,
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        payload=payload or {},
    )


def _next_reference(district: Area, year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        district=district, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{district.code}-{year}-{counter.last:04d}"


@dataclass(frozen=True)
class CaseCreated:
    case: Case
    token: str  # the private status token; not stored, show and send it now
    created: bool  # False when an idempotent resubmission returned the existing case


def case_create(
    *,
    idea: dict[str, Any],
    association: dict[str, Any],
    contact: dict[str, Any],
    idempotency_key: str | None = None,
    overlap_statement: str = "",
    overlap_snapshot: dict[str, Any] | None = None,
) -> CaseCreated:
    """Submit an idea: one case in state ``idea``, assigned to the district's coordinator.

    ``idempotency_key`` (from the form or an API header) makes a double submit return the
    first case instead of creating a second one; its token is then not shown again.
    """
    if idempotency_key:
        existing = _case_with_key(idempotency_key)
        if existing is not None:
            return CaseCreated(existing, "", created=False)
    try:
        return _case_create(
            idea, association, contact, idempotency_key, overlap_statement, overlap_snapshot
        )
    except IntegrityError:
        # A concurrent submission with the same key committed after the look-up above.
        existing = _case_with_key(idempotency_key) if idempotency_key else None
        if existing is not None:
            return CaseCreated(existing, "", created=False)
        raise


def _case_with_key(idempotency_key: str) -> Case | None:
    return Case.objects.filter(idempotency_key=idempotency_key).first()


@transaction.atomic
def _case_create(
    idea: dict[str, Any],
    association_data: dict[str, Any],
    contact_data: dict[str, Any],
    idempotency_key: str | None,
    overlap_statement: str,
    overlap_snapshot: dict[str, Any] | None,
) -> CaseCreated:
    association_data = dict(association_data)
    association, association_created = association_get_or_create(
        name=association_data.pop("name"),
        postal_code=association_data.pop("postal_code"),
        defaults=association_data,
    )
    differences = (
        {} if association_created else association_differences(association, association_data)
    )
    contact_data = dict(contact_data)
    contact = contact_get_or_create(
        association=association, email=contact_data.pop("email"), defaults=contact_data
    )
    quarter: Area = idea["quarter"]
    token = secrets.token_urlsafe(32)
    case = Case(
        **idea,
        association=association,
        contact=contact,
        assigned_to=district_responsible_user(district=quarter.district),
        tracking_token_hash=token_hash(token),
        idempotency_key=idempotency_key or None,
        overlap_statement=overlap_statement,
        reference=_next_reference(quarter.district, timezone.localdate().year),
    )
    # "state" is protected and set by its default. The key's uniqueness is left to the
    # database: a concurrent double submit then fails with IntegrityError, which case_create
    # answers with the first case (full_clean would raise a ValidationError instead).
    case.full_clean(exclude=["state", "idempotency_key"])
    with transaction.atomic():
        case.save()
    if overlap_snapshot is None:
        overlap_snapshot = _overlap_snapshot(case)
    case.overlap_snapshot = overlap_snapshot
    case.save(update_fields=["overlap_snapshot"])
    case_event_record(
        case=case,
        actor=Actor.applicant(case),
        kind="created",
        to_state=case.state,
        payload={
            "assigned_to": case.assigned_to.pk,
            "quarter": quarter.pk,
            **({"association_differs": differences} if differences else {}),
        },
    )
    return CaseCreated(case, token, created=True)


def _overlap_snapshot(case: Case) -> dict[str, Any]:
    """What the overlap engine finds for the new case (stored with it, never recomputed)."""
    from backend.cases.overlap import idea_description, overlap_check

    check = overlap_check(
        title=case.title,
        description=idea_description(vars(case)),
        quarter=case.quarter,
        target_groups=case.target_groups,
        topics=case.topics,
        exclude_case_id=case.pk,
    )
    return check.as_snapshot()


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
        kind="record",
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
        kind="record",
        comment=gettext_noop("Finanzierungsplan gespeichert"),
        payload={
            "program": program.pk if program else None,
            "requested_amount": str(requested_amount),
            "lines": len(new_lines),
        },
    )
    return plan


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
        kind="record",
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
        kind="assessment",
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
    if actor.kind != "user" or not is_central_office(actor.user):
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
        kind="reassigned",
        comment=comment,
        payload={"from_user": previous, "to_user": to_user.pk},
    )
    return locked


#: Idea fields a coordinator may correct (typos, clearer wording) before the decision.
IDEA_EDITABLE_FIELDS = (
    "title",
    "challenge",
    "affected",
    "intended_result",
    "first_ideas",
    "next_steps",
    "responsible",
    "participants",
    "target_groups",
    "topics",
    "estimated_cost",
)


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
    for field in changed:
        setattr(locked, field, changes[field])
    locked.full_clean(exclude=["state"])
    case_bump(locked, changed)
    case_event_record(
        case=locked,
        actor=actor,
        kind="record",
        comment=gettext_noop("Beschreibung der Idee geändert"),
        payload={"fields": changed},
    )
    return locked
