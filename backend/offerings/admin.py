from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scope import CityScopedAdmin
from backend.common.auditing import audit_value
from backend.offerings.models import CatalogueConsent, Offering, OfferingChannel, OfferingEvent
from backend.offerings.services import offering_change_record


class OfferingAdminForm(forms.ModelForm):
    class Meta:
        model = Offering
        exclude: list[str] = []  # every editable field; the admin's fieldsets decide

    def clean(self) -> dict[str, Any]:
        """The quarter lies in the offering's city (the import checks this by looking quarters
        up in the city; the admin lets people pick any)."""
        data = super().clean() or {}
        city, quarter = data.get("city"), data.get("quarter")
        if city is not None and quarter is not None and quarter.city_id != city.pk:
            self.add_error("quarter", _("Dieser Stadtteil gehört zu einer anderen Stadt."))
        return data


@admin.register(Offering)
class OfferingAdmin(CityScopedAdmin):
    form = OfferingAdminForm
    list_display = ("title", "provider", "quarter", "citywide", "active", "source")
    list_filter = ("city", "active", "citywide", "source")
    search_fields = ("title", "provider", "external_id")
    list_select_related = ("quarter",)
    autocomplete_fields = ("quarter",)

    def save_model(self, request: Any, obj: Offering, form: Any, change: bool) -> None:
        """Admin edits are recorded like imports: who, when, old and new values."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            fields = [name for name in form.changed_data if name in form.cleaned_data]
            offering_change_record(
                offering=obj,
                kind="updated" if change else "created",
                channel=OfferingChannel.ADMIN,
                actor=request.user,
                changes={
                    name: {
                        "old": audit_value(form.initial.get(name)) if change else None,
                        "new": audit_value(form.cleaned_data[name]),
                    }
                    for name in fields
                },
            )


@admin.register(OfferingEvent)
class OfferingEventAdmin(CityScopedAdmin):
    """The offerings' change log: read only."""

    list_display = ("offering", "kind", "channel", "actor", "created_at")
    list_filter = ("channel", "kind")
    list_select_related = ("offering", "actor")
    readonly_fields = ("offering", "kind", "channel", "actor", "changes", "created_at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(CatalogueConsent)
class CatalogueConsentAdmin(CityScopedAdmin):
    """Read-only: consents are given and withdrawn by the association (status page)."""

    list_display = ("case", "offering", "given_at", "given_by", "withdrawn_at")
    list_select_related = ("case", "offering")
    readonly_fields = ("case", "offering", "given_at", "given_by", "withdrawn_at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
