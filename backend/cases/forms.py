"""The public idea form: the idea, the association and its contact person.

One definition for every channel that submits an idea (the web form and ``POST
/api/v1/ideas/``), so both accept and refuse exactly the same input. ``IdeaSubmission``
bundles the three forms; the web page renders them with the prefixes ``association`` and
``contact`` (one HTML form), the API validates its nested JSON objects with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area, AreaKind
from backend.associations.models import LegalForm
from backend.cases.services import CaseCreated, case_create
from backend.common.vocabularies import TargetGroup, Topic

POSTAL_CODE = RegexValidator(r"^[0-9]{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))


class IdeaForm(forms.Form):
    """The idea in the template of the Integrationskonferenz (challenge → result → steps)."""

    title = forms.CharField(label=_("Titel der Idee"), max_length=200)
    challenge = forms.CharField(
        label=_("Herausforderung / Problem"), max_length=4000, widget=forms.Textarea
    )
    affected = forms.CharField(label=_("Wer ist betroffen?"), max_length=2000)
    intended_result = forms.CharField(
        label=_("Angestrebtes Ergebnis"), max_length=2000, widget=forms.Textarea
    )
    first_ideas = forms.CharField(
        label=_("Erste Lösungsideen"), max_length=4000, required=False, widget=forms.Textarea
    )
    next_steps = forms.CharField(label=_("Nächste Schritte"), max_length=2000, required=False)
    responsible = forms.CharField(label=_("Wer hat den Hut auf?"), max_length=300, required=False)
    participants = forms.CharField(label=_("Beteiligte"), max_length=2000, required=False)
    quarter = forms.ModelChoiceField(
        label=_("Stadtteil"),
        queryset=Area.objects.filter(kind=AreaKind.QUARTER).select_related("parent"),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Zielgruppen"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("Themen"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    estimated_cost = forms.DecimalField(
        label=_("Geschätzte Kosten (€)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    overlap_statement = forms.CharField(
        label=_("Gibt es ähnliche Angebote? Was ist bei Ihrer Idee anders?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea,
    )


class AssociationForm(forms.Form):
    """The applicant organisation; an obvious repeat (same name and postcode) is merged."""

    name = forms.CharField(label=_("Name des Vereins / der Initiative"), max_length=200)
    legal_form = forms.ChoiceField(label=_("Rechtsform"), choices=LegalForm.choices)
    register_number = forms.CharField(label=_("Registernummer"), max_length=50, required=False)
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=150, required=False)
    postal_code = forms.CharField(
        label=_("Postleitzahl"), max_length=5, min_length=5, validators=[POSTAL_CODE]
    )
    town = forms.CharField(label=_("Ort"), max_length=100, required=False)


class ContactForm(forms.Form):
    """The contact person; receives the private status link by e-mail."""

    name = forms.CharField(label=_("Ansprechperson"), max_length=150)
    email = forms.EmailField(label=_("E-Mail"), max_length=254)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Sprache für Nachrichten"),
        choices=[("de", "Deutsch"), ("en", "English")],
        required=False,
    )


class IdeaSubmission:
    """The three forms of a submission, validated together, with one error mapping.

    Web: ``IdeaSubmission.from_post(request.POST)`` (fields ``title``, ``association-name``,
    ``contact-email``, ...). API: ``IdeaSubmission(idea=..., association=..., contact=...)``
    with three mappings. ``errors`` names fields ``title``, ``association.name``, ...
    """

    def __init__(
        self,
        *,
        idea: Mapping[str, Any] | None,
        association: Mapping[str, Any] | None,
        contact: Mapping[str, Any] | None,
        prefixed: bool = False,
    ) -> None:
        self.idea = IdeaForm(idea)
        self.association = AssociationForm(association, prefix="association" if prefixed else None)
        self.contact = ContactForm(contact, prefix="contact" if prefixed else None)

    @classmethod
    def from_post(cls, data: Mapping[str, Any]) -> IdeaSubmission:
        """One flat POST with the association and contact fields prefixed."""
        return cls(idea=data, association=data, contact=data, prefixed=True)

    @property
    def forms(self) -> tuple[tuple[str, forms.Form], ...]:
        return (("", self.idea), ("association.", self.association), ("contact.", self.contact))

    def is_valid(self) -> bool:
        # Validate every form (no short-circuit) so all errors are reported at once.
        results = [form.is_valid() for _path, form in self.forms]
        return all(results)

    @property
    def errors(self) -> dict[str, list[str]]:
        """Field path → messages; ``non_field_errors`` for errors of the whole form."""
        result: dict[str, list[str]] = {}
        for path, form in self.forms:
            for field, messages in form.errors.items():
                key = "non_field_errors" if field == "__all__" else f"{path}{field}"
                result[key] = [str(message) for message in messages]
        return result

    def submit(self, *, idempotency_key: str | None = None) -> CaseCreated:
        """Create the case (call after ``is_valid()``); see ``case_create``."""
        idea = dict(self.idea.cleaned_data)
        overlap_statement = idea.pop("overlap_statement", "")
        association = {k: v for k, v in self.association.cleaned_data.items() if v}
        contact = {k: v for k, v in self.contact.cleaned_data.items() if v}
        return case_create(
            idea=idea,
            association=association,
            contact=contact,
            idempotency_key=idempotency_key,
            overlap_statement=overlap_statement,
        )
