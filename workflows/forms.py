"""Payload of each transition, validated by a Django form.

The same forms validate the API's JSON and the workspace's HTML posts, and their fields tell
the API which data a transition requires. Every form takes the case and the actor, so rules
that depend on them (amount ≤ requested, only coordinators may waive a deadline) live here.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.fields import (
    MONEY,
    MONEY_MAX,
    NamedRequiredMessages,
    ends_before_start,
    money_text,
)
from backend.common.vocabularies import UploadCategory
from workflows.actors import COORDINATOR, Actor, actor_has_role

if TYPE_CHECKING:
    from backend.cases.models import Case

AMOUNT: dict[str, Any] = {**MONEY, "min_value": Decimal("0.01")}


def not_in_future(value: Any) -> None:
    """A decision is recorded when it has been taken: its date is today or earlier."""
    if value and value > timezone.localdate():
        raise forms.ValidationError(
            _("Das Datum der Entscheidung darf nicht in der Zukunft liegen."), code="future"
        )


class TransitionForm(NamedRequiredMessages, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, data: Any = None, *, case: Case, actor: Actor) -> None:
        super().__init__(data=data)
        self.case = case
        self.actor = actor


class StartAdviceForm(TransitionForm):
    pass


class ReferForm(TransitionForm):
    referral_kind = forms.ChoiceField(
        label=_("Art der Weitervermittlung"),
        choices=[
            ("offering", _("an ein bestehendes Angebot")),
            ("other_funder", _("an einen anderen Fördergeber")),
            ("not_eligible", _("nicht förderfähig")),
        ],
    )
    reason = forms.CharField(
        label=_("Begründung"), max_length=4000, widget=forms.Textarea, strip=True
    )
    offering = forms.IntegerField(label=_("Angebot (ID)"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        from backend.offerings.models import Offering

        data = super().clean() or {}
        if data.get("referral_kind") == "offering":
            offering_id = data.get("offering")
            if not offering_id:
                self.add_error("offering", _("Bitte wählen Sie das Angebot aus."))
            else:
                offering = Offering.objects.filter(pk=offering_id, active=True).first()
                if offering is None:
                    self.add_error("offering", _("Dieses Angebot gibt es nicht (mehr)."))
                data["offering"] = offering
        else:
            data["offering"] = None
        return data


class SubmitApplicationForm(TransitionForm):
    deadline_exception = forms.CharField(
        label=_("Ausnahme von der Antragsfrist (Begründung)"),
        required=False,
        max_length=2000,
        help_text=_("Nur die Koordination kann eine Ausnahme eintragen."),
    )

    def clean_deadline_exception(self) -> str:
        value: str = self.cleaned_data.get("deadline_exception", "")
        if value and not actor_has_role(self.actor, self.case, COORDINATOR):
            raise forms.ValidationError(_("Nur die Koordination kann eine Ausnahme eintragen."))
        return value


class RequestChangesForm(TransitionForm):
    message = forms.CharField(
        label=_("Was fehlt oder soll geändert werden?"), max_length=4000, widget=forms.Textarea
    )
    due_on = forms.DateField(label=_("Frist"))
    documents_needed = forms.MultipleChoiceField(
        label=_("Benötigte Unterlagen"),
        choices=UploadCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Statusseite des Trägers zeigt, welche davon noch fehlen."),
    )

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data["due_on"]
        if due_on <= timezone.localdate():
            raise forms.ValidationError(_("Die Frist muss in der Zukunft liegen."))
        if due_on > timezone.localdate() + timedelta(days=366):
            # A Nachforderung has a short due date; a year ahead is a typo (9999-12-31).
            raise forms.ValidationError(_("Die Frist darf höchstens ein Jahr entfernt liegen."))
        return due_on


class RequestReportChangesForm(RequestChangesForm):
    pass


class ApproveForm(TransitionForm):
    amount = forms.DecimalField(label=_("Bewilligter Betrag (€)"), **AMOUNT)
    funding_start = forms.DateField(label=_("Bewilligungszeitraum von"))
    funding_end = forms.DateField(label=_("Bewilligungszeitraum bis"))
    conditions = forms.CharField(
        label=_("Nebenbestimmungen / Auflagen"),
        required=False,
        max_length=8000,
        widget=forms.Textarea,
    )
    deciding_body = forms.CharField(label=_("Entscheidende Stelle"), max_length=200)
    decided_on = forms.DateField(
        label=_("Datum der Entscheidung"), required=False, validators=[not_in_future]
    )

    def __init__(self, data: Any = None, *, case: Case, actor: Actor) -> None:
        super().__init__(data, case=case, actor=actor)
        plan = getattr(case, "financing_plan", None)
        if plan is not None:  # a fresh form proposes what was applied for
            self.initial = {
                "amount": plan.requested_amount,
                "funding_start": plan.funding_start,
                "funding_end": plan.funding_end,
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
        if ends_before_start(data.get("funding_start"), data.get("funding_end")):
            self.add_error("funding_end", _("Das Ende muss nach dem Beginn liegen."))
        data["decided_on"] = data.get("decided_on") or timezone.localdate()
        return data


class RejectForm(TransitionForm):
    reasons = forms.CharField(
        label=_("Begründung der Ablehnung"), max_length=8000, widget=forms.Textarea
    )
    deciding_body = forms.CharField(label=_("Entscheidende Stelle"), max_length=200)
    decided_on = forms.DateField(
        label=_("Datum der Entscheidung"), required=False, validators=[not_in_future]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["decided_on"] = data.get("decided_on") or timezone.localdate()
        return data


class SpentByLineField(forms.Field):
    """A mapping {plan line id: amount}, from JSON (API) or a dict (web form)."""

    default_error_messages = {
        "invalid": _("Bitte geben Sie für jede Kostenposition einen Betrag an."),
    }

    def to_python(self, value: Any) -> dict[str, Decimal]:
        if value in (None, "", {}):
            return {}
        if not isinstance(value, dict):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        result: dict[str, Decimal] = {}
        for key, raw in value.items():
            try:
                amount = Decimal(str(raw).replace(",", "."))
            except (InvalidOperation, ValueError):
                raise forms.ValidationError(
                    _("„%(value)s“ ist kein gültiger Betrag.") % {"value": raw}, code="amount"
                ) from None
            if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
                raise forms.ValidationError(
                    _("„%(value)s“ ist kein gültiger Betrag.") % {"value": raw}, code="amount"
                )
            result[str(key)] = amount.quantize(Decimal("0.01"))
        return result


class SubmitReportForm(TransitionForm):
    narrative = forms.CharField(
        label=_("Sachbericht: Verlauf, Ergebnisse, erreichte Ziele"), max_length=20000
    )
    spent = SpentByLineField(label=_("Ausgaben je Kostenposition (€)"))

    def clean_spent(self) -> dict[str, Decimal]:
        spent: dict[str, Decimal] = self.cleaned_data["spent"]
        plan = getattr(self.case, "financing_plan", None)
        line_ids = {str(pk) for pk in plan.lines.values_list("pk", flat=True)} if plan else set()
        unknown = set(spent) - line_ids
        if unknown:
            raise forms.ValidationError(
                _("Unbekannte Kostenposition(en): %(ids)s") % {"ids": ", ".join(sorted(unknown))}
            )
        missing = line_ids - set(spent)
        if missing:
            raise forms.ValidationError(
                _("Bitte geben Sie für jede Kostenposition einen Betrag an (fehlt: %(ids)s).")
                % {"ids": ", ".join(sorted(missing))}
            )
        if sum(spent.values(), Decimal("0")) > MONEY_MAX:
            raise forms.ValidationError(
                _("Die Ausgaben ergeben zusammen mehr als 9.999.999.999,99 €."), code="total"
            )
        return spent


class AcceptReportForm(TransitionForm):
    pass


class WithdrawForm(TransitionForm):
    reason = forms.CharField(
        label=_("Warum ziehen Sie die Idee zurück? (freiwillig)"), required=False, max_length=2000
    )
