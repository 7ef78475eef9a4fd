"""What each transition records besides the state change, inside the transition's database
transaction: the simple ones (referral, application, change requests, withdrawal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

# The module, not its names: ``backend.cases.models`` imports the lifecycle (workflows.mixin),
# which names these effects, so the models are looked up when an effect runs.
from backend.cases import models as case_models
from workflows.actors import Actor

if TYPE_CHECKING:
    from backend.cases.models import Case

#: What a transition records: (the locked case, already in its new state; the actor; the
#: form's cleaned data) → the payload of the audit event.
Effect = Callable[["Case", Actor, dict[str, Any]], dict[str, Any]]


def nothing(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The transition records nothing besides the state change (and its comment)."""
    return {}


def resolve_change_requests(case: Case) -> None:
    """A finished case asks nothing more of the association: its open change requests are
    resolved (run by ``case_transition`` for every transition into a finished state)."""
    case.change_requests.filter(resolved=False).update(resolved=True)


def refer(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case.referral_kind = data["referral_kind"]
    case.referral_reason = data["reason"]
    case.referred_offering = data["offering"]
    offering_id = data["offering"].pk if data["offering"] else None
    return {"referral_kind": data["referral_kind"], "offering": offering_id}


def submit_application(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case.change_requests.filter(for_report=False, resolved=False).update(resolved=True)
    plan = case.financing_plan
    case.program = plan.program
    case.submitted_at = timezone.now()
    if data.get("deadline_exception"):
        case.deadline_exception = data["deadline_exception"]
    return {
        "program": plan.program_id,
        "requested_amount": str(plan.requested_amount),
        "total_cost": str(plan.total_cost),
        "deadline_exception": data.get("deadline_exception", ""),
    }


def _change_request(case: Case, data: dict[str, Any], *, for_report: bool) -> dict[str, Any]:
    needed = list(data.get("documents_needed") or [])
    request = case_models.ChangeRequest.objects.create(
        case=case,
        message=data["message"],
        due_on=data["due_on"],
        for_report=for_report,
        documents_needed=needed,
    )
    return {
        "change_request": request.pk,
        "due_on": data["due_on"].isoformat(),
        "documents_needed": needed,
    }


def request_changes(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    return _change_request(case, data, for_report=False)


def request_report_changes(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    return _change_request(case, data, for_report=True)


def withdraw(case: Case, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    case.withdrawal_reason = data.get("reason", "")
    return {}
