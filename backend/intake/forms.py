"""The public idea form, in the shape of the Integrationskonferenz template (seed 002), and the
applicant's answer to similar offerings found before sending."""

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

from backend.areas.models import Area, AreaKind
from backend.areas.selectors import quarter_choices
from backend.associations.models import LegalForm
from backend.common.vocabularies import TargetGroup, Topic
from backend.intake.fields import (
    AccessibleFormMixin,
    EuroField,
    euro,
    phone_validator,
    postal_code_validator,
    required,
)

_KEY = re.compile(r"^[0-9a-f]{32}$")

#: Which parts of the form go to the case, the association and the contact person.
IDEA_FIELDS = (
    "title",
    "challenge",
    "affected",
    "intended_result",
    "first_ideas",
    "next_steps",
    "responsible",
    "participants",
    "quarter",
    "target_groups",
    "topics",
    "estimated_cost",
)
ASSOCIATION_FIELDS = {
    "association_name": "name",
    "legal_form": "legal_form",
    "street": "street",
    "postal_code": "postal_code",
    "town": "town",
}
CONTACT_FIELDS = {
    "contact_name": "name",
    "email": "email",
    "phone": "phone",
    "preferred_language": "preferred_language",
}


def _text(label: Any, max_length: int, *, help_text: Any = "", message: Any = None) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=message is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if max_length > 300 else forms.TextInput,
        error_messages={
            **(required(message) if message else {}),
            "max_length": _("Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen.")
            % {"limit_value": max_length},
        },
    )


def quarter_choice_groups() -> list[tuple[str, Any]]:
    """Stadtteile grouped by Stadtbezirk, for a <select> with <optgroup>s."""
    quarters = list(quarter_choices())
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


class IdeaForm(AccessibleFormMixin, forms.Form):
    """Everything an association tells us about its idea, itself and its contact person."""

    title = _text(
        _("Titel Ihrer Idee"),
        200,
        help_text=_("Ein kurzer Name, z. B. „Sprachcafé für Eltern in Altendorf“."),
        message=_("Bitte geben Sie Ihrer Idee einen kurzen Titel."),
    )
    challenge = _text(
        _("Was ist die Herausforderung oder das Problem?"),
        4000,
        help_text=_("Beschreiben Sie in einfachen Worten, was im Stadtteil fehlt oder schwer ist."),
        message=_("Bitte beschreiben Sie kurz die Herausforderung."),
    )
    affected = _text(
        _("Wen betrifft das?"),
        2000,
        help_text=_("Zum Beispiel: neu zugewanderte Familien, ältere Menschen, Jugendliche."),
        message=_("Bitte schreiben Sie, wen das betrifft."),
    )
    intended_result = _text(
        _("Was soll am Ende besser sein?"),
        2000,
        help_text=_(
            "Denken Sie von der Zukunft her: Woran merken Sie, dass es geklappt hat? "
            "Bleiben Sie realistisch."
        ),
        message=_("Bitte beschreiben Sie, was am Ende besser sein soll."),
    )
    first_ideas = _text(
        _("Erste Ideen zur Umsetzung"),
        4000,
        help_text=_("Was könnten Sie tun? Stichworte reichen."),
    )
    next_steps = _text(
        _("Nächste Schritte"),
        2000,
        help_text=_("Was würden Sie als Erstes konkret angehen?"),
    )
    responsible = _text(
        _("Wer übernimmt die Verantwortung?"),
        300,
        help_text=_("Wer „hat den Hut auf“? Ein Name oder eine Rolle, z. B. „Vorstand“."),
    )
    participants = _text(
        _("Wer macht mit?"),
        2000,
        help_text=_("Andere Vereine, Schulen, Nachbarinnen und Nachbarn …"),
    )
    quarter = forms.ChoiceField(
        label=_("Stadtteil"),
        help_text=_(
            "Wo soll Ihr Projekt stattfinden? Die Stadtteile sind nach Stadtbezirk sortiert."
        ),
        error_messages={
            **required(_("Bitte wählen Sie den Stadtteil aus.")),
            "invalid_choice": _("Bitte wählen Sie den Stadtteil aus der Liste."),
        },
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Für wen ist das Angebot?"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mehrere Antworten sind möglich."),
        error_messages=required(_("Bitte wählen Sie mindestens eine Zielgruppe.")),
    )
    topics = forms.MultipleChoiceField(
        label=_("Um welche Themen geht es?"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mehrere Antworten sind möglich."),
        error_messages=required(_("Bitte wählen Sie mindestens ein Thema.")),
    )
    estimated_cost = EuroField(
        label=_("Grobe Kostenschätzung in Euro"),
        required=False,
        help_text=_("Eine ungefähre Zahl genügt, z. B. 2500. Sie können sie später ändern."),
    )
    association_name = _text(
        _("Name des Vereins oder der Initiative"),
        200,
        message=_("Bitte geben Sie den Namen Ihres Vereins oder Ihrer Initiative an."),
    )
    legal_form = forms.ChoiceField(
        label=_("Rechtsform"),
        choices=[("", _("Bitte wählen")), *LegalForm.choices],
        help_text=_("Wenn Sie nicht eingetragen sind: „nicht eingetragene Initiative“."),
        error_messages=required(_("Bitte wählen Sie die Rechtsform aus.")),
    )
    street = _text(
        _("Straße und Hausnummer"), 150, message=_("Bitte geben Sie Straße und Hausnummer an.")
    )
    postal_code = forms.CharField(
        label=_("Postleitzahl"),
        max_length=5,
        validators=[postal_code_validator],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "class": "short"}
        ),
        error_messages={
            **required(_("Bitte geben Sie die Postleitzahl an.")),
            "max_length": _("Bitte geben Sie eine Postleitzahl mit 5 Ziffern an, z. B. 45355."),
        },
    )
    town = _text(_("Ort"), 100, message=_("Bitte geben Sie den Ort an."))
    contact_name = _text(_("Ihr Name"), 150, message=_("Bitte geben Sie Ihren Namen an."))
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("Hierhin schicken wir die Bestätigung und Ihren persönlichen Statuslink."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            **required(_("Bitte geben Sie Ihre E-Mail-Adresse an.")),
            "invalid": _("Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an."),
        },
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        help_text=_("Für Rückfragen, z. B. 0201 123456."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": _("Bitte geben Sie höchstens 30 Zeichen an.")},
    )
    preferred_language = forms.ChoiceField(
        label=_("In welcher Sprache sollen wir Ihnen schreiben?"),
        choices=[("de", "Deutsch"), ("en", "English")],
        widget=forms.RadioSelect,
        initial="de",
        error_messages=required(_("Bitte wählen Sie eine Sprache.")),
    )
    consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass die Stadt meine Angaben für die Beratung speichert."),
        error_messages=required(
            _("Bitte stimmen Sie zu. Ohne Ihre Zustimmung können wir die Idee nicht bearbeiten.")
        ),
    )
    # Honeypot: hidden from people by CSS, filled in by bots. Named so browsers do not autofill.
    website = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4().hex)
        kwargs["initial"].setdefault("town", "Essen")
        kwargs["initial"].setdefault("preferred_language", translation.get_language() or "de")
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choice_groups()  # type: ignore[attr-defined]

    def clean_quarter(self) -> Area:
        value = self.cleaned_data["quarter"]
        quarter = Area.objects.filter(pk=value, kind=AreaKind.QUARTER).select_related(
            "parent", "city"
        )
        found = quarter.first() if str(value).isdigit() else None
        if found is None:
            raise forms.ValidationError(gettext("Bitte wählen Sie den Stadtteil aus der Liste."))
        return found

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

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def idea(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in IDEA_FIELDS}

    def association(self) -> dict[str, Any]:
        return {key: self.cleaned_data[name] for name, key in ASSOCIATION_FIELDS.items()}

    def contact(self) -> dict[str, Any]:
        return {key: self.cleaned_data[name] for name, key in CONTACT_FIELDS.items()}

    def probe_text(self) -> str:
        """The idea's words for the overlap search."""
        parts = ("challenge", "affected", "intended_result", "first_ideas")
        return "\n".join(str(self.cleaned_data.get(name) or "") for name in parts)

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
