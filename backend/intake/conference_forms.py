"""Forms of the public event pages: registration of interest in a topic (double opt-in),
and the answers to a request to get to know each other."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.conferences.rules import COOPERATION_REQUEST_CONSENT, INTEREST_CONSENT
from backend.intake.fields import AccessibleFormMixin, required


class InterestForm(AccessibleFormMixin, forms.Form):
    """Someone wants to join a topic: name, organisation, address, consent."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            **required(_("Bitte geben Sie Ihren Namen an.")),
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens 150 Zeichen."),
        },
    )
    organisation = forms.CharField(
        label=_("Verein, Initiative oder Einrichtung"),
        max_length=200,
        required=False,
        help_text=_("Wenn Sie für eine Organisation mitmachen möchten."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens 200 Zeichen."),
        },
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("Hierhin schicken wir den Link, mit dem Sie Ihre Anmeldung bestätigen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            **required(_("Bitte geben Sie Ihre E-Mail-Adresse an.")),
            "invalid": _("Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an."),
        },
    )
    consent = forms.BooleanField(
        label=INTEREST_CONSENT,
        error_messages=required(
            _("Bitte stimmen Sie zu. Ohne Ihre Zustimmung können wir Sie nicht eintragen.")
        ),
    )
    # Honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class CooperationRequestForm(forms.Form):
    """Ask to be introduced to one match of the overlap check."""

    kind = forms.ChoiceField(choices=[("case", "case"), ("offering", "offering")])
    target = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    consent = forms.BooleanField(
        label=COOPERATION_REQUEST_CONSENT,
        error_messages=required(
            _("Bitte stimmen Sie zu; ohne Ihre Zustimmung fragen wir nicht an.")
        ),
    )

    def partner(self) -> dict[str, Any]:
        key = "partner_case_id" if self.cleaned_data["kind"] == "case" else "partner_offering_id"
        return {key: self.cleaned_data["target"]}


class CooperationAnswerForm(forms.Form):
    """Accept or decline a request (the wording of the consent stands next to the buttons)."""

    answer = forms.ChoiceField(
        choices=[("accept", _("einverstanden")), ("decline", _("nein, danke"))],
        error_messages=required(_("Bitte wählen Sie eine Antwort.")),
    )
    cooperation = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    @property
    def accept(self) -> bool:
        return self.cleaned_data["answer"] == "accept"
