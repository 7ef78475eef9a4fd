from django.contrib import admin

from backend.common.admin_scope import CityScopedAdmin
from backend.privacy.models import LegalText


@admin.register(LegalText)
class LegalTextAdmin(CityScopedAdmin):
    list_display = ("city", "kind", "updated_at")
    list_filter = ("city", "kind")
