"""Forms of the end of a project: the Verwendungsnachweis, accepting it, demanding and
confirming the repayment."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.fields import MONEY, MONEY_MAX, money_text
from workflows.forms.base import TransitionForm
from workflows.settlement import receipts_by_line

OPTIONAL_MONEY: dict[str, Any] = {**MONEY, "min_value": Decimal("0"), "max_value": MONEY_MAX}


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
    """Verwendungsnachweis. Full: spending per plan line, each backed by the Belegliste.
    Simple (the programme's choice, einfacher Verwendungsnachweis): the total only."""

    narrative = forms.CharField(
        label=_("Sachbericht: Verlauf, Ergebnisse, erreichte Ziele"), max_length=20000
    )
    spent = SpentByLineField(label=_("Ausgaben je Kostenposition (€)"), required=False)
    spent_total = forms.DecimalField(
        label=_("Ausgaben insgesamt (€, nur beim einfachen Nachweis)"),
        required=False,
        **OPTIONAL_MONEY,
    )
    own_share_actual = forms.DecimalField(
        label=_("Eigenanteil, tatsächlich eingesetzt (€)"),
        required=False,
        help_text=_("Leer: wie im Finanzierungsplan."),
        **OPTIONAL_MONEY,
    )
    third_party_actual = forms.DecimalField(
        label=_("Drittmittel, tatsächlich erhalten (€)"),
        required=False,
        help_text=_("Leer: wie im Finanzierungsplan."),
        **OPTIONAL_MONEY,
    )

    @property
    def simple(self) -> bool:
        program = getattr(self.case, "program", None)
        return bool(program and program.simple_report)

    def _check_lines(self, spent: dict[str, Decimal]) -> None:
        plan = getattr(self.case, "financing_plan", None)
        lines = {str(line.pk): line for line in plan.lines.all()} if plan else {}
        unknown = set(spent) - set(lines)
        if unknown:
            self.add_error(
                "spent",
                _("Unbekannte Kostenposition(en): %(ids)s") % {"ids": ", ".join(sorted(unknown))},
            )
            return
        missing = set(lines) - set(spent)
        if missing:
            self.add_error(
                "spent",
                _("Bitte geben Sie für jede Kostenposition einen Betrag an (fehlt: %(ids)s).")
                % {"ids": ", ".join(sorted(missing))},
            )
            return
        if sum(spent.values(), Decimal("0")) > MONEY_MAX:
            self.add_error("spent", _("Die Ausgaben ergeben zusammen mehr als 9.999.999.999,99 €."))
            return
        receipts = receipts_by_line(self.case)
        for key, line in lines.items():
            listed = receipts.get(line.pk, Decimal("0"))
            if listed != spent[key]:
                self.add_error(
                    "spent",
                    _(
                        "„%(label)s“: Die Belegliste ergibt %(listed)s €, angegeben sind "
                        "%(spent)s €. Bitte gleichen Sie Belegliste und Ausgaben an."
                    )
                    % {
                        "label": line.label,
                        "listed": money_text(listed),
                        "spent": money_text(spent[key]),
                    },
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.simple:
            if data.get("spent_total") is None and "spent_total" not in self.errors:
                self.add_error(
                    "spent_total", _("Bitte geben Sie an, was Sie insgesamt ausgegeben haben.")
                )
        elif "spent" not in self.errors:
            self._check_lines(data.get("spent") or {})
        return data


class AcceptReportForm(TransitionForm):
    pass


class DemandRepaymentForm(TransitionForm):
    charge_interest = forms.BooleanField(
        label=_("Zinsen nach § 49a Abs. 3 VwVfG fordern"),
        required=False,
        help_text=_(
            "5 Prozentpunkte über dem Basiszinssatz im Jahr. Davon kann abgesehen werden, wenn "
            "der Träger die Rückforderung nicht zu vertreten hat und fristgerecht zahlt."
        ),
    )
    interest_from = forms.DateField(
        label=_("Zinsen ab"),
        required=False,
        help_text=_("Leer: ab der letzten Auszahlung."),
    )

    def clean_interest_from(self) -> Any:
        value = self.cleaned_data.get("interest_from")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Der Zinsbeginn darf nicht in der Zukunft liegen."))
        return value


class ConfirmRepaymentForm(TransitionForm):
    received_on = forms.DateField(label=_("Eingegangen am"))
    received_amount = forms.DecimalField(label=_("Eingegangener Betrag (€)"), **OPTIONAL_MONEY)

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Der Eingang darf nicht in der Zukunft liegen."))
        return value

    def clean_received_amount(self) -> Any:
        value = self.cleaned_data["received_amount"]
        repayment = getattr(self.case, "repayment", None)
        if repayment is not None and value < repayment.total:
            raise forms.ValidationError(
                _(
                    "Fällig sind %(total)s €. Erst wenn der ganze Betrag eingegangen ist, wird "
                    "die Rückzahlung als erledigt eingetragen."
                )
                % {"total": money_text(repayment.total)}
            )
        return value
