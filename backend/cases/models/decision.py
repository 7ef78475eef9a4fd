"""The decision (Bewilligungsbescheid or Ablehnung), its amendments (Änderungsbescheide) and
how its amount is booked to the programme's yearly budgets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.cases.models.case import NON_NEGATIVE, Case, FinancingType
from backend.common.fields import MONEY
from backend.common.models import TimeStampedModel
from backend.programs.models import ProgramBudget


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")


class Decision(TimeStampedModel):
    """Bewilligungsbescheid or Ablehnung, with what the notice fixes (VV Nr. 4 zu § 44 LHO)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    amount = models.DecimalField(
        _("approved amount"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    #: The first year the amount is booked to (the year the funding period starts); the split
    #: over the years is ``bookings``.
    budget_year = models.PositiveSmallIntegerField(null=True, blank=True)
    funding_start = models.DateField(null=True, blank=True)
    funding_end = models.DateField(null=True, blank=True)
    financing_type = models.CharField(
        _("Finanzierungsart"), max_length=12, choices=FinancingType.choices, blank=True
    )
    funding_rate = models.DecimalField(
        _("Fördersatz (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Bewilligter Betrag in Prozent der zuwendungsfähigen Ausgaben."),
    )
    eligible_costs = models.DecimalField(
        _("zuwendungsfähige Ausgaben"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    conditions = models.TextField(_("conditions"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    deciding_body = models.CharField(_("deciding body"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    notified_on = models.DateField(_("bekanntgegeben am"), null=True, blank=True)
    #: Bestandskraft: the day the notice can no longer be challenged (a month after notice, or
    #: the day the association waived its remedies).
    final_on = models.DateField(_("bestandskräftig ab"), null=True, blank=True)
    remedy_waived_at = models.DateTimeField(
        _("Rechtsbehelfsverzicht erklärt"), null=True, blank=True
    )
    repayment_amount = models.DecimalField(
        _("repayment"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="rejected") | Q(amount__gt=0, funding_start__isnull=False),
                name="decision_approval_has_amount_and_period",
            ),
        ]

    @property
    def approved(self) -> bool:
        return self.outcome == DecisionOutcome.APPROVED

    def is_final(self, today: dt.date | None = None) -> bool:
        """Bestandskräftig: no remedy can reach it any more."""
        today = today or timezone.localdate()
        return self.final_on is not None and self.final_on <= today


class DecisionAmendment(TimeStampedModel):
    """Änderungsbescheid: what changed in the decision, why, and who decided it."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="amendments")
    reasons = models.TextField(_("Begründung"), max_length=8000)
    decided_on = models.DateField(_("decided on"))
    old_amount = models.DecimalField(**MONEY)
    new_amount = models.DecimalField(**MONEY)
    old_funding_start = models.DateField()
    old_funding_end = models.DateField()
    new_funding_start = models.DateField()
    new_funding_end = models.DateField()
    conditions_changed = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Änderungsbescheid")
        verbose_name_plural = _("Änderungsbescheide")


class BudgetBooking(TimeStampedModel):
    """The part of an approved amount booked to one year's budget (Kassenwirksamkeit)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="bookings")
    budget = models.ForeignKey(ProgramBudget, on_delete=models.PROTECT, related_name="bookings")
    amount = models.DecimalField(validators=NON_NEGATIVE, **MONEY)

    class Meta:
        ordering = ["budget__year"]
        verbose_name = _("Buchung auf ein Haushaltsjahr")
        verbose_name_plural = _("Buchungen auf Haushaltsjahre")
        constraints = [
            models.UniqueConstraint(fields=["decision", "budget"], name="booking_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="booking_not_negative"),
        ]
