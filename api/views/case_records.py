"""The records of one case: advice sessions, financing plan, change requests, decision,
report. Writes go through the services in ``backend.cases.services``."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.conditional import if_match
from api.exceptions import ApiProblem
from api.serializers.cases import (
    AdviceSessionCreateSerializer,
    AdviceSessionSerializer,
    ChangeRequestAnswerSerializer,
    ChangeRequestSerializer,
    FinancingPlanSerializer,
    FinancingPlanWriteSerializer,
)
from api.serializers.decisions import DecisionSerializer, ReportSerializer
from api.views.cases import CaseScopedMixin
from backend.cases.models import AdviceSession, ChangeRequest, Decision, FinancingPlan, Report
from backend.cases.services import (
    advice_session_record,
    change_request_answer,
    financing_plan_save,
)

PLAN_EXAMPLE = OpenApiExample(
    "A balanced plan",
    value={
        "program": 1,
        "financing_type": "fehlbedarf",
        "own_share": "300.00",
        "third_party": "0.00",
        "requested_amount": "2700.00",
        "funding_start": "2026-05-01",
        "funding_end": "2026-10-31",
        "lines": [
            {"label": "Honorare Sprachmittlung", "amount": "2700.00"},
            {"label": "Material", "amount": "300.00"},
        ],
    },
    request_only=True,
)
CHANGE_REQUEST_ID = OpenApiParameter("change_request_id", int, OpenApiParameter.PATH)


def _one(queryset: Any, missing: str | None = None) -> Any:
    """The record, or 404; ``missing`` says that the case exists but has no such record yet
    (not to be mistaken for "no such case")."""
    obj = queryset.first()
    if obj is None:
        if missing is not None:
            raise ApiProblem("not-found", missing)
        raise Http404
    return obj


class CaseRecordViewSet(CaseScopedMixin, viewsets.GenericViewSet):
    """Records of a case you may see."""

    lookup_value_regex = "[0-9]+"
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(summary="Advice sessions", responses=AdviceSessionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="advice-sessions")
    def advice_sessions(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        sessions = AdviceSession.objects.filter(case=case).select_related("recorded_by")
        return Response(AdviceSessionSerializer(sessions, many=True).data)

    @extend_schema(
        summary="Record an advice session",
        request=AdviceSessionCreateSerializer,
        responses={201: AdviceSessionSerializer},
        examples=[
            OpenApiExample(
                "Session in the district office",
                description="Held today (without `held_on`).",
                value={
                    "place": "Stadtteilbüro Borbeck",
                    "notes": "Finanzierungsplan besprochen; Kooperation mit der Kita geklärt.",
                    "next_steps": "Plan bis 15.03. einreichen",
                },
                request_only=True,
            )
        ],
    )
    @advice_sessions.mapping.post
    def record_advice_session(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = AdviceSessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["held_on"] = data.get("held_on") or timezone.localdate()
        with if_match(request, case) as expected_version:
            session = advice_session_record(
                case=case, actor=self.actor(), expected_version=expected_version, **data
            )
        return self.case_response(
            AdviceSessionSerializer(session).data, case, status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Financing plan (404 before the first PUT)", responses=FinancingPlanSerializer
    )
    @action(detail=True, methods=["get"], url_path="financing-plan")
    def financing_plan(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        plan = _one(
            FinancingPlan.objects.filter(case=case).prefetch_related("lines"),
            _("Dieser Fall hat noch keinen Finanzierungsplan (PUT legt ihn an)."),
        )
        return self.case_response(FinancingPlanSerializer(plan).data, case)

    @extend_schema(
        summary="Put the financing plan",
        request=FinancingPlanWriteSerializer,
        responses=FinancingPlanSerializer,
        examples=[PLAN_EXAMPLE],
        description="Replaces the draft plan and its lines; only while the case is in "
        "`advice` (409 otherwise).",
    )
    @financing_plan.mapping.put
    def put_financing_plan(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = FinancingPlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with if_match(request, case) as expected_version:
            plan = financing_plan_save(
                case=case,
                actor=self.actor(),
                program=data["program"],
                financing_type=data["financing_type"],
                own_share=data["own_share"],
                third_party=data["third_party"],
                requested_amount=data["requested_amount"],
                funding_start=data["funding_start"],
                funding_end=data["funding_end"],
                lines=[dict(line) for line in data["lines"]],
                expected_version=expected_version,
            )
        plan = FinancingPlan.objects.prefetch_related("lines").get(pk=plan.pk)
        return self.case_response(FinancingPlanSerializer(plan).data, case)

    @extend_schema(summary="Change requests", responses=ChangeRequestSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="change-requests")
    def change_requests(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        requests = ChangeRequest.objects.filter(case=case)
        return Response(ChangeRequestSerializer(requests, many=True).data)

    @extend_schema(
        summary="Answer a change request",
        request=ChangeRequestAnswerSerializer,
        responses=ChangeRequestSerializer,
        parameters=[CHANGE_REQUEST_ID],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"change-requests/(?P<change_request_id>[0-9]{1,18})/answer",
    )
    def answer_change_request(self, request: Request, pk: str, change_request_id: str) -> Response:
        case = self.get_case()
        change_request = _one(ChangeRequest.objects.filter(case=case, pk=change_request_id))
        serializer = ChangeRequestAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with if_match(request, case) as expected_version:
            answered = change_request_answer(
                case=case,
                actor=self.actor(),
                change_request_id=change_request.pk,
                response=serializer.validated_data["response"],
                expected_version=expected_version,
            )
        return self.case_response(ChangeRequestSerializer(answered).data, case)

    @extend_schema(summary="Decision (404 before it is made)", responses=DecisionSerializer)
    @action(detail=True, methods=["get"])
    def decision(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        decision = _one(
            Decision.objects.filter(case=case), _("Über diesen Fall ist noch nicht entschieden.")
        )
        return self.case_response(DecisionSerializer(decision).data, case)

    @extend_schema(summary="Report (404 before it is submitted)", responses=ReportSerializer)
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        report = _one(
            Report.objects.filter(case=case), _("Für diesen Fall liegt noch kein Nachweis vor.")
        )
        return self.case_response(ReportSerializer(report).data, case)
