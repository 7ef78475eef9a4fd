from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Förderlotse"), {"fields": ("display_name", "is_central_office")}),
    )
    list_display = ("username", "display_name", "email", "is_central_office", "is_active")
    list_filter = ("is_central_office", "is_active", "is_staff")
