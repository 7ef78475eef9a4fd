"""Overlap (issue #6): the public check and the snapshot a case stores. Matches have the
shape of ``backend.cases.overlap.offering_match_dict``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.fields import StrictCharField, StrictIntegerField
from backend.areas.models import Area, AreaKind
from backend.common.vocabularies import TargetGroup, Topic


class OverlapCheckRequestSerializer(serializers.Serializer):
    """An idea as typed so far (the same limits as the idea form)."""

    title = StrictCharField(max_length=200)
    description = StrictCharField(
        max_length=12000,
        required=False,
        allow_blank=True,
        help_text="The idea's other texts (challenge, who is affected, intended result, "
        "first ideas), joined.",
    )
    quarter = StrictIntegerField(
        min_value=1, max_value=2**63 - 1, help_text="Id of a quarter (Stadtteil)."
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices),
        required=False,
        max_length=20,
    )
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False, max_length=20
    )

    def validate_quarter(self, value: int) -> Area:
        quarter = (
            Area.objects.filter(pk=value, kind=AreaKind.QUARTER).select_related("parent").first()
        )
        if quarter is None:
            raise serializers.ValidationError(_("Bitte wählen Sie den Stadtteil aus der Liste."))
        return quarter


class OverlapReasonSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="same_quarter, same_district, citywide, elsewhere, shared_target_group:<slug>, "
        "shared_topic:<slug>, similar_text (docs/overlap.md)."
    )
    text = serializers.CharField(help_text="German sentence for people.")


class OverlapOfferingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    title = serializers.CharField()
    quarter = serializers.IntegerField(allow_null=True, help_text="Null for city-wide offerings.")
    quarter_name = serializers.CharField(allow_null=True)
    citywide = serializers.BooleanField()
    provider = serializers.CharField()


class OverlapOfferingMatchSerializer(serializers.Serializer):
    """An existing offering that resembles the idea."""

    offering = OverlapOfferingSummarySerializer()
    score = serializers.FloatField(min_value=0, max_value=1)
    likely_overlap = serializers.BooleanField(help_text="score ≥ 0.40")
    reasons = OverlapReasonSerializer(many=True)


class OverlapIdeaSummarySerializer(serializers.Serializer):
    """Another association's open idea: what and where, never who."""

    title = serializers.CharField()
    quarter = serializers.IntegerField()
    quarter_name = serializers.CharField()


class OverlapIdeaMatchSerializer(serializers.Serializer):
    case = OverlapIdeaSummarySerializer()
    score = serializers.FloatField(min_value=0, max_value=1)
    likely_overlap = serializers.BooleanField()
    reasons = OverlapReasonSerializer(many=True)


class OverlapCheckResultSerializer(serializers.Serializer):
    """Offerings (``results``) and open ideas that resemble the idea, best first, ≤ 10 each."""

    results = OverlapOfferingMatchSerializer(many=True)
    similar_ideas = OverlapIdeaMatchSerializer(many=True)


class SnapshotCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    quarter = serializers.IntegerField()
    quarter_name = serializers.CharField()


class SnapshotIdeaMatchSerializer(serializers.Serializer):
    case = SnapshotCaseSerializer()
    score = serializers.FloatField(min_value=0, max_value=1)
    likely_overlap = serializers.BooleanField()
    reasons = OverlapReasonSerializer(many=True)


class OverlapSnapshotSerializer(serializers.Serializer):
    """What the overlap engine found when the idea was submitted, or when a coordinator last
    checked it again."""

    checked_at = serializers.CharField(help_text="ISO 8601 date and time of the check.")
    offerings = OverlapOfferingMatchSerializer(many=True)
    similar_ideas = SnapshotIdeaMatchSerializer(many=True)
