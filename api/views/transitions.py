"""Transitions of a case: what you may do now, and doing it (through ``case_transition``,
the same service the workspace uses)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from api.conditional import case_etag, if_match
from api.serializers.cases import CaseDetailSerializer
from api.serializers.forms import form_data
from api.serializers.transitions import (
    AvailableTransitionSerializer,
    transition_fields,
    transition_payload_serializer,
)
from api.views.cases import CaseScopedMixin
from workflows.services import (
    allowed_transitions,
    case_transition,
    failing_guards,
    transition_check_allowed,
)


class CaseTransitionListView(CaseScopedMixin):
    """Steps the calling user may take now, with their payload fields and blocking rules."""

    serializer_class = AvailableTransitionSerializer
    pagination_class = None
    filter_backends: list[Any] = []
    etag_on_list = True

    @extend_schema(
        summary="Steps you may take now",
        responses=AvailableTransitionSerializer(many=True),
        operation_id="cases_transitions_list",
    )
    def get(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        data = [
            {
                "name": spec.name,
                "label": str(spec.label),
                "target": spec.target.value,
                "fields": transition_fields(spec),
                "failing_guards": failing_guards(case, spec),
            }
            for spec in allowed_transitions(case=case, actor=self.actor())
        ]
        return Response(
            AvailableTransitionSerializer(data, many=True).data,
            headers={"ETag": case_etag(case)},
        )


class CaseTransitionView(CaseScopedMixin):
    """One transition; a URL and schema operation per transition (see ``api.urls``)."""

    transition_name = ""
    pagination_class = None
    filter_backends: list[Any] = []

    def get_serializer_class(self) -> Any:
        return transition_payload_serializer(self.transition_name)

    @extend_schema(responses=CaseDetailSerializer)
    def post(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        with if_match(request, case) as expected_version:
            # A step the state does not allow is a 409 whatever the payload (as in the service).
            transition_check_allowed(case=case, name=self.transition_name, actor=self.actor())
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            case_transition(
                case=case,
                name=self.transition_name,
                actor=self.actor(),
                data=form_data(serializer.validated_data),
                # Without If-Match: the version this request read (a concurrent change is 409).
                expected_version=expected_version,
            )
        return self.case_detail_response(case)
