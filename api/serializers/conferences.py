"""Events, their topics (the workshop template), the people behind a topic, the step from
topic to idea, and cooperations. The rules are the services' (and, for the idea, the idea
form's): these serializers describe the JSON and check its types."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import MoneyField, StrictBooleanField, StrictCharField
from api.serializers.forms import serializer_for_form
from backend.areas.models import Area, AreaKind
from backend.cases.forms import ASSOCIATION_FIELDS, IDEA_FIELDS
from backend.conferences.forms import TopicIdeaForm
from backend.conferences.models import (
    Conference,
    ConferenceTopic,
    Cooperation,
    PersonRole,
    TopicPerson,
)
from backend.conferences.services import CONFERENCE_FIELDS
from workflows.states import CaseState


class ConferenceSerializer(serializers.ModelSerializer):
    """An event of a district: Integrationskonferenz, network conference, advice date, forum."""

    district = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=AreaKind.DISTRICT),
        help_text="Id of the district (GET /api/v1/areas/?kind=district).",
    )
    title = StrictCharField(max_length=200)
    place = StrictCharField(max_length=300)
    organisers = StrictCharField(max_length=2000, required=False, allow_blank=True)
    description = StrictCharField(max_length=4000, required=False, allow_blank=True)
    public = StrictBooleanField(
        required=False, help_text="Shown on the district's public page (default true)."
    )

    class Meta:
        model = Conference
        fields = ["id", *CONFERENCE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class TopicPersonSerializer(serializers.ModelSerializer):
    """An initiator or interested person; contact details exist only with consent."""

    email = serializers.CharField(read_only=True, help_text="Empty without consent.")

    class Meta:
        model = TopicPerson
        fields = [
            "id",
            "role",
            "name",
            "organisation",
            "email",
            "phone",
            "preferred_language",
            "consent_on",
            "consent_text",
            "consent_channel",
            "confirmed_at",
        ]
        read_only_fields = fields


class TopicPersonWriteSerializer(serializers.Serializer):
    """Record a person. ``email`` and ``phone`` only with ``consent`` true and the day it was
    given (``consent_on``); the stored wording is the coordination's consent text."""

    role = serializers.ChoiceField(choices=PersonRole.choices)
    name = StrictCharField(max_length=150)
    organisation = StrictCharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = StrictCharField(max_length=40, required=False, allow_blank=True)
    preferred_language = serializers.ChoiceField(
        choices=[("de", "Deutsch"), ("en", "English")], required=False
    )
    consent = StrictBooleanField(help_text="The person consented (date in consent_on).")
    consent_on = serializers.DateField(required=False, allow_null=True)


class ConferenceTopicSerializer(serializers.ModelSerializer):
    """A topic of the Themensammlung with its people and the idea (case) it became."""

    # Method fields: always in the answer (a PATCH's partial serializer skips dotted sources
    # whose object is missing, and the schema says they are always there).
    case_reference = serializers.SerializerMethodField()
    case_state = serializers.SerializerMethodField()
    estimated_cost = MoneyField(required=False, allow_null=True)
    people = TopicPersonSerializer(many=True, read_only=True)
    quarter = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(kind=AreaKind.QUARTER), required=False, allow_null=True
    )

    @extend_schema_field({"type": "string", "nullable": True})
    def get_case_reference(self, topic: ConferenceTopic) -> str | None:
        case = topic.case
        return None if case is None else case.reference

    @extend_schema_field({"type": "string", "enum": [*CaseState.values, None], "nullable": True})
    def get_case_state(self, topic: ConferenceTopic) -> str | None:
        case = topic.case
        return None if case is None else case.state

    class Meta:
        model = ConferenceTopic
        fields = [
            "id",
            "conference",
            "number",
            *IDEA_FIELDS,
            "case",
            "case_reference",
            "case_state",
            "people",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "conference", "number", "case", "created_at", "updated_at"]
        extra_kwargs = {
            name: {"required": False} for name in IDEA_FIELDS if name not in ("title", "quarter")
        }


_TopicIdeaFields = serializer_for_form(
    TopicIdeaForm, "TopicIdeaFieldsSerializer", fields=(*IDEA_FIELDS, "initiator")
)
TopicIdeaAssociationSerializer = serializer_for_form(
    TopicIdeaForm,
    "TopicIdeaAssociationSerializer",
    fields=ASSOCIATION_FIELDS,
    doc="The initiator's organisation, as for any idea (an obvious repeat is merged).",
)


class TopicIdeaSerializer(_TopicIdeaFields):  # type: ignore[valid-type,misc]
    """The idea of a topic. Idea fields left out are taken from the topic; the rules are
    those of any idea (``POST /api/v1/ideas/``). ``initiator`` is a person of the topic with
    role initiator, consent and an e-mail address: the case's contact."""

    association = TopicIdeaAssociationSerializer()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in IDEA_FIELDS:
            self.fields[name].required = False


class TopicIdeaCreatedSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="Id of the new case.")
    reference = serializers.CharField(help_text="Case reference, e.g. IV-2027-0042.")
    state = serializers.ChoiceField(choices=CaseState.choices)


class CooperationSerializer(serializers.ModelSerializer):
    """Associations asking to be introduced; contacts are never part of it."""

    requester_reference = serializers.CharField(source="requester.reference", read_only=True)
    partner_case_reference = serializers.CharField(
        source="partner_case.reference", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Cooperation
        fields = [
            "id",
            "requester",
            "requester_reference",
            "partner_case",
            "partner_case_reference",
            "partner_offering",
            "state",
            "created_at",
            "answered_at",
            "merged_at",
        ]
        read_only_fields = fields
