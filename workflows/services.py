"""The one way a case changes state: ``case_transition``.

It locks the case row, checks the version the caller saw (optimistic locking), the source
state, the actor's permission, the payload and the guards; runs the django-fsm transition;
applies the transition's effects; saves; writes the audit event (whose signal queues the
mail, ``backend.messaging``). Any refusal raises a ``WorkflowError`` and leaves state, events
and budgets as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from workflows import errors
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.effects import resolve_change_requests
from workflows.locking import case_bump, case_lock
from workflows.registry import TransitionSpec, transitions
from workflows.signals import case_transitioned
from workflows.states import EventKind

if TYPE_CHECKING:
    from backend.cases.models import Case


def transition_spec(name: str) -> TransitionSpec:
    try:
        return transitions()[name]
    except KeyError:
        raise errors.UnknownTransition(
            _("Den Schritt „%(name)s“ gibt es nicht.") % {"name": name}
        ) from None


def _may(case: Case, spec: TransitionSpec, actor: Actor) -> bool:
    """django-fsm's permission check; our permission callables take an ``Actor``, not a user."""
    return has_transition_perm(getattr(case, spec.name), actor)  # type: ignore[arg-type]


def _check_allowed(case: Case, spec: TransitionSpec, actor: Actor) -> None:
    if case.state not in spec.sources:
        raise errors.TransitionNotAllowedInState(
            _("„%(label)s“ ist im Status „%(state)s“ nicht möglich.")
            % {"label": spec.label, "state": case.get_state_display()},
            state=case.state,
        )
    if not _may(case, spec, actor):
        raise errors.Forbidden(
            _("Sie dürfen „%(label)s“ für diesen Fall nicht ausführen.") % {"label": spec.label}
        )


def _validated(case: Case, spec: TransitionSpec, actor: Actor, data: Any) -> dict[str, Any]:
    form = spec.form(data or {}, case=case, actor=actor)
    if not form.is_valid():
        field_errors = {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
        raise errors.InvalidPayload(_("Bitte prüfen Sie die Angaben."), field_errors)
    return form.cleaned_data


def failing_guards(
    case: Case, spec: TransitionSpec, data: dict[str, Any] | None = None
) -> list[dict[str, str]]:
    """The guards that block ``spec`` on ``case`` now (waived ones excluded)."""
    data = data or {}
    return [
        {"code": guard.code, "message": guard.text(case)}
        for guard in spec.guards
        if not (guard.waiver_field and data.get(guard.waiver_field)) and not guard(case)
    ]


def transition_check_allowed(*, case: Case, name: str, actor: Actor) -> None:
    """Raise as ``case_transition`` would if the state or the actor's role forbid ``name``
    (no lock, no payload): lets a caller refuse before validating a payload."""
    _check_allowed(case, transition_spec(name), actor)


def allowed_transitions(*, case: Case, actor: Actor) -> list[TransitionSpec]:
    """Transitions the actor may take from the case's current state (guards not evaluated)."""
    return [
        spec
        for spec in transitions().values()
        if case.state in spec.sources and _may(case, spec, actor)
    ]


def case_transition(
    *,
    case: Case,
    name: str,
    actor: Actor,
    data: Any = None,
    expected_version: int | None = None,
) -> Case:
    """Move ``case`` through transition ``name``; returns the updated case."""
    spec = transition_spec(name)
    seen_version = case.version if expected_version is None else expected_version
    with transaction.atomic():
        locked = case_lock(case=case, expected_version=seen_version)
        _check_allowed(locked, spec, actor)
        cleaned = _validated(locked, spec, actor, data)
        blocking = failing_guards(locked, spec, cleaned)
        if blocking:
            raise errors.GuardFailed(
                " ".join(g["message"] for g in blocking), guards=blocking, state=locked.state
            )
        from_state = locked.state
        getattr(locked, name)()
        payload = spec.effect(locked, actor, cleaned)
        if spec.finishes:
            resolve_change_requests(locked)
        for _receiver, extra in case_transitioned.send(
            sender=type(locked), case=locked, transition=name, actor=actor, payload=payload
        ):
            if isinstance(extra, dict):
                payload.update(extra)  # e.g. the letter a decision issued
        case_bump(locked)
        case_event_record(
            case=locked,
            actor=actor,
            kind=EventKind.TRANSITION,
            transition=name,
            from_state=from_state,
            to_state=locked.state,
            comment=cleaned.get("comment", ""),
            payload=payload,
        )
    return locked
