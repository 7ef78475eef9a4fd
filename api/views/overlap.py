"""Overlap (issue #6): the public check while an idea is written, the coordinator's
assessments of a case's matches, and checking a case again (issue #21). The engine is
``backend.cases.overlap.overlap_check``, the same the web form and the case snapshot use;
assessments go through ``overlap_assessment_record``, a new check through
``case_overlap_refresh``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.conditional import if_match
from api.serializers.assessments import (
    OVERLAP_ASSESSMENT_REQUEST,
    OverlapAssessmentCreateSerializer,
    OverlapAssessmentSerializer,
)
from api.serializers.overlap import (
    OverlapCheckRequestSerializer,
    OverlapCheckResultSerializer,
    OverlapSnapshotSerializer,
)
from api.throttling import OverlapCheckThrottle
from api.views.cases import CaseScopedMixin
from backend.cases.models import Case, OverlapAssessment
from backend.cases.overlap import (
    idea_match_dict,
    offering_match_dict,
    overlap_check,
    snapshot_matches,
)
from backend.cases.selectors import cases_visible_to
from backend.cases.services import case_overlap_refresh, overlap_assessment_record
from backend.offerings.models import Offering

#: The check answers at most this many offerings and ideas each (the engine's own limit).
MAX_RESULTS = 10

CHECK_EXAMPLE = OpenApiExample(
    "Sprachcafé in Borbeck",
    value={
        "title": "Sprachcafé für Eltern",
        "description": "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita.",
        "quarter": 28,
        "target_groups": ["familien"],
        "topics": ["sprache"],
    },
    request_only=True,
)


class OverlapCheckView(generics.GenericAPIView):
    """Offerings and open ideas that resemble an idea (no account needed)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [OverlapCheckThrottle]
    serializer_class = OverlapCheckRequestSerializer
    public = True

    @extend_schema(
        summary="Check an idea for overlaps",
        operation_id="overlap_checks_create",
        examples=[CHECK_EXAMPLE],
        responses={200: OverlapCheckResultSerializer},
        description="The same engine as the idea form's review step (docs/overlap.md): "
        "existing offerings (`results`) and other open ideas (`similar_ideas`), best first, "
        "at most 10 each. Nothing is stored. Rate-limited per client address.",
    )
    def post(self, request: Request) -> Response:
        serializer = OverlapCheckRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            check = overlap_check(
                title=data["title"],
                description=data.get("description", ""),
                quarter=data["quarter"],
                target_groups=data.get("target_groups", []),
                topics=data.get("topics", []),
            )
        except ValueError as error:  # the serializer lets nothing through the engine refuses
            raise serializers.ValidationError({"non_field_errors": [str(error)]}) from None
        body = {
            "results": [offering_match_dict(m) for m in check.offerings[:MAX_RESULTS]],
            "similar_ideas": [
                idea_match_dict(m, public=True) for m in check.similar_ideas[:MAX_RESULTS]
            ],
        }
        return Response(OverlapCheckResultSerializer(body).data)


class CaseAssessmentViewSet(CaseScopedMixin, viewsets.GenericViewSet):
    """The coordinator's assessments of a case's overlap matches."""

    lookup_value_regex = "[0-9]+"
    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = OverlapAssessmentSerializer

    @extend_schema(
        summary="Overlap assessments",
        responses=OverlapAssessmentSerializer(many=True),
        description="The coordinator's judgements of the matches (offerings, other open "
        "ideas), latest first. What the engine found is the case's `overlap_snapshot`.",
    )
    @action(detail=True, methods=["get"])
    def assessments(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        found = OverlapAssessment.objects.filter(case=case).select_related(
            "offering", "other_case", "assessed_by"
        )
        return Response(OverlapAssessmentSerializer(found, many=True).data)

    @extend_schema(
        summary="Assess a match",
        request=OVERLAP_ASSESSMENT_REQUEST,
        responses={
            201: OpenApiResponse(OverlapAssessmentSerializer, "A new assessment."),
            200: OpenApiResponse(
                OverlapAssessmentSerializer,
                "The match was assessed before; the assessment was updated.",
            ),
        },
        description="Coordinators of the case's district and central-office staff (403 "
        "otherwise). Exactly one of `offering` and `other_case` (ids in the case's city; "
        "another case must be one of this case's stored matches or visible to you). "
        "Recorded in the case's history.",
        examples=[
            OpenApiExample(
                "Complements an offering",
                value={"offering": 1, "verdict": "complementary", "note": "Andere Uhrzeit."},
                request_only=True,
            )
        ],
    )
    @assessments.mapping.post
    def assess(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = OverlapAssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = self._target(case, data, request.user)
        existed = OverlapAssessment.objects.filter(case=case, **target).exists()
        with if_match(request, case) as expected_version:
            assessment = overlap_assessment_record(
                case=case,
                actor=self.actor(),
                verdict=data["verdict"],
                note=data.get("note", ""),
                expected_version=expected_version,
                **target,
            )
        assessment = OverlapAssessment.objects.select_related(
            "offering", "other_case", "assessed_by"
        ).get(pk=assessment.pk)
        return self.case_response(
            OverlapAssessmentSerializer(assessment).data,
            case,
            status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Check the case's overlaps again",
        request=None,
        responses={200: OpenApiResponse(OverlapSnapshotSerializer, "The new overlap snapshot.")},
        description="Coordinators of the case's district and central-office staff (403 "
        "otherwise), before the decision (409 after it). Runs the overlap check against "
        "today's offerings and open ideas and stores the result as the case's "
        "`overlap_snapshot`; the result it replaces stays in the case's history. Honours "
        "`If-Match`.",
    )
    @action(detail=True, methods=["post"], url_path="overlap-snapshot")
    def overlap_snapshot(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        with if_match(request, case) as expected_version:
            fresh = case_overlap_refresh(
                case=case, actor=self.actor(), expected_version=expected_version
            )
        return self.case_response(OverlapSnapshotSerializer(fresh.overlap_snapshot).data, case)

    @staticmethod
    def _target(case: Case, data: dict[str, Any], user: Any) -> dict[str, Any]:
        """The offering (of the case's city) or other case named by id, 400 otherwise.

        Another case only if the overlap check stored it as a match of this case, or if the
        user may see it anyway: an id of any other case would tell its reference and title
        to someone who may not see it.
        """
        city_id = case.quarter.city_id
        if data.get("offering") is not None:
            offering = Offering.objects.filter(pk=data["offering"], city_id=city_id).first()
            if offering is None:
                message = _("Dieses Angebot gibt es nicht.")
                raise serializers.ValidationError({"offering": [message]})
            return {"offering": offering}
        matched = {target["id"] for _match, target in snapshot_matches(case, "case")}
        other = (
            Case.objects.filter(pk=data["other_case"], quarter__city_id=city_id)
            .filter(Q(pk__in=matched) | Q(pk__in=cases_visible_to(user=user).values("pk")))
            .first()
        )
        if other is None:
            raise serializers.ValidationError({"other_case": [_("Diesen Fall gibt es nicht.")]})
        return {"other_case": other}
