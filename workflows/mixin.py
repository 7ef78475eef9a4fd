"""The case lifecycle, declared once. Read this file to learn every state and transition.

idea ─start_advice→ advice ─submit_application→ application ─approve→ decision
  │                   ↑  │                          │  │                  │  ↑
  │                   └──┼──── request_changes ─────┘  └─reject→ rejected │  │
  └─refer→ referred ←────┘                                                │  │
decision ─amend_decision→ decision (Änderungsbescheid)
decision ─submit_report→ report ─accept_report→ closed;  report ─request_report_changes→ decision
report ─demand_repayment→ repayment ─confirm_repayment→ closed
idea | advice | application ─withdraw→ withdrawn

Payouts, interim reports and the Belegliste are records of a case in ``decision``
(``workflows.policy``), not transitions.

Each transition declares everything about it here (``spec``): who may take it, the form that
validates its data, its guards, its effect (``workflows.effects``), the sentence the association
reads in its timeline, the mail it sends and whether it is dangerous. Adding a transition means
adding a method here (and, if it records something, an effect). The method bodies are empty on
purpose: ``workflows.services.case_transition`` is the one way to run them; it locks, checks,
runs the method (which moves the state), applies the declared effect, saves and writes the
audit event. Which records a state allows is ``workflows.policy``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from workflows import effects, forms, guards
from workflows.actors import APPLICANT, COORDINATOR, Actor, actor_has_role
from workflows.notifications import CHANGE_REQUEST_MAIL, LETTER_MAIL, STATE_MAIL, Mail
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
    *,
    effect: effects.Effect,
    timeline: Any,
    mail: Mail,
    dangerous: bool,
) -> dict[str, Any]:
    """Everything a transition declares besides source, target and who may take it.

    - ``label``: the button and the German name in history and docs;
    - ``form``: validates the transition's data (pages and API alike);
    - ``guard_list``: business rules that must hold (``workflows.guards``);
    - ``effect``: what it records besides the state change (``workflows.effects``);
    - ``timeline``: the sentence the association reads on its status page;
    - ``mail``: what the mail to the association says (``workflows.notifications``);
    - ``dangerous``: it ends or turns down the case (shown in the warning colour, last).

    Every part is required: a transition that lacks one does not import.
    """
    return {
        "label": label,
        "form": form,
        "guards": tuple(guard_list),
        "effect": effect,
        "timeline": timeline,
        "mail": mail,
        "dangerous": dangerous,
    }


class CaseWorkflowMixin:
    """django-fsm-2 transitions of ``Case.state``."""

    @transition(
        field="state",
        source=S.IDEA,
        target=S.ADVICE,
        permission=may(COORDINATOR),
        custom=spec(
            _("Beratung beginnen"),
            forms.StartAdviceForm,
            effect=effects.nothing,
            timeline=_("Die Beratung hat begonnen."),
            mail=STATE_MAIL,
            dangerous=False,
        ),
    )
    def start_advice(self) -> None:
        """The coordinator takes up the idea and starts advising the association."""

    @transition(
        field="state",
        source=[S.IDEA, S.ADVICE],
        target=S.REFERRED,
        permission=may(COORDINATOR),
        custom=spec(
            _("Weitervermitteln / nicht weiterverfolgen"),
            forms.ReferForm,
            effect=effects.refer,
            timeline=_("Die Idee wird nicht über dieses Programm weiterverfolgt."),
            mail=STATE_MAIL,
            dangerous=True,
        ),
    )
    def refer(self) -> None:
        """Not pursued: referred to an existing offering or another funder, or not eligible."""

    @transition(
        field="state",
        source=S.ADVICE,
        target=S.APPLICATION,
        permission=may(APPLICANT, COORDINATOR),
        custom=spec(
            _("Antrag einreichen"),
            forms.SubmitApplicationForm,
            guards.APPLICATION_COMPLETE,
            effect=effects.submit_application,
            timeline=_("Antrag eingereicht."),
            mail=STATE_MAIL,
            dangerous=False,
        ),
    )
    def submit_application(self) -> None:
        """Submit the application (Antrag) with a complete financing plan."""

    @transition(
        field="state",
        source=S.APPLICATION,
        target=S.ADVICE,
        permission=may(COORDINATOR),
        custom=spec(
            _("Änderungen anfordern"),
            forms.RequestChangesForm,
            effect=effects.request_changes,
            timeline=_("Die Koordination bittet um Ergänzungen."),
            mail=CHANGE_REQUEST_MAIL,
            dangerous=False,
        ),
    )
    def request_changes(self) -> None:
        """Nachforderung: send the application back with a message and a due date."""

    @transition(
        field="state",
        source=S.APPLICATION,
        target=S.DECISION,
        permission=may(COORDINATOR),
        custom=spec(
            _("Bewilligen"),
            forms.ApproveForm,
            effect=effects.approve,
            timeline=_("Bewilligt."),
            mail=LETTER_MAIL,
            dangerous=False,
        ),
    )
    def approve(self) -> None:
        """Bewilligungsbescheid: book the amount over the budget years of its period."""

    @transition(
        field="state",
        source=S.DECISION,
        target=S.DECISION,
        permission=may(COORDINATOR),
        custom=spec(
            _("Änderungsbescheid erlassen"),
            forms.AmendDecisionForm,
            effect=effects.amend_decision,
            timeline=_("Der Bescheid wurde geändert (Änderungsbescheid)."),
            mail=LETTER_MAIL,
            dangerous=False,
        ),
    )
    def amend_decision(self) -> None:
        """Änderungsbescheid: new amount, period or conditions, with reasons; re-booked."""

    @transition(
        field="state",
        source=S.APPLICATION,
        target=S.REJECTED,
        permission=may(COORDINATOR),
        custom=spec(
            _("Ablehnen"),
            forms.RejectForm,
            effect=effects.reject,
            timeline=_("Abgelehnt."),
            mail=LETTER_MAIL,
            dangerous=True,
        ),
    )
    def reject(self) -> None:
        """Refuse the application, with reasons."""

    @transition(
        field="state",
        source=S.DECISION,
        target=S.REPORT,
        permission=may(APPLICANT, COORDINATOR),
        custom=spec(
            _("Verwendungsnachweis einreichen"),
            forms.SubmitReportForm,
            (guards.REPORT_PERIOD_ENDED,),
            effect=effects.submit_report,
            timeline=_("Verwendungsnachweis eingereicht."),
            mail=STATE_MAIL,
            dangerous=False,
        ),
    )
    def submit_report(self) -> None:
        """Verwendungsnachweis after the period: Sachbericht, income, spending per plan line
        backed by the Belegliste (or totals only, if the programme asks a simple one)."""

    @transition(
        field="state",
        source=S.REPORT,
        target=S.DECISION,
        permission=may(COORDINATOR),
        custom=spec(
            _("Nachweis: Änderungen anfordern"),
            forms.RequestReportChangesForm,
            effect=effects.request_report_changes,
            timeline=_("Die Koordination bittet um Ergänzungen zum Nachweis."),
            mail=CHANGE_REQUEST_MAIL,
            dangerous=False,
        ),
    )
    def request_report_changes(self) -> None:
        """Send the report back for changes."""

    @transition(
        field="state",
        source=S.REPORT,
        target=S.CLOSED,
        permission=may(COORDINATOR),
        custom=spec(
            _("Nachweis annehmen und abschließen"),
            forms.AcceptReportForm,
            (guards.NOTHING_TO_REPAY,),
            effect=effects.accept_report,
            timeline=_("Verwendungsnachweis angenommen, Projekt abgeschlossen."),
            mail=LETTER_MAIL,
            dangerous=False,
        ),
    )
    def accept_report(self) -> None:
        """Accept the report when nothing is to be paid back; unpaid money returns to budget."""

    @transition(
        field="state",
        source=S.REPORT,
        target=S.REPAYMENT,
        permission=may(COORDINATOR),
        custom=spec(
            _("Nachweis annehmen, Rückzahlung fordern"),
            forms.DemandRepaymentForm,
            (guards.REPAYMENT_DUE,),
            effect=effects.demand_repayment,
            timeline=_(
                "Verwendungsnachweis angenommen; ein Teil der Zuwendung ist zurückzuzahlen."
            ),
            mail=LETTER_MAIL,
            dangerous=False,
        ),
    )
    def demand_repayment(self) -> None:
        """Accept the report and demand what was paid beyond the earned grant (§ 49a VwVfG)."""

    @transition(
        field="state",
        source=S.REPAYMENT,
        target=S.CLOSED,
        permission=may(COORDINATOR),
        custom=spec(
            _("Rückzahlung eingegangen"),
            forms.ConfirmRepaymentForm,
            effect=effects.confirm_repayment,
            timeline=_("Ihre Rückzahlung ist eingegangen, das Projekt ist abgeschlossen."),
            mail=STATE_MAIL,
            dangerous=False,
        ),
    )
    def confirm_repayment(self) -> None:
        """Record the repayment's receipt; it returns to the budget of the year it came in."""

    @transition(
        field="state",
        source=[S.IDEA, S.ADVICE, S.APPLICATION],
        target=S.WITHDRAWN,
        permission=may(APPLICANT, COORDINATOR),
        custom=spec(
            _("Zurückziehen"),
            forms.WithdrawForm,
            effect=effects.withdraw,
            timeline=_("Zurückgezogen."),
            mail=STATE_MAIL,
            dangerous=True,
        ),
    )
    def withdraw(self) -> None:
        """The association withdraws its idea or application."""
