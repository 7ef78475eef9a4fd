"""The decision (with its bookings per budget year and amendments) and the report."""

from __future__ import annotations

from rest_framework import serializers

from backend.cases.models import Decision, DecisionAmendment, Report
from backend.common.fields import MONEY


class BudgetBookingSerializer(serializers.Serializer):
    """The part of the approved amount booked to one budget year."""

    year = serializers.IntegerField(source="budget.year", read_only=True)
    amount = serializers.DecimalField(**MONEY, read_only=True)


class DecisionAmendmentSerializer(serializers.ModelSerializer):
    """Änderungsbescheid: what changed, why, when."""

    class Meta:
        model = DecisionAmendment
        fields = [
            "id",
            "decided_on",
            "reasons",
            "old_amount",
            "new_amount",
            "old_funding_start",
            "old_funding_end",
            "new_funding_start",
            "new_funding_end",
            "conditions_changed",
            "created_at",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    """Bewilligungsbescheid or Ablehnung, with its bookings per budget year and amendments."""

    bookings = BudgetBookingSerializer(many=True, read_only=True)
    amendments = DecisionAmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "outcome",
            "amount",
            "budget_year",
            "bookings",
            "funding_start",
            "funding_end",
            "financing_type",
            "funding_rate",
            "eligible_costs",
            "conditions",
            "reasons",
            "deciding_body",
            "decided_on",
            "notified_on",
            "final_on",
            "remedy_waived_at",
            "repayment_amount",
            "amendments",
            "created_at",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    """Verwendungsnachweis: narrative report and spent amounts by plan line."""

    spent_by_line = serializers.DictField(
        child=serializers.DecimalField(**MONEY),
        read_only=True,
        help_text="Plan line id → amount spent.",
    )

    class Meta:
        model = Report
        fields = [
            "narrative",
            "spent_by_line",
            "spent_total",
            "own_share_actual",
            "third_party_actual",
            "simple",
            "submitted_at",
            "accepted_at",
        ]
        read_only_fields = fields
