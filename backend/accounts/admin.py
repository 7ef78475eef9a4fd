from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import ApiToken, User
from backend.accounts.services import api_token_create, api_token_revoke
from backend.common.admin_scope import CityScopedAdmin, CityScopedMixin


@admin.register(User)
class UserAdmin(CityScopedMixin, BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Förderlotse"), {"fields": ("display_name", "city", "is_central_office")}),
    )
    list_display = (
        "username",
        "display_name",
        "email",
        "city",
        "is_central_office",
        "is_active",
    )
    list_filter = ("city", "is_central_office", "is_active", "is_staff")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """A city's administrator cannot make anyone a superuser (the one cross-city role)
        nor hand out permissions beyond their own."""
        fields = tuple(super().get_readonly_fields(request, obj))
        if getattr(request.user, "is_superuser", False):
            return fields
        return (*fields, "is_superuser", "user_permissions", "groups")


@admin.register(ApiToken)
class ApiTokenAdmin(CityScopedAdmin):
    """Tokens are created here (the secret is shown once, in a message) and revoked, never
    edited: a changed scope or user would silently change what a running system may do."""

    list_display = ("name", "prefix", "user", "scope", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return ("name", "user", "scope", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        created = api_token_create(user=obj.user, name=obj.name, scope=obj.scope)
        obj.pk = created.token.pk
        obj.prefix, obj.key_hash = created.token.prefix, created.token.key_hash
        obj.created_at = created.token.created_at
        messages.warning(
            request,
            gettext("Der Token wird nur jetzt angezeigt, bitte sofort kopieren: %(key)s")
            % {"key": created.key},
        )

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token)
