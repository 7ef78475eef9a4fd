"""Funding programmes, their yearly budgets and application deadlines.

Amounts, deadlines and report periods differ by programme and change yearly, so they are data.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.areas.models import City
from backend.common.fields import choice_array
from backend.common.models import TimeStampedModel
from backend.common.vocabularies import UploadCategory


class FundingProgram(TimeStampedModel):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    max_amount_per_case = models.DecimalField(
        _("maximum amount per case"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    min_own_share_percent = models.DecimalField(
        _("minimum own share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of the total cost the association must carry itself."),
    )
    report_period_months = models.PositiveSmallIntegerField(
        _("report period (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("The report (Verwendungsnachweis) is due this many months after the end."),
    )
    required_documents = choice_array(
        UploadCategory,
        blank=True,
        verbose_name=_("required documents"),
        help_text=_("Unterlagen, ohne die ein Antrag nicht abgesendet werden kann."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="program_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


def booking_year(funding_start: date) -> int:
    """The budget year an approval is booked to: the year its funding period starts.

    The one place of this rule; ``workflows.effects`` books by it and the case page shows the
    budget it names before anyone presses "Bewilligen" (``programs.selectors.plan_booking``).
    """
    return funding_start.year


class ProgramBudget(TimeStampedModel):
    """The money a programme has in one year; approvals commit against it under a row lock."""

    program = models.ForeignKey(FundingProgram, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    committed = models.DecimalField(
        _("committed"), max_digits=14, decimal_places=2, default=Decimal("0"), editable=False
    )

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["program", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="budget_one_per_year"),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(committed__lte=F("amount")),
                name="budget_committed_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed


class ApplicationDeadline(TimeStampedModel):
    """A date by which applications for a funding round must be submitted."""

    program = models.ForeignKey(FundingProgram, on_delete=models.CASCADE, related_name="deadlines")
    due_on = models.DateField(_("due on"))
    label = models.CharField(_("label"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("application deadline")
        verbose_name_plural = _("application deadlines")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["program", "due_on"], name="deadline_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.due_on:%d.%m.%Y}"
