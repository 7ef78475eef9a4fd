"""The public idea submission and the applicant's status view. Fields and validation come
from ``backend.cases.forms`` (shared with the web form)."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.forms import serializer_for_form
from backend.cases.forms import AssociationForm, ContactForm, IdeaForm
from backend.cases.models import DecisionOutcome
from workflows.states import CaseState

IdeaAssociationSerializer = serializer_for_form(AssociationForm, "IdeaAssociationSerializer")
IdeaContactSerializer = serializer_for_form(ContactForm, "IdeaContactSerializer")
_IdeaFieldsSerializer = serializer_for_form(IdeaForm, "IdeaFieldsSerializer")


class IdeaSubmissionSerializer(_IdeaFieldsSerializer):  # type: ignore[valid-type,misc]
    """A project idea with the association and its contact person."""

    association = IdeaAssociationSerializer()
    contact = IdeaContactSerializer()


class IdeaCreatedSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="Case reference, e.g. IV-2026-0042.")
    token = serializers.CharField(
        allow_null=True,
        help_text=(
            "Private status token: shown only in the first answer. Null when an "
            "Idempotency-Key repeated an earlier submission."
        ),
    )
    status_url = serializers.CharField(
        allow_null=True, help_text="Path of the status resource (contains the token)."
    )
    state = serializers.ChoiceField(choices=CaseState.choices)


class IdeaChangeRequestSerializer(serializers.Serializer):
    message = serializers.CharField()
    due_on = serializers.DateField()
    answered = serializers.BooleanField()


class IdeaDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    funding_start = serializers.DateField(allow_null=True)
    funding_end = serializers.DateField(allow_null=True)
    reasons = serializers.CharField()
    decided_on = serializers.DateField()


class IdeaStatusSerializer(serializers.Serializer):
    """What the association sees with its token; no internal notes."""

    reference = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=CaseState.choices)
    state_label = serializers.CharField()
    quarter = serializers.CharField()
    coordinator = serializers.CharField(help_text="Who advises (a person or an office).")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    open_change_requests = IdeaChangeRequestSerializer(many=True)
    decision = IdeaDecisionSerializer(allow_null=True)
    report_due_on = serializers.DateField(allow_null=True)
