"""Documents in the admin: to look up, never to change (uploads and deletions go through the
pages or the API, so the audit trail records them)."""

from typing import Any

from django.contrib import admin

from backend.common.admin_scope import CityScopedAdmin
from backend.documents.models import CaseDocument


@admin.register(CaseDocument)
class CaseDocumentAdmin(CityScopedAdmin):
    list_display = ("original_name", "category", "case", "size", "uploaded_by_kind", "uploaded_at")
    list_filter = ("category", "uploaded_by_kind")
    search_fields = ("original_name", "case__reference", "sha256")
    list_select_related = ("case",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
