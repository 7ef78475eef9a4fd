"""Read the declared transitions (from the mixin) as plain data: for the service, the API,
the workspace buttons and the generated documentation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from workflows import forms, guards
from workflows.states import OPEN_STATES, CaseState

if TYPE_CHECKING:
    from workflows.effects import Effect
    from workflows.notifications import Mail


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: Any
    sources: tuple[CaseState, ...]
    target: CaseState
    roles: tuple[str, ...]
    form: type[forms.TransitionForm]
    guards: tuple[guards.Guard, ...]
    effect: Effect
    timeline: Any  # lazy German text for the association's status page
    mail: Mail
    dangerous: bool
    doc: str

    @property
    def finishes(self) -> bool:
        """It ends the case (closed, referred, rejected, withdrawn)."""
        return self.target not in OPEN_STATES


@cache
def transitions() -> dict[str, TransitionSpec]:
    """Every transition of ``Case``, in declaration order."""
    from backend.cases.models import Case

    field = Case._meta.get_field("state")
    collected: dict[str, dict[str, Any]] = {}
    declared = sorted(
        getattr(field, "get_all_transitions")(Case),  # django-fsm's FSMField, untyped  # noqa: B009
        key=lambda t: t.method.__code__.co_firstlineno,
    )
    for t in declared:
        entry = collected.setdefault(
            t.name,
            {"sources": [], "target": CaseState(str(t.target)), "t": t},
        )
        entry["sources"].append(CaseState(str(t.source)))
    result = {}
    for name, entry in collected.items():
        t = entry["t"]
        result[name] = TransitionSpec(
            name=name,
            label=t.custom["label"],
            sources=tuple(entry["sources"]),
            target=entry["target"],
            roles=tuple(t.permission.roles),
            form=t.custom["form"],
            guards=t.custom["guards"],
            effect=t.custom["effect"],
            timeline=t.custom["timeline"],
            mail=t.custom["mail"],
            dangerous=t.custom["dangerous"],
            doc=(t.method.__doc__ or "").strip(),
        )
    return result


def transition_names() -> list[str]:
    return list(transitions())
