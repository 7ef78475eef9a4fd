"""Forms of the status page after the decision: waiving remedies, payout requests, interim
reports and the Belegliste (one receipt, or a CSV file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.cases.models import FinancingPlanLine
from backend.intake.fields import AccessibleFormMixin, EuroField, required
from backend.intake.status_forms import DateInput


class RemedyWaiverForm(AccessibleFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Wir verzichten auf Rechtsbehelfe (Widerspruch, Klage) gegen den Bewilligungsbescheid."
        ),
        help_text=_(
            "Dann ist der Bescheid sofort bestandskräftig und Sie können gleich Mittel abrufen. "
            "Der Verzicht kann nicht zurückgenommen werden."
        ),
        error_messages=required(_("Bitte bestätigen Sie den Verzicht.")),
    )


class PayoutRequestForm(AccessibleFormMixin, forms.Form):
    amount = EuroField(
        label=_("Betrag in Euro"),
        min_value=None,
        error_messages=required(_("Bitte geben Sie den Betrag an.")),
    )
    purpose = forms.CharField(
        label=_("Wofür brauchen Sie das Geld?"),
        required=False,
        max_length=500,
        help_text=_("z. B. Honorare für März und April"),
    )
    needed_within_two_months = forms.BooleanField(
        label=_("Wir brauchen das Geld innerhalb von zwei Monaten nach der Auszahlung."),
        help_text=_("Mittel dürfen nur abgerufen werden, soweit sie bald gebraucht werden."),
        error_messages=required(_("Bitte bestätigen Sie, dass Sie das Geld bald brauchen.")),
    )

    def clean_amount(self) -> Any:
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Der Betrag muss größer als 0 sein."))
        return amount


class InterimReportForm(AccessibleFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Für das Jahr"), coerce=int, choices=())
    narrative = forms.CharField(
        label=_("Kurzer Sachbericht: Was ist bisher geschehen?"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=required(_("Bitte beschreiben Sie kurz, was bisher geschehen ist.")),
    )
    spent_total = EuroField(
        label=_("Bis zum Jahresende ausgegeben (Euro)"),
        error_messages=required(_("Bitte geben Sie an, was Sie ausgegeben haben.")),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field: Any = self.fields["year"]
        year_field.choices = [(year, str(year)) for year in years]


class ReceiptForm(AccessibleFormMixin, forms.Form):
    line: forms.ModelChoiceField[FinancingPlanLine] = forms.ModelChoiceField(
        label=_("Kostenposition"),
        queryset=FinancingPlanLine.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages=required(_("Bitte wählen Sie die Kostenposition.")),
    )
    paid_on = forms.DateField(
        label=_("Datum der Zahlung"),
        widget=DateInput(),
        error_messages={
            **required(_("Bitte geben Sie das Datum an.")),
            "invalid": _("Bitte geben Sie ein Datum an, z. B. 15.03.2027."),
        },
    )
    payee = forms.CharField(
        label=_("Empfänger"),
        max_length=200,
        error_messages=required(_("Bitte nennen Sie den Empfänger.")),
    )
    reason = forms.CharField(
        label=_("Grund der Zahlung"),
        max_length=300,
        error_messages=required(_("Bitte nennen Sie den Grund der Zahlung.")),
    )
    amount = EuroField(
        label=_("Betrag in Euro"), error_messages=required(_("Bitte geben Sie den Betrag an."))
    )

    def __init__(self, *args: Any, lines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        line_field: Any = self.fields["line"]
        line_field.queryset = lines


class ReceiptsImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Belegliste als CSV-Datei"),
        help_text=_(
            "Erste Zeile: Datum;Empfänger;Grund;Betrag;Kostenposition. Die Kostenposition mit "
            "ihrem Namen aus dem Finanzierungsplan oder ihrer Nummer (1 = erste Position). "
            "Die Datei ersetzt die bisherige Belegliste."
        ),
        error_messages=required(_("Bitte wählen Sie eine CSV-Datei.")),
    )
