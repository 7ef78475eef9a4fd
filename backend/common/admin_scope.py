"""The Django admin per city (issue #24): a city's administrator (staff, not superuser) sees,
changes and chooses only their city's rows; a superuser sees every city.

One mechanism for every admin: ``CityScopedAdmin`` (``CityScopedMixin``) limits the
change list, the change and delete views (another city's row is "not found") and every
foreign-key and many-to-many choice by ``CITY_PATHS``, the path from a row of each model to its
city. ``tests/common/test_admin_scope.py`` checks that every registered admin uses it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.http import HttpRequest

#: Model label → lookup from a row to its city's id (``None``: the row is the city).
CITY_PATHS: dict[str, str | None] = {
    "areas.city": None,
    "areas.area": "city",
    "areas.office": "city",
    "areas.coordinatorassignment": "district__city",
    "accounts.user": "city",
    "accounts.apitoken": "user__city",
    "associations.association": "cases__city",
    "associations.contactperson": "association__cases__city",
    "cases.case": "city",
    "cases.caseevent": "case__city",
    "cases.overlapassessment": "case__city",
    "documents.casedocument": "case__city",
    "letters.lettersettings": "city",
    "messaging.mailtemplate": "city",
    "offerings.offering": "city",
    "offerings.offeringevent": "offering__city",
    "offerings.catalogueconsent": "case__city",
    "privacy.legaltext": "city",
    "programs.fundingprogram": "city",
    "programs.programbudget": "program__city",
    "programs.applicationdeadline": "program__city",
    "programs.repaymentsettings": "city",
    "webhooks.webhooksubscription": "city",
    "webhooks.webhookdelivery": "subscription__city",
}


def in_city(qs: models.QuerySet[Any], request: HttpRequest) -> models.QuerySet[Any]:
    """``qs`` limited to the request user's city (all for a superuser, none without a city
    or for a model without a known path)."""
    user: Any = request.user
    if user.is_active and user.is_superuser:
        return qs
    city_id = getattr(user, "city_id", None)
    label = qs.model._meta.label_lower
    if city_id is None or label not in CITY_PATHS:
        return qs.none()
    path = CITY_PATHS[label]
    if path is None:
        return qs.filter(pk=city_id)
    if "__" in path and path.split("__")[0] in {"cases", "association"}:
        # Through a reverse relation (an association's cases): one row each, no duplicates.
        return qs.filter(pk__in=qs.model._default_manager.filter(**{path: city_id}).values("pk"))
    return qs.filter(**{path: city_id})


class CityScopedMixin:
    """Rows and foreign-key / many-to-many choices of the request user's city only (every
    city for a superuser). Put before the admin class: ``(CityScopedMixin, BaseUserAdmin)``."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return in_city(super().get_queryset(request), request)  # type: ignore[misc]

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Filters by a relation offer only what the user's rows point to (a city filter
        would list every city, a district filter every city's districts)."""
        filters = super().get_list_filter(request)  # type: ignore[misc]
        if _superuser(request):
            return filters
        model = self.model  # type: ignore[attr-defined]
        return [
            (name, admin.RelatedOnlyFieldListFilter)
            if isinstance(name, str) and get_fields_from_path(model, name)[-1].is_relation
            else name
            for name in filters
        ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not _superuser(request):
            kwargs["queryset"] = in_city(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not _superuser(request):
            kwargs["queryset"] = in_city(db_field.related_model._default_manager.all(), request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


def _superuser(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_superuser)


class CityScopedAdmin(CityScopedMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """A ``ModelAdmin`` that shows and offers only the request user's city."""


class SuperuserOnlyMixin:
    """For admins of installation-wide rows that belong to no city (permission groups, login
    attempts, the worker's jobs): superusers only, whatever permissions staff hold."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)


def superuser_only_for_the_rest(site: admin.AdminSite) -> None:
    """Every admin registered so far that is not city-scoped becomes superuser-only (those of
    Django's auth, axes and procrastinate: their apps come before ``backend.common``)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, (CityScopedMixin, SuperuserOnlyMixin)):
            continue
        cls = type(model_admin)
        site.unregister(model)
        site.register(model, type(f"SuperuserOnly{cls.__name__}", (SuperuserOnlyMixin, cls), {}))
