"""Forms of the decision: approval (with what the notice fixes), rejection, amendment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.fields import ends_before_start, money_text
from workflows.actors import Actor
from workflows.forms.base import AMOUNT, TransitionForm, not_in_future
from workflows.settlement import paid_total, pending_total

if TYPE_CHECKING:
    from backend.cases.models import Case

FINANCING_TYPES = [
    ("anteil", _("Anteilfinanzierung")),
    ("fehlbedarf", _("Fehlbedarfsfinanzierung")),
    ("festbetrag", _("Festbetragsfinanzierung")),
    ("voll", _("Vollfinanzierung")),
]


def _decided_on() -> forms.DateField:
    return forms.DateField(
        label=_("Datum der Entscheidung"), required=False, validators=[not_in_future]
    )


class ApproveForm(TransitionForm):
    amount = forms.DecimalField(label=_("Bewilligter Betrag (€)"), **AMOUNT)
    funding_start = forms.DateField(label=_("Bewilligungszeitraum von"))
    funding_end = forms.DateField(label=_("Bewilligungszeitraum bis"))
    financing_type = forms.ChoiceField(
        label=_("Finanzierungsart"),
        choices=FINANCING_TYPES,
        required=False,
        help_text=_("Leer: die Finanzierungsart des Finanzierungsplans."),
    )
    eligible_costs = forms.DecimalField(
        label=_("Zuwendungsfähige Ausgaben (€)"),
        required=False,
        help_text=_("Leer: die Gesamtkosten des Finanzierungsplans."),
        **AMOUNT,
    )
    reasons = forms.CharField(
        label=_("Begründung (bei Teilbewilligung Pflicht)"),
        required=False,
        max_length=8000,
        widget=forms.Textarea,
        help_text=_("Wird weniger bewilligt als beantragt, ist das zu begründen (§ 39 VwVfG)."),
    )
    conditions = forms.CharField(
        label=_("Nebenbestimmungen / Auflagen"),
        required=False,
        max_length=8000,
        widget=forms.Textarea,
    )
    deciding_body = forms.CharField(
        label=_("Entscheidende Stelle"),
        max_length=200,
        help_text=_("z. B. Kommunales Integrationszentrum, ASAGI, Bezirksvertretung"),
    )
    decided_on = _decided_on()
    notified_on = forms.DateField(
        label=_("Bekanntgabe des Bescheids"),
        required=False,
        help_text=_(
            "Leer: heute. Einen Monat danach wird der Bescheid bestandskräftig, früher, wenn "
            "der Träger auf Rechtsbehelfe verzichtet."
        ),
    )

    def __init__(self, data: Any = None, *, case: Case, actor: Actor) -> None:
        super().__init__(data, case=case, actor=actor)
        plan = getattr(case, "financing_plan", None)
        if plan is not None:  # a fresh form proposes what was applied for
            self.initial = {
                "amount": plan.requested_amount,
                "funding_start": plan.funding_start,
                "funding_end": plan.funding_end,
                "financing_type": plan.financing_type,
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        plan = getattr(self.case, "financing_plan", None)
        amount = data.get("amount")
        if amount is not None and plan is not None and amount > plan.requested_amount:
            self.add_error(
                "amount",
                _("Der Betrag darf den beantragten Betrag (%(requested)s €) nicht übersteigen.")
                % {"requested": money_text(plan.requested_amount)},
            )
        partial = amount is not None and plan is not None and amount < plan.requested_amount
        if partial and plan is not None and not data.get("reasons", "").strip():
            self.add_error(
                "reasons",
                _(
                    "Bei einer Teilbewilligung (weniger als die beantragten %(requested)s €) "
                    "braucht der Bescheid eine Begründung."
                )
                % {"requested": money_text(plan.requested_amount)},
            )
        eligible = data.get("eligible_costs")
        if eligible is not None and amount is not None and amount > eligible:
            self.add_error(
                "eligible_costs",
                _("Die zuwendungsfähigen Ausgaben dürfen nicht kleiner als der Betrag sein."),
            )
        if ends_before_start(data.get("funding_start"), data.get("funding_end")):
            self.add_error("funding_end", _("Das Ende muss nach dem Beginn liegen."))
        data["decided_on"] = data.get("decided_on") or timezone.localdate()
        notified = data.get("notified_on")
        if notified is not None and notified < data["decided_on"]:
            self.add_error(
                "notified_on", _("Die Bekanntgabe kann nicht vor der Entscheidung liegen.")
            )
        data["notified_on"] = notified or timezone.localdate()
        return data


class RejectForm(TransitionForm):
    reasons = forms.CharField(
        label=_("Begründung der Ablehnung"), max_length=8000, widget=forms.Textarea
    )
    deciding_body = forms.CharField(label=_("Entscheidende Stelle"), max_length=200)
    decided_on = _decided_on()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["decided_on"] = data.get("decided_on") or timezone.localdate()
        return data


class AmendDecisionForm(TransitionForm):
    """Änderungsbescheid: a new amount, period or conditions, always with reasons."""

    amount = forms.DecimalField(label=_("Bewilligter Betrag (€)"), **AMOUNT)
    funding_start = forms.DateField(label=_("Bewilligungszeitraum von"))
    funding_end = forms.DateField(label=_("Bewilligungszeitraum bis"))
    conditions = forms.CharField(
        label=_("Nebenbestimmungen / Auflagen"),
        required=False,
        max_length=8000,
        widget=forms.Textarea,
    )
    reasons = forms.CharField(
        label=_("Begründung der Änderung"), max_length=8000, widget=forms.Textarea
    )
    decided_on = _decided_on()

    def __init__(self, data: Any = None, *, case: Case, actor: Actor) -> None:
        super().__init__(data, case=case, actor=actor)
        decision = getattr(case, "decision", None)
        if decision is not None:
            self.initial = {
                "amount": decision.amount,
                "funding_start": decision.funding_start,
                "funding_end": decision.funding_end,
                "conditions": decision.conditions,
            }

    def _check_amount(self, data: dict[str, Any]) -> None:
        amount = data.get("amount")
        if amount is None:
            return
        committed = paid_total(self.case) + pending_total(self.case)
        if amount < committed:
            self.add_error(
                "amount",
                _(
                    "Ausgezahlt oder abgerufen sind schon %(paid)s €; weniger kann der "
                    "Änderungsbescheid nicht bewilligen."
                )
                % {"paid": money_text(committed)},
            )
        plan = getattr(self.case, "financing_plan", None)
        decision = getattr(self.case, "decision", None)
        ceiling = (decision.eligible_costs if decision else None) or (
            plan.total_cost if plan else None
        )
        if ceiling is not None and amount > ceiling:
            self.add_error(
                "amount",
                _(
                    "Der Betrag darf die zuwendungsfähigen Ausgaben (%(ceiling)s €) nicht "
                    "übersteigen."
                )
                % {"ceiling": money_text(ceiling)},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_amount(data)
        if ends_before_start(data.get("funding_start"), data.get("funding_end")):
            self.add_error("funding_end", _("Das Ende muss nach dem Beginn liegen."))
        decision = getattr(self.case, "decision", None)
        if decision is not None and not self.errors:
            unchanged = (
                data.get("amount") == decision.amount
                and data.get("funding_start") == decision.funding_start
                and data.get("funding_end") == decision.funding_end
                and data.get("conditions", "") == decision.conditions
            )
            if unchanged:
                raise forms.ValidationError(
                    _(
                        "Der Änderungsbescheid ändert nichts: bitte Betrag, Zeitraum oder "
                        "Auflagen ändern."
                    )
                )
        data["decided_on"] = data.get("decided_on") or timezone.localdate()
        return data
