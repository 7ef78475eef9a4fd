"""The case's audit trail: every change to a case appends one event (append-only in the
database: a trigger refuses updates and deletes)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import translation

# The module, not its names: ``backend.cases.models`` imports the lifecycle (workflows.mixin).
from backend.cases import models as case_models
from backend.cases.feed import event_write_announce
from workflows.actors import Actor
from workflows.signals import case_event_recorded
from workflows.states import ActorKind, EventKind

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


def audit_value(value: Any) -> Any:
    """``value`` as it is kept in an event's payload: JSON (decimals and dates as text, a
    model instance as its primary key)."""
    if isinstance(value, models.Model):
        return value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def field_changes(
    instance: models.Model, changes: dict[str, Any], fields: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """``{field: {"old": …, "new": …}}`` for each of ``fields``, read from ``instance``
    before the change is applied: an edit keeps what was there before (issue #18)."""
    return {
        name: {"old": audit_value(getattr(instance, name)), "new": audit_value(changes[name])}
        for name in fields
    }
