"""Public: submit an idea (no account), and look up its status with the private token."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.exceptions import ApiProblem
from api.serializers.forms import form_data
from api.serializers.ideas import (
    IdeaCreatedSerializer,
    IdeaStatusSerializer,
    IdeaSubmissionSerializer,
)
from api.throttling import IdeaStatusThrottle, IdeaSubmissionThrottle
from backend.cases.forms import IdeaSubmissionForm
from backend.cases.models import Case, ChangeRequest
from backend.cases.selectors import case_get_by_token
from backend.cases.services import status_link_expired, status_link_touch
from backend.cases.submission import idea_submit

_KEY = re.compile(r"[\x21-\x7e]{1,200}")

IDEA_EXAMPLE = OpenApiExample(
    "Sprachcafé in Borbeck",
    value={
        "title": "Sprachcafé für Eltern",
        "challenge": "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita.",
        "affected": "Neu zugewanderte Eltern im Stadtteil",
        "intended_result": "Eltern sprechen sicherer Deutsch und kennen Angebote im Quartier.",
        "first_ideas": "Wöchentliches Treffen mit Kinderbetreuung",
        "quarter": 28,
        "target_groups": ["familien", "neuzugewanderte"],
        "topics": ["sprache", "begegnung"],
        "estimated_cost": "3000.00",
        "association": {
            "name": "Kulturbrücke Borbeck e.V.",
            "legal_form": "ev",
            "postal_code": "45355",
            "street": "Marktstraße 1",
            "town": "Essen",
        },
        "contact": {
            "name": "Ayşe Demir",
            "email": "ayse@example.org",
            "phone": "0201 123456",
            "preferred_language": "de",
        },
        "consent": True,
    },
    request_only=True,
)
IDEA_CREATED_EXAMPLE = OpenApiExample(
    "Created",
    value={
        "id": 42,
        "reference": "IV-2026-0042",
        "token": "k3J9vQ2mX8pL5nR7tY1wZ4bC6dF0gH2j",
        "status_url": "/api/v1/ideas/k3J9vQ2mX8pL5nR7tY1wZ4bC6dF0gH2j/",
        "state": "idea",
    },
    response_only=True,
)


def _idempotency_key(request: Request, email: str) -> str | None:
    """The client's key, scoped to the contact e-mail, so another submitter who happens to
    send the same key gets their own case, never someone else's. (``api.idempotency`` replays
    answers per client for a day; this keeps the case from being made twice also from
    another address or later.)"""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not _KEY.fullmatch(key):
        raise serializers.ValidationError(
            {"Idempotency-Key": [_("1 bis 200 sichtbare ASCII-Zeichen erwartet.")]}
        )
    return hashlib.sha256(f"{email.lower()}\n{key}".encode()).hexdigest()


class IdeaSubmitView(generics.GenericAPIView):
    """Submit a project idea. Public; the same rules as the web form (one form,
    ``IdeaSubmissionForm``) and the same confirmation mail with the status link."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [IdeaSubmissionThrottle]
    serializer_class = IdeaSubmissionSerializer
    public = True
    #: Shown once: a replayed answer (api.idempotency) has null in their place.
    idempotency_secrets = ("token", "status_url")

    @extend_schema(
        summary="Submit an idea",
        operation_id="ideas_create",
        examples=[IDEA_EXAMPLE],
        responses={
            201: OpenApiResponse(
                IdeaCreatedSerializer,
                "Created; keep the token, it is shown once. `Location` is the case in the "
                "API (`GET /api/v1/cases/{id}/`, for coordinators).",
                examples=[IDEA_CREATED_EXAMPLE],
            ),
            200: OpenApiResponse(
                IdeaCreatedSerializer,
                "The same contact e-mail sent this Idempotency-Key before (also from another "
                "address, or after the key expired): the first case, token null; no second "
                "case, no second mail.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = IdeaSubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        association, contact = data.pop("association"), data.pop("contact")
        overlap_statement = data.pop("overlap_statement", "")
        key = _idempotency_key(request, contact["email"])
        form = IdeaSubmissionForm.from_nested(
            idea=form_data(data), association=form_data(association), contact=form_data(contact)
        )
        if not form.is_valid():
            raise serializers.ValidationError(form.nested_errors())
        created = idea_submit(
            idea=form.idea(),
            association=form.association(),
            contact=form.contact(),
            idempotency_key=key,
            overlap_statement=overlap_statement,
        )
        body = {
            "id": created.case.pk,
            "reference": created.case.reference,
            "token": created.token or None,
            "status_url": reverse("api:idea-status", args=[created.token])
            if created.token
            else None,
            "state": created.case.state,
        }
        return Response(
            IdeaCreatedSerializer(body).data,
            status=status.HTTP_201_CREATED if created.created else status.HTTP_200_OK,
            headers={"Location": reverse("api:case-detail", args=[created.case.pk])},
        )


def idea_status(case: Case) -> dict[str, Any]:
    """What the association may see: no notes, no history, no internal comments."""
    decision = getattr(case, "decision", None)
    open_requests = ChangeRequest.objects.filter(case=case, resolved=False).order_by("due_on")
    return {
        "reference": case.reference,
        "title": case.title,
        "state": case.state,
        "state_label": case.get_state_display(),
        "quarter": case.quarter.name,
        "coordinator": str(case.assigned_to),
        "created_at": case.created_at,
        "updated_at": case.updated_at,
        "open_change_requests": [
            {"message": r.message, "due_on": r.due_on, "answered": bool(r.responded_at)}
            for r in open_requests
        ],
        "decision": None
        if decision is None
        else {
            "outcome": decision.outcome,
            "amount": decision.amount,
            "funding_start": decision.funding_start,
            "funding_end": decision.funding_end,
            "reasons": decision.reasons,
            "decided_on": decision.decided_on,
        },
        "report_due_on": case.report_due_on,
    }


class IdeaStatusView(generics.GenericAPIView):
    """The status of an idea for the association, by its private token."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [IdeaStatusThrottle]
    serializer_class = IdeaStatusSerializer
    public = True
    #: Reached by a status link, which expires (410 ``link-expired``, stated in the schema).
    by_status_link = True

    @extend_schema(summary="Status of an idea (private token)", operation_id="ideas_status")
    def get(self, request: Request, token: str) -> Response:
        case = case_get_by_token(token=token)
        if case is None:
            raise Http404
        if status_link_expired(case):
            raise ApiProblem(
                "link-expired",
                _(
                    "Dieser Statuslink ist abgelaufen. Einen neuen Link schickt "
                    "„Link erneut senden“ auf der Statusseite an die E-Mail-Adresse der Idee."
                ),
            )
        status_link_touch(case)
        return Response(IdeaStatusSerializer(idea_status(case)).data)
