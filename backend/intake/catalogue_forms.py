"""The association's consent to show its funded project in the public offering catalogue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.common.vocabularies import Language
from backend.intake.fields import AccessibleFormMixin, required


class CatalogueConsentForm(AccessibleFormMixin, forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Wir sind einverstanden, dass unser Projekt mit den Angaben unten öffentlich im "
            "Angebotskatalog steht. Wir können das jederzeit zurücknehmen."
        ),
        error_messages=required(_("Bitte stimmen Sie zu, damit das Projekt erscheinen kann.")),
    )
    description = forms.CharField(
        label=_("Beschreibung für den Katalog"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Was bietet Ihr Projekt, für wen? Ohne Namen von Teilnehmenden."),
        error_messages={
            **required(_("Bitte beschreiben Sie Ihr Projekt in ein paar Sätzen.")),
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens 2000 Zeichen."),
        },
    )
    schedule = forms.CharField(
        label=_("Zeiten"), required=False, max_length=200, help_text=_("z. B. dienstags 10–12 Uhr")
    )
    address = forms.CharField(label=_("Ort (Adresse)"), required=False, max_length=200)
    contact = forms.CharField(
        label=_("Öffentlicher Kontakt"),
        required=False,
        max_length=200,
        help_text=_("E-Mail-Adresse oder Telefonnummer, die im Katalog stehen darf."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Bitte wählen Sie Sprachen aus der Liste.")},
    )
