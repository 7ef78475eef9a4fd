"""The coordinator's overlap assessments of a case (``overlap_assessment_record``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from api.serializers.cases import UserSummarySerializer
from api.serializers.fields import StrictCharField, StrictIntegerField
from backend.cases.models import AssessmentVerdict, OverlapAssessment


class AssessedOfferingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class AssessedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()


class OverlapAssessmentSerializer(serializers.ModelSerializer):
    """The coordinator's judgement of one match: an offering or another open idea."""

    offering = AssessedOfferingSerializer(allow_null=True, read_only=True)
    other_case = AssessedCaseSerializer(allow_null=True, read_only=True)
    verdict = serializers.ChoiceField(choices=AssessmentVerdict.choices, read_only=True)
    verdict_label = serializers.CharField(source="get_verdict_display", read_only=True)
    assessed_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = OverlapAssessment
        fields = [
            "id",
            "offering",
            "other_case",
            "verdict",
            "verdict_label",
            "note",
            "assessed_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class OverlapAssessmentCreateSerializer(serializers.Serializer):
    """Exactly one of ``offering`` and ``other_case``; assessing it again updates it."""

    offering = StrictIntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    other_case = StrictIntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    verdict = serializers.ChoiceField(choices=AssessmentVerdict.choices)
    note = StrictCharField(max_length=4000, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("offering") is None) == (attrs.get("other_case") is None):
            raise serializers.ValidationError(
                _("Bitte bewerten Sie genau ein Angebot oder eine Idee.")
            )
        return attrs


class _AssessmentFields(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=AssessmentVerdict.choices)
    note = StrictCharField(max_length=4000, required=False, allow_blank=True)


class OfferingAssessmentCreateSerializer(_AssessmentFields):
    """Judges an existing offering (id in the case's city)."""

    offering = StrictIntegerField(min_value=1, max_value=2**63 - 1)


class OtherCaseAssessmentCreateSerializer(_AssessmentFields):
    """Judges another open idea (one of this case's stored matches, or a case you may see)."""

    other_case = StrictIntegerField(min_value=1, max_value=2**63 - 1)


#: The schema of ``OverlapAssessmentCreateSerializer``: exactly one of the two (``oneOf``).
OVERLAP_ASSESSMENT_REQUEST = PolymorphicProxySerializer(
    component_name="OverlapAssessmentCreate",
    serializers=[OfferingAssessmentCreateSerializer, OtherCaseAssessmentCreateSerializer],
    resource_type_field_name=None,
)
