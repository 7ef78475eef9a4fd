"""The public idea submission and the applicant's status view. Fields and validation come
from ``backend.cases.forms.IdeaSubmissionForm`` (the web form's rules): these serializers
describe its fields as nested JSON and check JSON types; the view then runs the form."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import StrictBooleanField, StrictCharField
from api.serializers.forms import serializer_for_form
from backend.cases.forms import (
    ASSOCIATION_FIELDS,
    CONTACT_FIELDS,
    IDEA_FIELDS,
    IdeaSubmissionForm,
)
from backend.cases.models import DecisionOutcome
from workflows.states import CaseState

IdeaAssociationSerializer = serializer_for_form(
    IdeaSubmissionForm,
    "IdeaAssociationSerializer",
    fields=ASSOCIATION_FIELDS,
    doc="The applicant organisation; an obvious repeat (same name and postcode) is merged.",
)
IdeaContactSerializer = serializer_for_form(
    IdeaSubmissionForm,
    "IdeaContactSerializer",
    fields=CONTACT_FIELDS,
    doc="The contact person; receives the confirmation with the private status link.",
)
_IdeaFieldsSerializer = serializer_for_form(
    IdeaSubmissionForm, "IdeaFieldsSerializer", fields=(*IDEA_FIELDS, "consent")
)


@extend_schema_field({"type": "boolean", "enum": [True]})
class ConsentField(StrictBooleanField):
    """``true`` only (the schema says so with ``enum: [true]``); ``false`` is refused by the
    form with its German message."""


class IdeaSubmissionSerializer(_IdeaFieldsSerializer):  # type: ignore[valid-type,misc]
    """A project idea with the association and its contact person.

    ``consent`` must be ``true``: the contact person agrees that the city stores the data
    for the advice (the web form's checkbox).
    """

    association = IdeaAssociationSerializer()
    contact = IdeaContactSerializer()
    consent = ConsentField(
        help_text="Must be true: the contact person agrees that the city stores the data for "
        "the advice (the web form's checkbox)."
    )
    overlap_statement = StrictCharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text="What the association says about similar offerings (the web form asks "
        "this on its review step; see POST /api/v1/overlap-checks/).",
    )


class IdeaCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        help_text="The case's id: `GET /api/v1/cases/{id}/` (the `Location` header)."
    )
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
