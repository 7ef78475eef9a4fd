from django.contrib import admin

from backend.common.admin_scope import CityScopedAdmin
from backend.letters.models import LetterSettings


@admin.register(LetterSettings)
class LetterSettingsAdmin(CityScopedAdmin):
    list_display = ("city", "authority", "office", "updated_at")
    fieldsets = (
        (None, {"fields": ("city", "authority", "office", "address", "contact", "place")}),
        ("Unterschrift", {"fields": ("signature",)}),
        (
            "Rechtstexte",
            {"fields": ("legal_remedy", "anbest_reference", "repayment_rules", "payment_details")},
        ),
    )
