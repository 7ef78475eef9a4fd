from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backend.offerings.models import CatalogueConsent, Offering


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
class OfferingAdmin(admin.ModelAdmin):
    form = OfferingAdminForm
    list_display = ("title", "provider", "quarter", "citywide", "active", "source")
    list_filter = ("city", "active", "citywide", "source")
    search_fields = ("title", "provider", "external_id")
    list_select_related = ("quarter",)
    autocomplete_fields = ("quarter",)


@admin.register(CatalogueConsent)
class CatalogueConsentAdmin(admin.ModelAdmin):
    """Read-only: consents are given and withdrawn by the association (status page)."""

    list_display = ("case", "offering", "given_at", "given_by", "withdrawn_at")
    list_select_related = ("case", "offering")
    readonly_fields = ("case", "offering", "given_at", "given_by", "withdrawn_at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
