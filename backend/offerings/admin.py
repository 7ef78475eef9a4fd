from django.contrib import admin

from backend.offerings.models import Offering


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "quarter", "citywide", "active", "source")
    list_filter = ("city", "active", "citywide", "source")
    search_fields = ("title", "provider", "external_id")
    list_select_related = ("quarter",)
    autocomplete_fields = ("quarter",)
