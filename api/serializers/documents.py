"""Documents of a case in the API: metadata out, multipart upload in."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from backend.common.vocabularies import DocumentCategory, UploadCategory
from backend.documents.inspection import ALLOWED
from backend.documents.models import CaseDocument


class CaseDocumentSerializer(serializers.ModelSerializer):
    category = serializers.ChoiceField(choices=DocumentCategory.choices)
    uploaded_by = serializers.SerializerMethodField(
        help_text="Who uploaded it: a user's display name, the applicant or the system."
    )
    content_url = serializers.SerializerMethodField(
        help_text="Where to download the file (same permissions as the case)."
    )

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "category",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_by_kind",
            "uploaded_at",
            "content_url",
        ]
        read_only_fields = fields

    def get_uploaded_by(self, document: CaseDocument) -> str:
        if document.uploaded_by is not None:
            return str(document.uploaded_by)
        return str(document.get_uploaded_by_kind_display())

    def get_content_url(self, document: CaseDocument) -> str:
        return reverse(
            "api:case-document-content-detail",
            kwargs={"pk": document.case_id, "document_id": document.pk},
        )


class CaseDocumentUploadSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=UploadCategory.choices, help_text="What the document is (a Bescheid is issued)."
    )
    file = serializers.FileField(
        help_text=(
            f"One of {', '.join(ALLOWED)}; the type is read from the content and must match "
            f"the file name's extension. At most DOCUMENT_MAX_MB per file "
            f"(default {settings.DOCUMENT_MAX_BYTES // 1_000_000} MB) and "
            "DOCUMENT_MAX_CASE_MB per case."
        ),
        allow_empty_file=True,  # the service says "leer" in German
    )
