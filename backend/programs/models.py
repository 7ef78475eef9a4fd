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
from backend.programs.iban import iban_validator


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
    simple_report = models.BooleanField(
        _("einfacher Verwendungsnachweis"),
        default=False,
        help_text=_(
            "Der Nachweis besteht nur aus Sachbericht und Summen (Ausgaben, Einnahmen), ohne "
            "Belegliste und Ausgaben je Kostenposition."
        ),
    )
    small_measure_threshold = models.DecimalField(
        _("Grenze für Kleinmaßnahmen (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "Anträge bis zu diesem Betrag gelten als Kleinmaßnahme (eigene Antragsfrist, "
            "wenn eine hinterlegt ist). Leer: keine Kleinmaßnahmen."
        ),
    )
    repayment_payee = models.CharField(
        _("Empfänger für Rückzahlungen"),
        max_length=200,
        blank=True,
        help_text=_("Leer: die Angaben der Stadt (Rückzahlungsangaben)."),
    )
    repayment_iban = models.CharField(
        _("IBAN für Rückzahlungen"), max_length=34, blank=True, validators=[iban_validator]
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
    returned = models.DecimalField(
        _("Rückflüsse"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        editable=False,
        help_text=_(
            "Rückzahlungen, die in diesem Jahr eingegangen sind; sie stehen wieder zur Verfügung."
        ),
    )

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["program", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="budget_one_per_year"),
            models.CheckConstraint(
                condition=Q(committed__gte=0)
                & Q(returned__gte=0)
                & Q(committed__lte=F("amount") + F("returned")),
                name="budget_committed_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year}"

    @property
    def remaining(self) -> Decimal:
        """What is left to commit: the budget and the repayments received, less approvals."""
        return self.amount + self.returned - self.committed


class DeadlineScope(models.TextChoices):
    """Which applications a deadline is for (Essen: 31 March for measures of the current year
    and small measures, 31 August for measures of the next year)."""

    ANY = "any", _("alle Anträge")
    CURRENT_YEAR = "current_year", _("Maßnahmen, die im Jahr der Frist beginnen")
    SMALL = "small", _("Kleinmaßnahmen, die im Jahr der Frist beginnen")
    NEXT_YEAR = "next_year", _("Maßnahmen, die im Jahr nach der Frist beginnen")


class ApplicationDeadline(TimeStampedModel):
    """A date by which applications for a funding round must be submitted."""

    program = models.ForeignKey(FundingProgram, on_delete=models.CASCADE, related_name="deadlines")
    due_on = models.DateField(_("due on"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    applies_to = models.CharField(
        _("gilt für"), max_length=12, choices=DeadlineScope.choices, default=DeadlineScope.ANY
    )

    class Meta:
        verbose_name = _("application deadline")
        verbose_name_plural = _("application deadlines")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["program", "due_on"], name="deadline_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.due_on:%d.%m.%Y}"


class RepaymentSettings(TimeStampedModel):
    """Where a city's associations pay money back, and on what terms (admin-edited; a
    programme may name its own payee and IBAN)."""

    city = models.OneToOneField(City, on_delete=models.PROTECT, related_name="repayment_settings")
    payee = models.CharField(_("Empfänger"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34, validators=[iban_validator])
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    reference_prefix = models.CharField(
        _("Verwendungszweck (Anfang)"),
        max_length=60,
        blank=True,
        help_text=_("Steht vor dem Aktenzeichen, z. B. ein Kassenzeichen des Amtes."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("Zahlungsfrist (Tage)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    base_rate_percent = models.DecimalField(
        _("Basiszinssatz (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-10")), MaxValueValidator(Decimal("20"))],
        help_text=_("§ 247 BGB; Zinsen nach § 49a Abs. 3 VwVfG: 5 Prozentpunkte darüber."),
    )

    class Meta:
        verbose_name = _("Rückzahlungsangaben")
        verbose_name_plural = _("Rückzahlungsangaben")

    def __str__(self) -> str:
        return f"{self.city}: {self.payee}"
