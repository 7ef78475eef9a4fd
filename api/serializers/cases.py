from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.associations import AssociationSerializer, ContactPersonSerializer
from api.serializers.fields import MoneyField, StrictCharField
from api.serializers.forms import form_data
from api.serializers.overlap import OverlapSnapshotSerializer
from backend.accounts.models import User
from backend.cases.forms import FinancingPlanForm
from backend.cases.models import (
    AdviceSession,
    Case,
    CaseEvent,
    ChangeRequest,
    FinancingPlan,
    FinancingPlanLine,
    FinancingType,
    ReferralKind,
)
from backend.cases.services import MAX_PLAN_LINES
from backend.common.fields import MONEY, MONEY_MAX
from backend.common.vocabularies import TargetGroup, Topic
from backend.programs.models import FundingProgram
from workflows.registry import transition_names
from workflows.states import CaseState


class UserSummarySerializer(serializers.ModelSerializer):
    """A coordinator or central-office account."""

    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "label"]


class AssociationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = AssociationSerializer.Meta.model
        fields = ["id", "name"]


class CaseSerializer(serializers.ModelSerializer):
    """A case as listed: the idea's title, where, who, its state and its version (ETag)."""

    state = serializers.ChoiceField(choices=CaseState.choices, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    district = serializers.IntegerField(source="quarter.parent_id", read_only=True)
    association = AssociationSummarySerializer(read_only=True)
    assigned_to = UserSummarySerializer(read_only=True)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), read_only=True
    )
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), read_only=True
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "title",
            "state",
            "state_label",
            "version",
            "quarter",
            "district",
            "association",
            "assigned_to",
            "program",
            "target_groups",
            "topics",
            "estimated_cost",
            "created_at",
            "updated_at",
            "submitted_at",
            "report_due_on",
        ]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    """A case with the whole idea, the association and its contact person."""

    association = AssociationSerializer(read_only=True)  # type: ignore[assignment]
    contact = ContactPersonSerializer(read_only=True)
    referral_kind = serializers.ChoiceField(
        choices=ReferralKind.choices, allow_blank=True, read_only=True, help_text="Set by refer."
    )
    overlap_snapshot = serializers.SerializerMethodField(
        help_text="What the overlap engine found at submission (null for cases from before "
        "the engine). The coordinator's judgements: cases/{id}/assessments/."
    )

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "challenge",
            "affected",
            "intended_result",
            "first_ideas",
            "next_steps",
            "responsible",
            "participants",
            "contact",
            "overlap_statement",
            "overlap_snapshot",
            "referral_kind",
            "referral_reason",
            "referred_offering",
            "withdrawal_reason",
            "deadline_exception",
        ]
        read_only_fields = fields

    @extend_schema_field(OverlapSnapshotSerializer(allow_null=True))
    def get_overlap_snapshot(self, case: Case) -> dict[str, Any] | None:
        if not case.overlap_snapshot:
            return None
        return dict(OverlapSnapshotSerializer(case.overlap_snapshot).data)


class CaseUpdateSerializer(serializers.Serializer):
    """Corrections to the idea's description (coordinators, before the decision)."""

    title = StrictCharField(max_length=200)
    challenge = StrictCharField(max_length=4000)
    affected = StrictCharField(max_length=2000)
    intended_result = StrictCharField(max_length=2000)
    first_ideas = StrictCharField(max_length=4000, allow_blank=True)
    next_steps = StrictCharField(max_length=2000, allow_blank=True)
    responsible = StrictCharField(max_length=300, allow_blank=True)
    participants = StrictCharField(max_length=2000, allow_blank=True)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), min_length=1, max_length=20
    )
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), min_length=1, max_length=20
    )
    estimated_cost = MoneyField(allow_null=True)


class CaseEventSerializer(serializers.ModelSerializer):
    """One entry of the audit trail (append-only)."""

    transition = serializers.ChoiceField(
        choices=[(name, name) for name in transition_names()],
        allow_blank=True,
        read_only=True,
    )
    from_state = serializers.ChoiceField(
        choices=CaseState.choices, allow_blank=True, read_only=True
    )
    to_state = serializers.ChoiceField(choices=CaseState.choices, allow_blank=True, read_only=True)
    payload = serializers.DictField(read_only=True)

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "kind",
            "actor_kind",
            "actor",
            "actor_label",
            "transition",
            "from_state",
            "to_state",
            "comment",
            "payload",
            "created_at",
        ]
        read_only_fields = fields


class FeedEventSerializer(CaseEventSerializer):
    """An event of the change feed: the audit entry and the case it belongs to."""

    case = serializers.IntegerField(source="case_id", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)

    class Meta(CaseEventSerializer.Meta):
        fields = [
            "id",
            "case",
            "case_reference",
            "kind",
            "transition",
            "from_state",
            "to_state",
            "actor_kind",
            "actor_label",
            "comment",
            "payload",
            "created_at",
        ]
        read_only_fields = fields


class AdviceSessionSerializer(serializers.ModelSerializer):
    """An advice session (Beratungsgespräch) held with the association."""

    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = AdviceSession
        fields = ["id", "held_on", "place", "notes", "next_steps", "recorded_by", "created_at"]
        read_only_fields = fields


class AdviceSessionCreateSerializer(serializers.Serializer):
    held_on = serializers.DateField(
        required=False,
        help_text="When the session was held: today (the default) or earlier, at most a year "
        "before the idea came in.",
    )
    place = StrictCharField(max_length=200)
    notes = StrictCharField(max_length=8000)
    next_steps = StrictCharField(max_length=4000, required=False, allow_blank=True)


class FinancingPlanLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinancingPlanLine
        fields = ["id", "label", "amount"]
        read_only_fields = fields


class FinancingPlanSerializer(serializers.ModelSerializer):
    """The financing plan: cost lines against own share, third-party money and request."""

    lines = FinancingPlanLineSerializer(many=True, read_only=True)
    total_cost = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = FinancingPlan
        fields = [
            "program",
            "financing_type",
            "own_share",
            "third_party",
            "requested_amount",
            "total_cost",
            "funding_start",
            "funding_end",
            "lines",
            "updated_at",
        ]
        read_only_fields = fields


class FinancingPlanLineInputSerializer(serializers.Serializer):
    label = StrictCharField(max_length=200)
    amount = MoneyField(positive=True)


class FinancingPlanWriteSerializer(serializers.Serializer):
    """The whole plan; its lines replace the previous ones."""

    program = serializers.PrimaryKeyRelatedField(
        queryset=FundingProgram.objects.all(),
        allow_null=True,
        error_messages={
            "does_not_exist": _("Es gibt kein Förderprogramm mit der Nummer {pk_value}."),
            "incorrect_type": _("Bitte geben Sie die Nummer eines Förderprogramms an."),
        },
    )
    financing_type = serializers.ChoiceField(choices=FinancingType.choices)
    own_share = MoneyField()
    third_party = MoneyField()
    requested_amount = MoneyField()
    funding_start = serializers.DateField(allow_null=True)
    funding_end = serializers.DateField(allow_null=True)
    lines = FinancingPlanLineInputSerializer(many=True, max_length=MAX_PLAN_LINES)  # type: ignore[call-arg]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The plan's rules are the pages' (``backend.cases.forms.FinancingPlanForm``); this
        serializer only describes and type-checks the JSON."""
        program = attrs.get("program")
        figures = {key: value for key, value in attrs.items() if key != "lines"}
        money = ("own_share", "third_party", "requested_amount")
        if sum(line["amount"] for line in attrs["lines"]) > MONEY_MAX or (
            sum(attrs[key] for key in money) > MONEY_MAX
        ):
            raise serializers.ValidationError(
                {"lines": [_("Der Plan ergibt zusammen mehr als 9.999.999.999,99 €.")]}
            )
        form = FinancingPlanForm(
            form_data({**figures, "program": program.pk if program else None}),
            programs=FundingProgram.objects.all(),
        )
        if not form.is_valid():
            raise serializers.ValidationError(
                {field: [str(m) for m in messages] for field, messages in form.errors.items()}
            )
        return attrs


class ChangeRequestSerializer(serializers.ModelSerializer):
    """A change request (Nachforderung) and the association's answer."""

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "message",
            "due_on",
            "response",
            "responded_at",
            "resolved",
            "for_report",
            "created_at",
        ]
        read_only_fields = fields


class ChangeRequestAnswerSerializer(serializers.Serializer):
    response = StrictCharField(max_length=8000)


class CaseReassignSerializer(serializers.Serializer):
    to_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text="Id of the coordinator.",
        error_messages={
            "does_not_exist": _("Es gibt keine aktive Person mit der Nummer {pk_value}."),
            "incorrect_type": _("Bitte geben Sie die Nummer einer Person an."),
        },
    )
    comment = StrictCharField(max_length=2000, required=False, allow_blank=True)
