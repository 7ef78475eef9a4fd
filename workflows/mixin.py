"""The case lifecycle, declared once. Read this file to learn every state and transition.

idea ─start_advice→ advice ─submit_application→ application ─approve→ decision
  │                   ↑  │                          │  │                  │  ↑
  │                   └──┼──── request_changes ─────┘  └─reject→ rejected │  │
  └─refer→ referred ←────┘                                                │  │
decision ─submit_report→ report ─accept_report→ closed;  report ─request_report_changes→ decision
idea | advice | application ─withdraw→ withdrawn

Each transition names who may take it (``actors``), the form that validates its data, and its
guards. The method bodies are empty on purpose: ``workflows.services.case_transition`` is the
one way to run them; it locks, checks, runs the method (which moves the state), applies the
effects from ``workflows.effects``, saves and writes the audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from workflows import forms, guards
from workflows.actors import APPLICANT, COORDINATOR, Actor, actor_has_role
from workflows.states import CaseState as S


def may(*roles: str) -> Any:
    """django-fsm permission: the actor plays one of ``roles`` for this case.

    Typed ``Any`` because django-fsm's stubs expect a user; we pass an ``Actor`` (applicants
    have no account), which django-fsm hands through unchanged."""

    def permission(case: Any, actor: Actor) -> bool:
        return any(actor_has_role(actor, case, role) for role in roles)

    permission.roles = roles  # type: ignore[attr-defined]
    return permission


def spec(
    label: Any,
    form: type[forms.TransitionForm],
    guard_list: Iterable[guards.Guard] = (),
) -> dict[str, Any]:
    return {"label": label, "form": form, "guards": tuple(guard_list)}


class CaseWorkflowMixin:
    """django-fsm-2 transitions of ``Case.state``."""

    @transition(
        field="state",
        source=S.IDEA,
        target=S.ADVICE,
        permission=may(COORDINATOR),
        custom=spec(_("Beratung beginnen"), forms.StartAdviceForm),
    )
    def start_advice(self) -> None:
        """The coordinator takes up the idea and starts advising the association."""

    @transition(
        field="state",
        source=[S.IDEA, S.ADVICE],
        target=S.REFERRED,
        permission=may(COORDINATOR),
        custom=spec(_("Weitervermitteln / nicht weiterverfolgen"), forms.ReferForm),
    )
    def refer(self) -> None:
        """Not pursued: referred to an existing offering or another funder, or not eligible."""

    @transition(
        field="state",
        source=S.ADVICE,
        target=S.APPLICATION,
        permission=may(APPLICANT, COORDINATOR),
        custom=spec(
            _("Antrag einreichen"), forms.SubmitApplicationForm, guards.APPLICATION_COMPLETE
        ),
    )
    def submit_application(self) -> None:
        """Submit the application (Antrag) with a complete financing plan."""

    @transition(
        field="state",
        source=S.APPLICATION,
        target=S.ADVICE,
        permission=may(COORDINATOR),
        custom=spec(_("Änderungen anfordern"), forms.RequestChangesForm),
    )
    def request_changes(self) -> None:
        """Nachforderung: send the application back with a message and a due date."""

    @transition(
        field="state",
        source=S.APPLICATION,
        target=S.DECISION,
        permission=may(COORDINATOR),
        custom=spec(_("Bewilligen"), forms.ApproveForm),
    )
    def approve(self) -> None:
        """Bewilligungsbescheid: commit the amount against the programme's yearly budget."""

    @transition(
        field="state",
        source=S.APPLICATION,
        target=S.REJECTED,
        permission=may(COORDINATOR),
        custom=spec(_("Ablehnen"), forms.RejectForm),
    )
    def reject(self) -> None:
        """Refuse the application, with reasons."""

    @transition(
        field="state",
        source=S.DECISION,
        target=S.REPORT,
        permission=may(APPLICANT, COORDINATOR),
        custom=spec(_("Verwendungsnachweis einreichen"), forms.SubmitReportForm),
    )
    def submit_report(self) -> None:
        """Verwendungsnachweis: narrative report and spent amounts by plan line."""

    @transition(
        field="state",
        source=S.REPORT,
        target=S.DECISION,
        permission=may(COORDINATOR),
        custom=spec(_("Nachweis: Änderungen anfordern"), forms.RequestReportChangesForm),
    )
    def request_report_changes(self) -> None:
        """Send the report back for changes."""

    @transition(
        field="state",
        source=S.REPORT,
        target=S.CLOSED,
        permission=may(COORDINATOR),
        custom=spec(_("Nachweis annehmen und abschließen"), forms.AcceptReportForm),
    )
    def accept_report(self) -> None:
        """Accept the report; records the repayment lower costs make due (by financing type)."""

    @transition(
        field="state",
        source=[S.IDEA, S.ADVICE, S.APPLICATION],
        target=S.WITHDRAWN,
        permission=may(APPLICANT, COORDINATOR),
        custom=spec(_("Zurückziehen"), forms.WithdrawForm),
    )
    def withdraw(self) -> None:
        """The association withdraws its idea or application."""
