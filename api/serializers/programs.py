from __future__ import annotations

from rest_framework import serializers

from backend.programs.models import ApplicationDeadline, FundingProgram, ProgramBudget


class ProgramBudgetSerializer(serializers.ModelSerializer):
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = ProgramBudget
        fields = ["year", "amount", "committed", "returned", "remaining"]


class ApplicationDeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationDeadline
        fields = ["due_on", "label", "applies_to"]


class FundingProgramSerializer(serializers.ModelSerializer):
    """A funding programme with its yearly budgets and application deadlines."""

    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    budgets = ProgramBudgetSerializer(many=True, read_only=True)
    deadlines = ApplicationDeadlineSerializer(many=True, read_only=True)

    class Meta:
        model = FundingProgram
        fields = [
            "id",
            "city",
            "name",
            "funder",
            "description",
            "max_amount_per_case",
            "min_own_share_percent",
            "report_period_months",
            "simple_report",
            "small_measure_threshold",
            "active",
            "budgets",
            "deadlines",
        ]
