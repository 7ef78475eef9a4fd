"""The case's audit trail: every change to a case appends one event (append-only in the
database: a trigger refuses updates and deletes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

# The module, not its names: ``backend.cases.models`` imports the lifecycle (workflows.mixin).
from backend.cases import models as case_models
from backend.cases.feed import event_write_announce
from backend.common.auditing import audit_value, field_changes
from workflows.actors import Actor
from workflows.signals import case_event_recorded
from workflows.states import ActorKind, EventKind

__all__ = ["audit_value", "case_event_record", "field_changes"]

if TYPE_CHECKING:
    from backend.cases.models import Case, CaseEvent


def case_event_record(
    *,
    case: Case,
    actor: Actor,
    kind: EventKind,
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

    The insert announces itself to readers of the change feed first (``backend.cases.feed``),
    inside one transaction with it, so that no reader hands out a later event before this one
    is committed. ``case_event_recorded`` is sent in the same transaction, after the insert
    (what its receivers queue commits or rolls back with the event).
    """
    with translation.override(settings.LANGUAGE_CODE):
        actor_label = str(actor.label)
    with transaction.atomic(savepoint=False):
        event_write_announce()
        event = case_models.CaseEvent.objects.create(
            case=case,
            kind=kind,
            actor_kind=actor.kind,
            actor=actor.user if actor.kind == ActorKind.USER else None,
            actor_label=actor_label,
            transition=transition,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
            payload=payload or {},
        )
        case_event_recorded.send(sender=type(event), event=event)
    return event
