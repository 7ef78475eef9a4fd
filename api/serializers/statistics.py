"""The figures of ``backend.statistics.selectors`` as JSON (``GET /api/v1/stats/``) and one
row of the bulk case export (documentation of its NDJSON lines)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from backend.cases.models import DecisionOutcome
from backend.common.vocabularies import TargetGroup, Topic
from workflows.states import CaseState

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class StatsCityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()


class StatsDistrictRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()


class StatsProgramRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class StatsFiltersSerializer(serializers.Serializer):
    city = StatsCityRefSerializer(allow_null=True)
    district = StatsDistrictRefSerializer(allow_null=True)
    program = StatsProgramRefSerializer(allow_null=True)
    year = serializers.IntegerField(allow_null=True)


class StatsMoneySerializer(serializers.Serializer):
    """Euro amounts of the cases counted (see docs/statistics.md for each figure)."""

    requested = serializers.DecimalField(
        **MONEY, help_text="Requested amount of cases whose application was submitted."
    )
    approved = serializers.DecimalField(**MONEY, help_text="Approved amount of approvals.")
    paid = serializers.DecimalField(
        **MONEY,
        help_text="Paid out. Until payouts are recorded one by one, an approved grant counts "
        "as paid at approval.",
    )
    repaid = serializers.DecimalField(
        **MONEY, help_text="Repayment claimed when the report was accepted."
    )


class StatsStateCountsSerializer(serializers.Serializer):
    """Cases per state (every state key, 0 where none)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {state.value: serializers.IntegerField(help_text=state.label) for state in CaseState}


class StatsDistrictRowSerializer(serializers.Serializer):
    district = StatsDistrictRefSerializer()
    by_state = StatsStateCountsSerializer()
    total = serializers.IntegerField()
    money = StatsMoneySerializer()


class StatsProgramYearRowSerializer(serializers.Serializer):
    program = StatsProgramRefSerializer()
    year = serializers.IntegerField()
    cases = serializers.IntegerField()
    money = StatsMoneySerializer()
    budget = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="The programme's budget of the year (all districts)."
    )
    committed = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="Of it committed by approvals (all districts)."
    )
    remaining = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="Budget minus committed (all districts)."
    )


class StatsTopicRowSerializer(serializers.Serializer):
    slug = serializers.ChoiceField(choices=Topic.choices)
    label = serializers.CharField()
    cases = serializers.IntegerField()
    approved_cases = serializers.IntegerField()
    approved = serializers.DecimalField(**MONEY)


class StatsTargetGroupRowSerializer(StatsTopicRowSerializer):
    slug = serializers.ChoiceField(choices=TargetGroup.choices)


class StatsDurationRowSerializer(serializers.Serializer):
    district = StatsDistrictRefSerializer(
        allow_null=True, help_text="null: all districts in scope together."
    )
    decided = serializers.IntegerField()
    mean_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    median_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    min_days = serializers.IntegerField(allow_null=True)
    max_days = serializers.IntegerField(allow_null=True)


class StatsFiguresSerializer(serializers.Serializer):
    """Every figure of the statistics page."""

    filters = StatsFiltersSerializer()
    total = serializers.IntegerField()
    state_totals = StatsStateCountsSerializer()
    money = StatsMoneySerializer()
    districts = StatsDistrictRowSerializer(many=True)
    programs = StatsProgramYearRowSerializer(many=True)
    topics = StatsTopicRowSerializer(many=True)
    target_groups = StatsTargetGroupRowSerializer(many=True)
    durations = StatsDurationRowSerializer(many=True)


class CaseExportRowSerializer(serializers.Serializer):
    """One line of the bulk export (NDJSON) or one row of its CSV (same keys, same order)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=CaseState.choices)
    city = serializers.CharField(help_text="City slug.")
    district = serializers.CharField(help_text="District code, e.g. IV.")
    quarter = serializers.CharField()
    association = serializers.CharField()
    program = serializers.CharField(allow_null=True)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices))
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices)
    )
    year = serializers.IntegerField(help_text="Budget year, else planned start, else idea.")
    received_on = serializers.DateField()
    submitted_on = serializers.DateField(allow_null=True)
    estimated_cost = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    requested = serializers.DecimalField(**MONEY)
    approved = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    repaid = serializers.DecimalField(**MONEY)
    decision = serializers.ChoiceField(
        choices=[("", "none"), *DecisionOutcome.choices], allow_blank=True
    )
    decided_on = serializers.DateField(allow_null=True)
