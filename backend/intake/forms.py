"""The public idea form (the shared rules of ``backend.cases.forms`` plus what a web page
needs) and the applicant's answer to similar offerings found before sending."""

from __future__ import annotations

import re
import uuid
from collections import OrderedDict
from typing import Any

from django import forms
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.areas.models import City
from backend.areas.selectors import quarter_choices
from backend.associations.models import LegalForm
from backend.cases.forms import (
    ASSOCIATION_FIELDS,
    CONTACT_FIELDS,
    ESTIMATED_COST,
    IDEA_FIELDS,
    IdeaSubmissionForm,
)
from backend.intake.fields import AccessibleFormMixin, EuroField, euro

_KEY = re.compile(r"^[0-9a-f]{32}$")


def quarter_choice_groups(city: City | None = None) -> list[tuple[str, Any]]:
    """Stadtteile grouped by Stadtbezirk, for a <select> with <optgroup>s (of one city)."""
    quarters = list(quarter_choices(city_slug=city.slug if city else None))
    several_cities = len({q.city_id for q in quarters}) > 1
    groups: OrderedDict[str, list[tuple[str, str]]] = OrderedDict()
    for quarter in quarters:
        district = quarter.district
        if quarter.city.one_level:
            label = quarter.city.name
        else:
            label = gettext("Stadtbezirk %(code)s – %(name)s") % {
                "code": district.code,
                "name": district.name,
            }
            if several_cities:
                label = f"{quarter.city.name}: {label}"
        groups.setdefault(label, []).append((str(quarter.pk), quarter.name))
    return [("", gettext("Bitte wählen Sie Ihren Stadtteil")), *groups.items()]


class IdeaForm(AccessibleFormMixin, IdeaSubmissionForm):
    """The idea form of the public page.

    Every rule comes from ``IdeaSubmissionForm`` (shared with ``POST /api/v1/ideas/``); this
    class adds only what a web page needs: money as people type it ("3.000,50 €"), a
    honeypot, a hidden idempotency key, grouped quarters, placeholders and initial values,
    and the accessible rendering of ``AccessibleFormMixin``.
    """

    # The same rules as the shared field; only the input is forgiving (German notation).
    estimated_cost = EuroField(**ESTIMATED_COST)
    # Honeypot: hidden from people by CSS, filled in by bots. Named so browsers do not autofill.
    website = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, city: City | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4().hex)
        if city is not None:  # the city of the page; nothing defaults to one city otherwise
            kwargs["initial"].setdefault("town", city.name)
        kwargs["initial"].setdefault("preferred_language", translation.get_language() or "de")
        super().__init__(*args, **kwargs)
        self.city = city
        quarter = self.fields["quarter"]
        if city is not None:  # only the quarters of the page's city are valid
            quarter.queryset = quarter.queryset.filter(city=city)  # type: ignore[attr-defined]
        quarter.choices = quarter_choice_groups(city)  # type: ignore[attr-defined]
        legal_form = self.fields["legal_form"]
        legal_form.choices = [("", _("Bitte wählen")), *LegalForm.choices]  # type: ignore[attr-defined]

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website", "")
        if value.strip():
            raise forms.ValidationError(
                gettext(
                    "Dieses Feld muss leer bleiben: Es schützt uns vor automatischen "
                    "Einsendungen. Bitte löschen Sie den Inhalt und senden Sie erneut."
                ),
                code="honeypot",
            )
        return ""

    def clean_idempotency_key(self) -> str:
        value: str = self.cleaned_data.get("idempotency_key", "")
        return value if _KEY.match(value) else uuid.uuid4().hex

    def fieldsets(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        """(legend, intro, fields) in the order of the page."""
        groups: list[tuple[Any, Any, tuple[str, ...]]] = [
            (
                _("Ihre Idee"),
                _("Schreiben Sie so, wie Sie es erzählen würden. Kurze Sätze reichen."),
                IDEA_FIELDS[:8],
            ),
            (_("Ort und Themen"), "", IDEA_FIELDS[8:]),
            (_("Ihr Verein oder Ihre Initiative"), "", tuple(ASSOCIATION_FIELDS)),
            (
                _("Ansprechperson"),
                _("Mit Ihnen nimmt die Koordination Kontakt auf."),
                tuple(CONTACT_FIELDS),
            ),
        ]
        return [(legend, intro, [self[n] for n in names]) for legend, intro, names in groups]

    def summary(self) -> list[tuple[Any, list[tuple[Any, str]]]]:
        """(legend, [(label, value as text)]) of the valid form, for the review step."""
        result = []
        for legend, _intro, fields in self.fieldsets():
            rows = [(bound.label, self._display(bound.name)) for bound in fields]
            result.append((legend, [(label, value) for label, value in rows if value]))
        return result

    def _display(self, name: str) -> str:
        value = self.cleaned_data.get(name)
        field = self.fields[name]
        if value in (None, "", []):
            return ""
        if name == "quarter":
            return f"{value.name} ({value.district})"
        if isinstance(field, forms.ChoiceField):
            labels: dict[Any, Any] = dict(field.choices)  # type: ignore[arg-type]
            if isinstance(field, forms.MultipleChoiceField):
                return ", ".join(str(labels[v]) for v in value)
            return str(labels.get(value, value))
        if isinstance(field, EuroField):
            return f"{euro(value)} €"
        return str(value)


class OverlapAnswer(models.TextChoices):
    KNOWN = "known", _("Wir kennen diese Angebote. Unsere Idee ergänzt sie.")
    COOPERATE = "cooperate", _("Wir möchten mit einem dieser Angebote zusammenarbeiten.")
    DIFFERENT = "different", _("Unsere Idee ist anders, weil …")


class OverlapStatementForm(AccessibleFormMixin, forms.Form):
    """What the association says about similar offerings and ideas (stored with the case)."""

    overlap_answer = forms.ChoiceField(
        label=_("Was sagen Sie zu diesen Angeboten?"),
        choices=OverlapAnswer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    overlap_text = forms.CharField(
        label=_("Ihre Erklärung"),
        max_length=2000,
        required=False,
        help_text=_("Zum Beispiel: mit wem Sie zusammenarbeiten möchten oder was anders ist."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Bitte fassen Sie sich kürzer: höchstens 2000 Zeichen.")},
    )

    def __init__(self, *args: Any, similar_found: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.similar_found = similar_found
        if similar_found:
            answer = self.fields["overlap_answer"]
            answer.required = True
            answer.error_messages["required"] = _(
                "Bitte wählen Sie eine Antwort zu den ähnlichen Angeboten."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer = data.get("overlap_answer")
        if answer == OverlapAnswer.DIFFERENT and not data.get("overlap_text", "").strip():
            self.add_error(
                "overlap_text", gettext("Bitte erklären Sie kurz, was an Ihrer Idee anders ist.")
            )
        return data

    def statement(self) -> str:
        """The answer as one text for the coordinator, always in the office's language."""
        answer = self.cleaned_data.get("overlap_answer")
        text = self.cleaned_data.get("overlap_text", "").strip()
        if not answer:
            return text
        with translation.override("de"):
            label = str(OverlapAnswer(answer).label).removesuffix(" …")
        return f"{label} {text}".strip() if text else label
