from django.contrib import admin

from backend.associations.models import Association, ContactPerson
from backend.associations.services import association_name_key
from backend.common.admin_scope import CityScopedAdmin


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Association)
class AssociationAdmin(CityScopedAdmin):
    list_display = ("name", "legal_form", "postal_code", "town")
    list_filter = ("legal_form",)
    search_fields = ("name", "postal_code")
    inlines = (ContactPersonInline,)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # The de-duplication key follows the name, as in association_get_or_create.
        obj.name_key = association_name_key(obj.name)
        super().save_model(request, obj, form, change)
