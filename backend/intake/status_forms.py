"""Forms of the private status page: answer a change request, the application with its
financing plan, the report (Verwendungsnachweis), and withdrawing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.cases.forms import FinancingPlanForm
from backend.cases.models import Case, FinancingPlanLine
from backend.cases.services import MAX_PLAN_LINES
from backend.documents.forms import DocumentUploadForm
from backend.intake.fields import AccessibleFormMixin, EuroField, euro, required
from backend.intake.selectors import programs_for
from backend.programs.models import FundingProgram


class ChangeRequestAnswerForm(AccessibleFormMixin, forms.Form):
    change_request = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    response = forms.CharField(
        label=_("Ihre Antwort"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            **required(_("Bitte schreiben Sie eine Antwort.")),
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens 8000 Zeichen."),
        },
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ApplicationForm(AccessibleFormMixin, FinancingPlanForm):
    """The application's key figures as the association fills them in: the plan's rules
    (``backend.cases.forms.FinancingPlanForm``) with its own words and German money notation;
    the financing type is the coordination's choice. The cost lines come in
    ``PlanLineFormSet``."""

    mark_optional = False
    financing_type = None  # type: ignore[assignment]  # not asked here
    period_message = _("Das Projektende muss nach dem Beginn liegen.")

    program: forms.ModelChoiceField[FundingProgram] = forms.ModelChoiceField(
        label=_("Förderprogramm"),
        queryset=None,
        required=False,
        empty_label=_("Bitte wählen"),
        help_text=_("Die Koordination sagt Ihnen im Beratungsgespräch, welches passt."),
        error_messages={"invalid_choice": _("Bitte wählen Sie ein Förderprogramm aus der Liste.")},
    )
    own_share = EuroField(
        label=_("Eigenanteil in Euro"),
        required=False,
        help_text=_("Geld, das Ihr Verein selbst beiträgt."),
    )
    third_party = EuroField(
        label=_("Drittmittel in Euro"),
        required=False,
        help_text=_("Geld von anderen, z. B. Stiftungen oder Spenden."),
    )
    requested_amount = EuroField(
        label=_("Beantragter Betrag in Euro"),
        required=False,
        help_text=_("Eigenanteil, Drittmittel und beantragter Betrag ergeben zusammen die Kosten."),
    )
    funding_start = forms.DateField(
        label=_("Projektbeginn"),
        required=False,
        widget=DateInput(),
        help_text=_("Das Projekt darf erst nach der Bewilligung beginnen."),
        error_messages={"invalid": _("Bitte geben Sie ein Datum an, z. B. 01.09.2026.")},
    )
    funding_end = forms.DateField(
        label=_("Projektende"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Bitte geben Sie ein Datum an, z. B. 31.12.2026.")},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, programs=programs_for(case=case), **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("own_share", "third_party", "requested_amount"):
            if data.get(name) is None and name not in self.errors:
                data[name] = Decimal("0")  # left empty: nothing
        return data


class PlanLineForm(AccessibleFormMixin, forms.Form):
    mark_optional = False
    label = forms.CharField(
        label=_("Kostenposition"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Bitte höchstens 200 Zeichen.")},
    )
    amount = EuroField(label=_("Betrag in Euro"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        label, amount = data.get("label", "").strip(), data.get("amount")
        if label and amount is None and "amount" not in self.errors:
            self.add_error("amount", gettext("Bitte geben Sie den Betrag an."))
        if amount is not None and not label:
            self.add_error("label", gettext("Bitte beschreiben Sie, wofür das Geld ist."))
        if amount is not None and amount <= 0:
            self.add_error("amount", gettext("Der Betrag muss größer als 0 sein."))
        return data


class BasePlanLineFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def lines(self) -> list[dict[str, Any]]:
        """The filled rows as ``financing_plan_save`` takes them; empty rows are dropped."""
        return [
            {"label": f.cleaned_data["label"].strip(), "amount": f.cleaned_data["amount"]}
            for f in self.forms
            if f.cleaned_data.get("label", "").strip() and f.cleaned_data.get("amount")
        ]

    def error_links(self) -> list[tuple[str, str, str]]:
        links: list[tuple[str, str, str]] = []
        for number, form in enumerate(self.forms, start=1):
            for anchor, label, message in form.error_links():
                links.append((anchor, f"{label} {number}", message))
        links.extend(("", "", str(m)) for m in self.non_form_errors())
        return links


PlanLineFormSet = forms.formset_factory(
    PlanLineForm, formset=BasePlanLineFormSet, extra=3, max_num=MAX_PLAN_LINES, validate_max=True
)


def plan_line_initial(case: Case) -> list[dict[str, Any]]:
    plan = getattr(case, "financing_plan", None)
    if plan is None:
        return []
    return [{"label": line.label, "amount": line.amount} for line in plan.lines.all()]


class ReportForm(AccessibleFormMixin, forms.Form):
    """Verwendungsnachweis: what happened, and what was spent on each cost line."""

    narrative = forms.CharField(
        label=_("Sachbericht: Wie ist das Projekt gelaufen?"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Was haben Sie gemacht, wie viele Menschen haben mitgemacht, was hat sich verbessert?"
        ),
        error_messages={
            **required(_("Bitte beschreiben Sie, wie das Projekt gelaufen ist.")),
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens 20000 Zeichen."),
        },
    )

    own_share_actual = EuroField(
        label=_("Eigenanteil, tatsächlich eingesetzt (Euro)"),
        required=False,
        help_text=_("Leer: wie im Finanzierungsplan."),
    )
    third_party_actual = EuroField(
        label=_("Drittmittel, tatsächlich erhalten (Euro)"),
        required=False,
        help_text=_("Leer: wie im Finanzierungsplan."),
    )

    def __init__(
        self, *args: Any, lines: list[FinancingPlanLine], simple: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = [] if simple else lines
        self.simple = simple
        if simple:
            self.fields["spent_total"] = EuroField(
                label=gettext("Insgesamt ausgegeben (Euro)"),
                help_text=gettext("Einfacher Verwendungsnachweis: nur die Summe."),
                error_messages=required(gettext("Bitte geben Sie an, was Sie ausgegeben haben.")),
            )
        for line in self.lines:
            self.fields[f"spent_{line.pk}"] = EuroField(
                label=gettext("Ausgegeben für „%(label)s“ (Euro)") % {"label": line.label},
                help_text=gettext("Geplant: %(amount)s €") % {"amount": euro(line.amount)},
                error_messages=required(gettext("Bitte geben Sie an, was Sie ausgegeben haben.")),
            )

    def spent(self) -> dict[str, str]:
        """{plan line id: amount} as the ``submit_report`` transition takes it."""
        return {str(line.pk): str(self.cleaned_data[f"spent_{line.pk}"]) for line in self.lines}

    def payload(self) -> dict[str, Any]:
        """The data of the ``submit_report`` transition."""
        data: dict[str, Any] = {"narrative": self.cleaned_data["narrative"]}
        if self.simple:
            data["spent_total"] = str(self.cleaned_data["spent_total"])
        else:
            data["spent"] = self.spent()
        for name in ("own_share_actual", "third_party_actual"):
            if self.cleaned_data.get(name) is not None:
                data[name] = str(self.cleaned_data[name])
        return data


class WithdrawForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Warum ziehen Sie die Idee zurück?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Es hilft uns, besser zu werden."),
        error_messages={"max_length": _("Bitte fassen Sie sich kürzer: höchstens 2000 Zeichen.")},
    )


class StatusDocumentForm(AccessibleFormMixin, DocumentUploadForm):
    """Upload on the status page: the shared form, with help and errors linked for readers."""


class LinkRequestForm(AccessibleFormMixin, forms.Form):
    """The public page where an association asks for a new status link."""

    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=254,
        help_text=_("Die Adresse, die Sie bei der Einreichung Ihrer Idee angegeben haben."),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@verein.de."),
        },
    )
