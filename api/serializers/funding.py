"""After the decision: payouts (Mittelabruf), interim reports, the Belegliste, the repayment."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import MoneyField
from backend.cases.models import InterimReport, Payout, Receipt, Repayment
from backend.common.fields import MONEY


class PayoutSerializer(serializers.ModelSerializer):
    """A payout request and what became of it."""

    class Meta:
        model = Payout
        fields = [
            "id",
            "amount",
            "purpose",
            "needed_within_two_months",
            "status",
            "requested_at",
            "decided_at",
            "paid_on",
            "refusal_reason",
        ]
        read_only_fields = fields


class PayoutRequestSerializer(serializers.Serializer):
    amount = MoneyField(positive=True)
    purpose = serializers.CharField(max_length=500, required=False, allow_blank=True)
    needed_within_two_months = serializers.BooleanField(
        help_text="Must be true: money is called only as needed within two months."
    )


class PayoutDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true: paid out today; false: refused.")
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="Required to refuse."
    )


class InterimReportSerializer(serializers.ModelSerializer):
    """Zwischennachweis for one year the project runs past."""

    class Meta:
        model = InterimReport
        fields = ["id", "year", "narrative", "spent_total", "submitted_at"]
        read_only_fields = fields


class InterimReportCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    narrative = serializers.CharField(max_length=8000)
    spent_total = MoneyField()


class ReceiptSerializer(serializers.ModelSerializer):
    """One entry of the Belegliste."""

    line = serializers.IntegerField(source="line_id", read_only=True)

    class Meta:
        model = Receipt
        fields = ["id", "line", "paid_on", "payee", "reason", "amount", "created_at"]
        read_only_fields = fields


class ReceiptCreateSerializer(serializers.Serializer):
    line = serializers.IntegerField(min_value=1, help_text="Id of a line of the case's plan.")
    paid_on = serializers.DateField()
    payee = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=300)
    amount = MoneyField(positive=True)


class ReceiptImportSerializer(serializers.Serializer):
    csv = serializers.CharField(
        max_length=1_000_000,
        help_text="The Belegliste as CSV text: Datum;Empfänger;Grund;Betrag;Kostenposition.",
    )
    replace = serializers.BooleanField(default=True)


class ReceiptImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()


class RepaymentSerializer(serializers.ModelSerializer):
    """What is paid back, where to, by when; and when it came in."""

    total = serializers.DecimalField(**MONEY, read_only=True)
    budget_year = serializers.IntegerField(source="budget.year", read_only=True, allow_null=True)

    class Meta:
        model = Repayment
        fields = [
            "principal",
            "interest",
            "interest_from",
            "interest_rate",
            "total",
            "due_on",
            "payee",
            "iban",
            "bic",
            "reference",
            "received_on",
            "received_amount",
            "budget_year",
        ]
        read_only_fields = fields


class PlanLineFiguresSerializer(serializers.Serializer):
    """Planned against spent for one plan line (ANBest-P Nr. 1.2: 20 % per line)."""

    line_id = serializers.IntegerField()
    label = serializers.CharField()
    planned = serializers.DecimalField(**MONEY)
    spent = serializers.DecimalField(**MONEY)
    receipts = serializers.DecimalField(**MONEY)
    eligible = serializers.DecimalField(**MONEY)
    deviation_percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    over_tolerance = serializers.BooleanField()


class FundingSerializer(serializers.Serializer):
    """A case's money after the decision."""

    approved = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    pending = serializers.DecimalField(**MONEY)
    available = serializers.DecimalField(**MONEY)
    final = serializers.BooleanField(help_text="The decision is final (bestandskräftig).")
    lines = PlanLineFiguresSerializer(many=True)
