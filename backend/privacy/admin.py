from django.contrib import admin

from backend.privacy.models import LegalText


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    list_display = ("city", "kind", "updated_at")
    list_filter = ("city", "kind")
