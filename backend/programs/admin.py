from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from backend.common.admin_scope import CityScopedAdmin
from backend.common.fields import money_text
from backend.common.vocabularies import UploadCategory
from backend.programs.models import (
    ApplicationDeadline,
    FundingProgram,
    ProgramBudget,
    RepaymentSettings,
)


class ProgramBudgetForm(forms.ModelForm):
    """A budget never drops below what approvals have committed from it (the database's
    check would answer a bare error page otherwise)."""

    class Meta:
        model = ProgramBudget
        fields = ("year", "amount")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.committed > 0:
            # Approvals are booked to this year: moving the row would free the year for a new,
            # empty budget.
            self.fields["year"].disabled = True

    def clean_amount(self) -> Any:
        amount = self.cleaned_data["amount"]
        committed = self.instance.committed if self.instance.pk else Decimal("0")
        returned = self.instance.returned if self.instance.pk else Decimal("0")
        if amount is not None and amount + returned < committed:
            raise forms.ValidationError(
                _(
                    "Aus diesem Budget sind schon %(committed)s € bewilligt; es kann nicht "
                    "kleiner werden."
                )
                % {"committed": money_text(committed)}
            )
        return amount


class ProgramBudgetFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            budget = form.instance
            if budget.pk and budget.committed > 0:
                raise forms.ValidationError(
                    _(
                        "Das Budget %(year)s kann nicht gelöscht werden: daraus sind schon "
                        "%(committed)s € bewilligt."
                    )
                    % {"year": budget.year, "committed": money_text(budget.committed)}
                )


class ProgramBudgetInline(admin.TabularInline):
    model = ProgramBudget
    form = ProgramBudgetForm
    formset = ProgramBudgetFormSet
    extra = 0
    # ``committed`` moves only with approvals, ``returned`` with repayments received (under a
    # row lock in the workflow).
    readonly_fields = ("committed", "returned")


class ApplicationDeadlineInline(admin.TabularInline):
    model = ApplicationDeadline
    extra = 0


@admin.register(FundingProgram)
class FundingProgramAdmin(CityScopedAdmin):
    list_display = ("name", "funder", "city", "max_amount_per_case", "active")
    list_filter = ("city", "active")
    search_fields = ("name", "funder")
    inlines = (ProgramBudgetInline, ApplicationDeadlineInline)

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "required_documents":
            # Checkboxes instead of a comma-separated text of slugs.
            return forms.TypedMultipleChoiceField(
                label=db_field.verbose_name,
                help_text=db_field.help_text,
                choices=UploadCategory.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(RepaymentSettings)
class RepaymentSettingsAdmin(CityScopedAdmin):
    """Where a city's associations pay back: shown on the status page, in the mail and the
    Schlussbescheid (a programme may name its own payee and IBAN)."""

    list_display = ("city", "payee", "iban", "due_days", "base_rate_percent")
