"""Cases: list with filters, detail, corrections to the idea, history, reassignment."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.conditional import case_etag, if_match
from api.filters import CaseFilter, StrictOrderingFilter
from api.pagination import CasePagination, EventPagination
from api.serializers.cases import (
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseReassignSerializer,
    CaseSerializer,
    CaseUpdateSerializer,
)
from backend.cases.models import Case, CaseEvent
from backend.cases.selectors import cases_visible_to
from backend.cases.services import case_idea_update, case_reassign
from workflows.actors import Actor


class CaseScopedMixin(generics.GenericAPIView):
    """Views of one case: only cases the user may see exist for them (404 otherwise)."""

    case_etag = True

    def get_case(self) -> Case:
        return get_object_or_404(cases_visible_to(user=self.request.user), pk=self.kwargs["pk"])

    def actor(self) -> Actor:
        return Actor.for_user(self.request.user)

    def case_response(
        self, data: Any, case: Case, status_code: int = status.HTTP_200_OK
    ) -> Response:
        """A response carrying the case's current ETag (re-read: a service may have
        changed the version)."""
        version = Case.objects.values_list("version", flat=True).get(pk=case.pk)
        case.version = version
        return Response(data, status=status_code, headers={"ETag": case_etag(case)})

    def case_detail_response(self, case: Case, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_case()
        return Response(
            CaseDetailSerializer(fresh).data,
            status=status_code,
            headers={"ETag": case_etag(fresh)},
        )


LIST_EXAMPLE = OpenApiExample(
    "Open cases of district IV, newest first",
    description="GET /api/v1/cases/?state=idea&state=advice&district=22&ordering=-created_at "
    "(one case of the page shown; district 22 is Borbeck, district IV, after `load_areas`)",
    value={
        "id": 42,
        "reference": "IV-2026-0042",
        "title": "Sprachcafé für Eltern",
        "state": "advice",
        "state_label": "In Beratung",
        "version": 3,
        "quarter": 28,
        "district": 22,
        "association": {"id": 7, "name": "Kulturbrücke Borbeck e.V."},
        "assigned_to": {"id": 3, "username": "bezirk-iv", "label": "Koordination IV"},
        "program": None,
        "target_groups": ["familien", "neuzugewanderte"],
        "topics": ["sprache", "begegnung"],
        "estimated_cost": "3000.00",
        "created_at": "2026-03-02T09:15:00+01:00",
        "updated_at": "2026-03-05T14:00:00+01:00",
        "submitted_at": None,
        "report_due_on": None,
    },
    response_only=True,
)


class CaseViewSet(CaseScopedMixin, viewsets.GenericViewSet):
    """Cases of your districts (all districts for central-office staff)."""

    pagination_class = CasePagination
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = CaseFilter
    ordering_fields = ["created_at", "updated_at", "reference"]
    ordering = ["-created_at"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> Any:
        return cases_visible_to(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return CaseSerializer
        if self.action == "partial_update":
            return CaseUpdateSerializer
        return CaseDetailSerializer

    @extend_schema(
        summary="List cases",
        examples=[LIST_EXAMPLE],
        description="Cursor-paginated; filters combine with AND. Ordering: created_at, "
        "updated_at, reference (prefix - for descending).",
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    @extend_schema(summary="One case", responses=CaseDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        return Response(CaseDetailSerializer(case).data, headers={"ETag": case_etag(case)})

    @extend_schema(
        summary="Correct the idea's description",
        request=CaseUpdateSerializer,
        responses=CaseDetailSerializer,
        description="Coordinators may correct the idea's texts, target groups, topics and "
        "estimated cost until the decision. The change is recorded in the history.",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = CaseUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with if_match(request, case) as expected_version:
            case_idea_update(
                case=case,
                actor=self.actor(),
                changes=dict(serializer.validated_data),
                expected_version=expected_version,
            )
        return self.case_detail_response(case)

    @extend_schema(summary="History (audit trail)", responses=CaseEventSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        pagination_class=EventPagination,
        filter_backends=[],
    )
    def history(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        page = self.paginate_queryset(CaseEvent.objects.filter(case=case))
        return self.get_paginated_response(CaseEventSerializer(page, many=True).data)

    @extend_schema(
        summary="Reassign to another coordinator (central office)",
        request=CaseReassignSerializer,
        responses=CaseDetailSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def reassign(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = CaseReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with if_match(request, case) as expected_version:
            case_reassign(
                case=case,
                actor=self.actor(),
                to_user=serializer.validated_data["to_user"],
                comment=serializer.validated_data.get("comment", ""),
                expected_version=expected_version,
            )
        return self.case_detail_response(case)
