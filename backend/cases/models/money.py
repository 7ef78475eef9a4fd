"""Money that moves after the decision: payouts (Mittelabruf) and the repayment."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.cases.models.case import NON_NEGATIVE, Case
from backend.common.fields import MONEY
from backend.common.models import TimeStampedModel
from backend.programs.models import ProgramBudget


class PayoutStatus(models.TextChoices):
    REQUESTED = "requested", _("beantragt")
    PAID = "paid", _("ausgezahlt")
    REFUSED = "refused", _("abgelehnt")


class Payout(TimeStampedModel):
    """Mittelabruf: the association asks for part of the approved amount, which it needs
    within two months (VV Nr. 7.2 zu § 44 LHO); the coordination approves and pays it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payouts")
    amount = models.DecimalField(
        _("Betrag"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    purpose = models.CharField(_("Wofür"), max_length=500, blank=True)
    needed_within_two_months = models.BooleanField(
        _("wird innerhalb von zwei Monaten benötigt"), default=False
    )
    status = models.CharField(
        max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.REQUESTED
    )
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(_("ausgezahlt am"), null=True, blank=True)
    refusal_reason = models.TextField(_("Begründung der Ablehnung"), blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="payout_paid_has_date"
            ),
        ]


class Repayment(TimeStampedModel):
    """What the association pays back after the report (partial revocation, §§ 49, 49a
    VwVfG): the amount, interest where due, where to pay it and by when; and its receipt."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="repayment")
    principal = models.DecimalField(_("Erstattungsbetrag"), validators=NON_NEGATIVE, **MONEY)
    interest = models.DecimalField(
        _("Zinsen"), default=Decimal("0"), validators=NON_NEGATIVE, **MONEY
    )
    interest_from = models.DateField(_("Zinsen ab"), null=True, blank=True)
    interest_rate = models.DecimalField(
        _("Zinssatz (% p. a.)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField(_("fällig am"))
    payee = models.CharField(_("Empfänger"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    reference = models.CharField(_("Verwendungszweck"), max_length=140)
    received_on = models.DateField(_("eingegangen am"), null=True, blank=True)
    received_amount = models.DecimalField(
        _("eingegangener Betrag"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    budget = models.ForeignKey(
        ProgramBudget,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayments",
        help_text="The budget (of the year it came in) the repayment went back to.",
    )

    class Meta:
        verbose_name = _("Rückzahlung")
        verbose_name_plural = _("Rückzahlungen")

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest
