"""Documents of a case (issue #13): list, upload (multipart), metadata, download, delete.
Writes go through ``backend.documents.services``; downloads are attachments."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.conditional import if_match
from api.parsers import StrictJSONParser
from api.serializers.documents import CaseDocumentSerializer, CaseDocumentUploadSerializer
from api.views.cases import CaseScopedMixin
from backend.documents.inspection import ALLOWED
from backend.documents.models import CaseDocument
from backend.documents.responses import document_response
from backend.documents.selectors import case_document, case_documents
from backend.documents.services import document_delete, document_upload

DOCUMENT_ID = OpenApiParameter("document_id", int, OpenApiParameter.PATH)


class CaseDocumentViewSet(CaseScopedMixin, viewsets.GenericViewSet):
    """The documents of a case you may see (uploads and the letters the office issued)."""

    lookup_value_regex = "[0-9]+"
    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = CaseDocumentSerializer
    # Uploads are multipart; a JSON body is read (and refused for lacking a file) as elsewhere.
    parser_classes = [parsers.MultiPartParser, StrictJSONParser]

    @extend_schema(summary="Documents of a case", responses=CaseDocumentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def documents(self, request: Request, pk: str) -> Response:
        found = case_documents(case=self.get_case())
        return Response(CaseDocumentSerializer(found, many=True).data)

    @extend_schema(
        summary="Upload a document",
        request={"multipart/form-data": CaseDocumentUploadSerializer},
        responses={201: CaseDocumentSerializer},
        description="Coordinators of the case's district and central-office staff, while the "
        "case is open (409 afterwards). The type is read from the content (PDF, JPEG, PNG, "
        "ODT, ODS, DOCX, XLSX) and must match the file name; a wrong type, an empty or too "
        "large file, or a name with control characters is a 400 naming the problem, and "
        "nothing is stored. Recorded in the case's history. Honours `If-Match`.",
    )
    @documents.mapping.post
    def upload(self, request: Request, pk: str) -> Response:
        case = self.get_case()
        serializer = CaseDocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        with if_match(request, case) as expected_version:
            document = document_upload(
                case=case,
                actor=self.actor(),
                category=serializer.validated_data["category"],
                name=upload.name,
                stream=upload,
                size=upload.size,
                expected_version=expected_version,
            )
        response = self.case_response(
            CaseDocumentSerializer(document).data, case, status.HTTP_201_CREATED
        )
        response["Location"] = reverse("api:case-document-detail", args=[case.pk, document.pk])
        return response


class CaseDocumentDetailViewSet(CaseScopedMixin, viewsets.GenericViewSet):
    """One document: its metadata, its content, its deletion."""

    lookup_value_regex = "[0-9]+"
    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = CaseDocumentSerializer

    def _document(self, document_id: str) -> CaseDocument:
        document = case_document(case=self.get_case(), document_id=document_id)
        if document is None:
            raise Http404
        return document

    @extend_schema(summary="A document's metadata", parameters=[DOCUMENT_ID])
    def retrieve(self, request: Request, pk: str, document_id: str) -> Response:
        return Response(CaseDocumentSerializer(self._document(document_id)).data)

    @extend_schema(
        summary="Delete an uploaded document",
        parameters=[DOCUMENT_ID],
        request=None,
        responses={204: None},
        description="Uploads only, while the case is open (409 afterwards); a Bescheid stays "
        "(403). The audit trail keeps the file's name, size and SHA-256. Honours `If-Match`.",
    )
    def destroy(self, request: Request, pk: str, document_id: str) -> Response:
        document = self._document(document_id)
        case = document.case
        with if_match(request, case) as expected_version:
            document_delete(
                document=document, actor=self.actor(), expected_version=expected_version
            )
        return self.case_response(None, case, status.HTTP_204_NO_CONTENT)


class CaseDocumentContentViewSet(CaseScopedMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    pagination_class = None
    filter_backends: list[Any] = []

    @extend_schema(
        summary="Download a document",
        parameters=[DOCUMENT_ID],
        responses={
            (200, media_type): OpenApiResponse(
                OpenApiTypes.BINARY,
                "The file as stored, as an attachment with its original name; "
                "Content-Type is the type read from its content.",
            )
            for media_type in ALLOWED
        },
    )
    def retrieve(self, request: Request, pk: str, document_id: str) -> Any:
        document = case_document(case=self.get_case(), document_id=document_id)
        if document is None:
            raise Http404
        return document_response(document)
