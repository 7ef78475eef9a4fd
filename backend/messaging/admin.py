"""Mail templates in the admin: the variables each kind offers, a check on save, a preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from backend.common.admin_scope import CityScopedAdmin
from backend.messaging.models import VARIABLES, MailTemplate


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["city", "kind", "language", "subject", "body"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind and cleaned.get("subject") is not None and cleaned.get("body") is not None:
            probe = MailTemplate(subject=cleaned["subject"], body=cleaned["body"])
            try:
                probe.render(VARIABLES[kind])
            except TemplateSyntaxError as error:
                raise forms.ValidationError(
                    _("Die Vorlage ist fehlerhaft: %(error)s") % {"error": error}
                ) from None
        return cleaned


@admin.register(MailTemplate)
class MailTemplateAdmin(CityScopedAdmin):
    form = MailTemplateForm
    list_display = ("city", "kind", "language", "subject", "updated_at")
    list_filter = ("city", "kind", "language")
    readonly_fields = ("variables", "preview")

    @admin.display(description=_("Verfügbare Platzhalter"))
    def variables(self, obj: MailTemplate) -> str:
        offered = VARIABLES.get(obj.kind) if obj.pk else None
        if not offered:
            return _("Nach dem ersten Speichern: die Platzhalter dieser Art von E-Mail.")
        return format_html_join(", ", "<code>{{{{ {} }}}}</code>", ((name,) for name in offered))

    @admin.display(description=_("Vorschau mit Beispieldaten"))
    def preview(self, obj: MailTemplate) -> str:
        if not obj.pk:
            return _("Nach dem ersten Speichern.")
        subject, body = obj.render(VARIABLES[obj.kind])
        return format_html(
            '<p><strong>{}</strong></p><pre style="white-space: pre-wrap">{}</pre>', subject, body
        )
