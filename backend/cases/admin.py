"""Cases in the admin: to look things up, never to change them.

A case changes only through its services (``case_transition`` and the record services), which
check permissions and write the audit trail; the admin would bypass both. So the case admin is
view-only: state and version (and every other field) are read-only, and there is no add or
delete. The audit trail (``CaseEvent``) is append-only in the database as well.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from backend.cases.models import Case, CaseEvent, OverlapAssessment
from backend.common.admin_scope import CityScopedAdmin


class ReadOnlyAdmin(CityScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "kind",
        "transition",
        "from_state",
        "to_state",
        "actor_label",
        "comment",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "state", "quarter", "association", "assigned_to")
    list_filter = ("state", "quarter__parent")
    search_fields = ("reference", "title", "association__name")
    list_select_related = ("quarter", "association", "assigned_to")
    readonly_fields = ("state", "version", "reference")
    inlines = (CaseEventInline,)


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "case", "kind", "transition", "to_state", "actor_label")
    list_filter = ("kind", "transition")
    search_fields = ("case__reference", "actor_label")
    list_select_related = ("case",)


@admin.register(OverlapAssessment)
class OverlapAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("case", "offering", "other_case", "verdict", "assessed_by", "updated_at")
    list_filter = ("verdict",)
    list_select_related = ("case", "offering", "other_case", "assessed_by")
