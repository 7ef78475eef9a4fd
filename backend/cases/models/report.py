"""After the decision, what the association reports: interim reports (Zwischennachweis), the
Verwendungsnachweis and its Belegliste (receipts)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.cases.models.case import NON_NEGATIVE, Case, FinancingPlanLine
from backend.common.fields import MONEY
from backend.common.models import TimeStampedModel


class Report(TimeStampedModel):
    """Verwendungsnachweis: Sachbericht and the figures structured like the financing plan
    (actual income, spending per plan line; the receipts behind them are ``Receipt``)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="report")
    narrative = models.TextField(_("narrative report"), max_length=20000)
    spent_by_line = models.JSONField(default=dict, help_text="{plan line id: amount as string}")
    spent_total = models.DecimalField(_("spent in total"), validators=NON_NEGATIVE, **MONEY)
    own_share_actual = models.DecimalField(
        _("Eigenanteil (tatsächlich)"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    third_party_actual = models.DecimalField(
        _("Drittmittel (tatsächlich)"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    simple = models.BooleanField(
        _("einfacher Verwendungsnachweis"),
        default=False,
        help_text="Summary figures only (the programme's choice when it was submitted).",
    )
    submitted_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")


class InterimReport(TimeStampedModel):
    """Zwischennachweis: for a project running past 31 December, a short report on a year,
    due 30 April of the next (ANBest-P Nr. 6.1)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interim_reports")
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    narrative = models.TextField(_("Sachbericht"), max_length=8000)
    spent_total = models.DecimalField(
        _("Ausgaben bis Jahresende"), validators=NON_NEGATIVE, **MONEY
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["year"]
        verbose_name = _("Zwischennachweis")
        verbose_name_plural = _("Zwischennachweise")
        constraints = [
            models.UniqueConstraint(fields=["case", "year"], name="interim_report_one_per_year"),
        ]


class Receipt(TimeStampedModel):
    """One entry of the Belegliste: a payment made for the project, charged to a plan line."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="receipts")
    line = models.ForeignKey(
        FinancingPlanLine,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("Kostenposition"),
    )
    paid_on = models.DateField(_("Datum"))
    payee = models.CharField(_("Empfänger"), max_length=200)
    reason = models.CharField(_("Grund der Zahlung"), max_length=300)
    amount = models.DecimalField(
        _("Betrag"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belegliste")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receipt_amount_positive"),
        ]
