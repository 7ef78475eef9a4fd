"""The upload form of the status page and the workspace (the service checks the file)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from backend.common.vocabularies import UploadCategory
from backend.documents.inspection import allowed_types_text


class DocumentUploadForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Art des Dokuments"),
        choices=[("", "—"), *UploadCategory.choices],
        error_messages={
            "required": _("Bitte wählen Sie, was für ein Dokument das ist."),
            "invalid_choice": _("Bitte wählen Sie, was für ein Dokument das ist."),
        },
    )
    file = forms.FileField(
        label=_("Datei"),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Die Datei ist nicht angekommen. Bitte versuchen Sie es noch einmal."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = _("%(types)s, höchstens %(max)s MB je Datei.") % {
            "types": allowed_types_text(),
            "max": settings.DOCUMENT_MAX_BYTES // 1_000_000,
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in ("pdf", "jpg", "jpeg", "png", "odt", "ods", "docx", "xlsx")
        )
