"""Events of the districts (Integrationskonferenzen, network conferences, advice dates,
forums), their topics and people, the step from topic to idea, and cooperations (issue #19).

Case workers read the events of their districts; coordinators of a district write them
(central office: all); a read-only token only reads. Every write calls a service of
``backend.conferences``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import ReferencePagination
from api.permissions import IsCaseWorker
from api.serializers.conferences import (
    ConferenceSerializer,
    ConferenceTopicSerializer,
    CooperationSerializer,
    TopicIdeaCreatedSerializer,
    TopicIdeaSerializer,
    TopicPersonSerializer,
    TopicPersonWriteSerializer,
)
from api.serializers.forms import form_data
from api.views.locations import location
from backend.cases.forms import ASSOCIATION_FIELDS
from backend.conferences.forms import TopicIdeaForm
from backend.conferences.models import Conference, ConferenceTopic, Cooperation, TopicPerson
from backend.conferences.selectors import conferences_visible_to, cooperations_visible_to
from backend.conferences.services import (
    conference_save,
    cooperation_merge,
    topic_person_record,
    topic_save,
    topic_to_idea,
)

WHO = " Coordinators of the event's district and the central office; read-only tokens read."


def _topics() -> QuerySet[ConferenceTopic]:
    people = TopicPerson.objects.order_by("role", "pk")
    return ConferenceTopic.objects.select_related("case").prefetch_related(
        Prefetch("people", queryset=people)
    )


@extend_schema_view(
    list=extend_schema(summary="Events", description="Events of your districts." + WHO),
    retrieve=extend_schema(summary="An event", description=WHO.strip()),
    create=extend_schema(summary="Record an event", description=WHO.strip()),
    update=extend_schema(summary="Replace an event", description=WHO.strip()),
    partial_update=extend_schema(summary="Change an event", description=WHO.strip()),
)
class ConferenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Integrationskonferenzen, network conferences, advice dates and forums."""

    serializer_class = ConferenceSerializer
    permission_classes = [IsCaseWorker]
    pagination_class = ReferencePagination
    filter_backends: list[Any] = []
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Conference]:
        return conferences_visible_to(user=self.request.user).order_by("-held_on", "-pk")

    def get_success_headers(self, data: Any) -> dict[str, str]:
        return location("conference", data["id"])

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = conference_save(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = conference_save(
            user=self.request.user, data=serializer.validated_data, conference=serializer.instance
        )

    @extend_schema(
        methods=["GET"],
        summary="Topics of an event",
        responses=ConferenceTopicSerializer(many=True),
        description="The Themensammlung, in order, with people and the idea each became.",
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a topic to an event",
        request=ConferenceTopicSerializer,
        responses={201: ConferenceTopicSerializer},
        description="The workshop template: the fields of an idea, only `title` required." + WHO,
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def topics(self, request: Request, pk: str) -> Response:
        conference = self.get_object()
        if request.method == "GET":
            found = _topics().filter(conference=conference).order_by("number", "pk")
            return Response(ConferenceTopicSerializer(found, many=True).data)
        serializer = ConferenceTopicSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        topic = topic_save(user=request.user, conference=conference, data=serializer.validated_data)
        body = ConferenceTopicSerializer(_topics().get(pk=topic.pk)).data
        return Response(
            body, status=status.HTTP_201_CREATED, headers=location("conference-topic", topic.pk)
        )


@extend_schema_view(
    retrieve=extend_schema(summary="A topic", description=WHO.strip()),
    partial_update=extend_schema(
        summary="Change a topic",
        description="Refused (409) once the topic became an idea." + WHO,
    ),
    update=extend_schema(summary="Replace a topic", description=WHO.strip()),
)
class ConferenceTopicViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """A topic of an event's Themensammlung."""

    serializer_class = ConferenceTopicSerializer
    permission_classes = [IsCaseWorker]
    filter_backends: list[Any] = []
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[ConferenceTopic]:
        visible = conferences_visible_to(user=self.request.user).values("pk")
        return _topics().filter(conference__in=visible)

    def perform_update(self, serializer: Any) -> None:
        topic = serializer.instance
        topic_save(
            user=self.request.user,
            conference=topic.conference,
            data=serializer.validated_data,
            topic=topic,
        )
        serializer.instance = _topics().get(pk=topic.pk)

    @extend_schema(
        summary="Record a person of a topic",
        request=TopicPersonWriteSerializer,
        responses={201: TopicPersonSerializer},
        description="An initiator or interested person. Contact details only with consent "
        "(400 otherwise)." + WHO,
    )
    @action(detail=True, methods=["post"])
    def people(self, request: Request, pk: str) -> Response:
        topic = self.get_object()
        serializer = TopicPersonWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consent, consent_on = data.pop("consent"), data.pop("consent_on", None)
        person = topic_person_record(
            user=request.user, topic=topic, data=data, consent=consent, consent_on=consent_on
        )
        return Response(TopicPersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Turn a topic into an idea",
        request=TopicIdeaSerializer,
        responses={201: TopicIdeaCreatedSerializer},
        description="Creates the case as for any idea (the same rules, the overlap check, "
        "the coordinator of the quarter's district), linked to the topic; the initiator "
        "(with consent) is the contact and gets the status link by mail. 409 if the topic "
        "already became an idea or the initiator has no consent." + WHO,
    )
    @action(detail=True, methods=["post"])
    def idea(self, request: Request, pk: str) -> Response:
        topic = self.get_object()
        serializer = TopicIdeaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        association = data.pop("association")
        posted = form_data(data)
        posted.update(
            {
                flat: association[key]
                for flat, key in ASSOCIATION_FIELDS.items()
                if key in association
            }
        )
        merged = {**_initial_data(topic), **posted}
        form = TopicIdeaForm(merged, topic=topic)
        if not form.is_valid():
            raise serializers.ValidationError(_nested(form))
        created = topic_to_idea(
            user=request.user,
            topic=topic,
            idea=form.idea(),
            association=form.association(),
            initiator=form.cleaned_data["initiator"],
        )
        body = {
            "case": created.case.pk,
            "reference": created.case.reference,
            "state": created.case.state,
        }
        return Response(
            TopicIdeaCreatedSerializer(body).data,
            status=status.HTTP_201_CREATED,
            headers=location("case", created.case.pk),
        )


def _initial_data(topic: ConferenceTopic) -> dict[str, Any]:
    """The topic's fields as form data (what the client leaves out)."""
    initial = TopicIdeaForm.initial_for(topic)
    initial.pop("initiator", None)
    for key in ("association_name", "legal_form", "town"):
        initial.pop(key, None)
    return {k: v for k, v in initial.items() if v not in (None, "", [])}


def _nested(form: TopicIdeaForm) -> dict[str, list[str]]:
    paths = {flat: f"association.{key}" for flat, key in ASSOCIATION_FIELDS.items()}
    return {paths.get(n, n): [str(m) for m in msgs] for n, msgs in form.errors.items()}


@extend_schema_view(
    list=extend_schema(
        summary="Cooperations",
        description="Requests to be introduced touching a case of your districts, with their "
        "state. Contacts are never part of the API.",
    ),
    retrieve=extend_schema(summary="A cooperation"),
)
class CooperationViewSet(viewsets.ReadOnlyModelViewSet):
    """Associations with similar ideas (or an offering) asking to be introduced."""

    serializer_class = CooperationSerializer
    permission_classes = [IsCaseWorker]
    pagination_class = ReferencePagination
    filter_backends: list[Any] = []
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Cooperation]:
        return cooperations_visible_to(user=self.request.user).order_by("-pk")

    @extend_schema(
        summary="Join two agreed ideas into one project",
        request=None,
        responses={200: CooperationSerializer},
        description="Both cases' audit trails record the link. 409 unless both sides agreed; "
        "403 unless you coordinate both cases' districts.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        merged = cooperation_merge(user=request.user, cooperation=self.get_object())
        return Response(CooperationSerializer(merged).data)
