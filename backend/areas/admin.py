from django.contrib import admin

from backend.areas.models import Area, City, CoordinatorAssignment, Office
from backend.common.admin_scope import CityScopedAdmin


@admin.register(City)
class CityAdmin(CityScopedAdmin):
    list_display = ("name", "slug", "reference_prefix", "one_level", "central_queue")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Area)
class AreaAdmin(CityScopedAdmin):
    list_display = ("name", "kind", "code", "parent", "city")
    list_filter = ("city", "kind")
    search_fields = ("name", "code")
    list_select_related = ("parent", "city")


@admin.register(Office)
class OfficeAdmin(CityScopedAdmin):
    list_display = ("name", "city", "town", "phone", "staffed")
    list_filter = ("city", "staffed")
    filter_horizontal = ("districts",)


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(CityScopedAdmin):
    list_display = ("district", "role", "user")
    list_filter = ("role", "district__city")
    list_select_related = ("district", "user")
    autocomplete_fields = ("user",)
