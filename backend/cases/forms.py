"""The rules of an idea submission: one definition for every channel.

``IdeaSubmissionForm`` holds every field with its length, required-ness, vocabulary and
check (quarter, postcode, e-mail, phone, legal form, language, cost range, consent). The
public web form (``backend.intake.forms.IdeaForm``) subclasses it and adds only what a web
page needs (honeypot, hidden idempotency key, German money notation, accessible rendering);
``POST /api/v1/ideas/`` validates its nested JSON with this very form
(``IdeaSubmissionForm.from_nested``). So both channels accept and refuse the same values.

Field names are flat (one HTML form); ``ASSOCIATION_FIELDS`` and ``CONTACT_FIELDS`` say
which belong to the association and the contact person (the API's nested objects).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area, AreaKind
from backend.associations.models import LegalForm
from backend.cases.models import FinancingType
from backend.common.fields import MONEY, NamedRequiredMessages, ends_before_start, money_text
from backend.common.vocabularies import TargetGroup, Topic
from backend.programs.models import FundingProgram

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()/\-]{4,28}[0-9]$",
    _(
        "Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und + / - ( ) an, "
        "z. B. 0201 123456."
    ),
    code="phone",
)
postal_code_validator = RegexValidator(
    r"^\d{5}$", _("Bitte geben Sie eine Postleitzahl mit 5 Ziffern an, z. B. 45355."), "plz"
)

LANGUAGES = [("de", "Deutsch"), ("en", "English")]

#: Idea fields, in the order of the page (the case's own fields).
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
#: Flat form field → field of the association (the API's ``association`` object).
ASSOCIATION_FIELDS = {
    "association_name": "name",
    "legal_form": "legal_form",
    "register_number": "register_number",
    "street": "street",
    "postal_code": "postal_code",
    "town": "town",
}
#: Flat form field → field of the contact person (the API's ``contact`` object).
CONTACT_FIELDS = {
    "contact_name": "name",
    "email": "email",
    "phone": "phone",
    "preferred_language": "preferred_language",
}


class AmountField(forms.DecimalField):
    """A ``DecimalField`` that says a problem once: an amount above both the highest value and
    the digits allowed would otherwise get "Dieser Betrag ist zu hoch." twice."""

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)
        except ValidationError as error:
            raise ValidationError(list(dict.fromkeys(error.messages))) from None


#: The estimated cost's rules; the web form reuses them with its forgiving money input.
ESTIMATED_COST: dict[str, Any] = {
    "label": _("Grobe Kostenschätzung in Euro"),
    "required": False,
    "max_digits": 12,
    "decimal_places": 2,
    "min_value": Decimal("0"),
    "max_value": Decimal("9999999999.99"),
    "help_text": _("Eine ungefähre Zahl genügt, z. B. 2500. Sie können sie später ändern."),
    "error_messages": {
        "invalid": _("Bitte geben Sie einen Betrag in Euro an, z. B. 2500 oder 2.500,50."),
        "max_decimal_places": _("Bitte geben Sie höchstens 2 Stellen nach dem Komma an."),
        "min_value": _("Der Betrag darf nicht negativ sein."),
        "max_value": _("Dieser Betrag ist zu hoch."),
        "max_digits": _("Dieser Betrag ist zu hoch."),
        "max_whole_digits": _("Dieser Betrag ist zu hoch."),
    },
}


def required(message: Any) -> dict[str, Any]:
    """Error messages for a required field, in words that say what to do."""
    return {"required": message}


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


class IdeaSubmissionForm(forms.Form):
    """An idea in the template of the Integrationskonferenz, its association and contact."""

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
    quarter = forms.ModelChoiceField(
        label=_("Stadtteil"),
        queryset=Area.objects.filter(kind=AreaKind.QUARTER).select_related("parent", "city"),
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
    estimated_cost = AmountField(**ESTIMATED_COST)
    association_name = _text(
        _("Name des Vereins oder der Initiative"),
        200,
        message=_("Bitte geben Sie den Namen Ihres Vereins oder Ihrer Initiative an."),
    )
    legal_form = forms.ChoiceField(
        label=_("Rechtsform"),
        choices=LegalForm.choices,
        help_text=_("Wenn Sie nicht eingetragen sind: „nicht eingetragene Initiative“."),
        error_messages=required(_("Bitte wählen Sie die Rechtsform aus.")),
    )
    register_number = _text(
        _("Registernummer"),
        50,
        help_text=_("Nur für eingetragene Vereine, z. B. VR 1234 (Amtsgericht Essen)."),
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
        choices=LANGUAGES,
        widget=forms.RadioSelect,
        error_messages=required(_("Bitte wählen Sie eine Sprache.")),
    )
    consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass die Stadt meine Angaben für die Beratung speichert."),
        error_messages=required(
            _("Bitte stimmen Sie zu. Ohne Ihre Zustimmung können wir die Idee nicht bearbeiten.")
        ),
    )

    @classmethod
    def from_nested(
        cls,
        *,
        idea: Mapping[str, Any],
        association: Mapping[str, Any],
        contact: Mapping[str, Any],
        **kwargs: Any,
    ) -> IdeaSubmissionForm:
        """The form for the API's shape: idea fields (and ``consent``) at the top level, the
        association's and contact's fields in their own objects. ``nested_errors`` maps the
        errors back."""
        data: dict[str, Any] = dict(idea)
        for parts, values in ((ASSOCIATION_FIELDS, association), (CONTACT_FIELDS, contact)):
            data.update({flat: values[key] for flat, key in parts.items() if key in values})
        return cls(data, **kwargs)

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def nested_errors(self) -> dict[str, list[str]]:
        """Errors by the API's field paths: ``title``, ``association.name``, ``contact.email``."""
        paths = {
            **{flat: f"association.{key}" for flat, key in ASSOCIATION_FIELDS.items()},
            **{flat: f"contact.{key}" for flat, key in CONTACT_FIELDS.items()},
            "__all__": "non_field_errors",
        }
        return {
            paths.get(name, name): [str(message) for message in messages]
            for name, messages in self.errors.items()
        }

    def idea(self) -> dict[str, Any]:
        """The case's fields, for ``case_create(idea=...)``."""
        return {name: self.cleaned_data[name] for name in IDEA_FIELDS}

    def association(self) -> dict[str, Any]:
        return {key: self.cleaned_data[name] for name, key in ASSOCIATION_FIELDS.items()}

    def contact(self) -> dict[str, Any]:
        return {key: self.cleaned_data[name] for name, key in CONTACT_FIELDS.items()}

    def probe_text(self) -> str:
        """The idea's words for the overlap search (besides its title)."""
        parts = ("challenge", "affected", "intended_result", "first_ideas")
        return "\n".join(str(self.cleaned_data.get(name) or "") for name in parts)


# --- the financing plan: one rule set for the workspace, the status page and the API ------


class FinancingPlanForm(NamedRequiredMessages, forms.Form):
    """The financing plan's figures and their rules, for every channel.

    The workspace uses it as it is; the status page (``backend.intake.status_forms``)
    subclasses it for its labels, help texts and German money notation; ``PUT
    /cases/{id}/financing-plan/`` validates its JSON with it. Whether the programme belongs
    to the case's city and how many lines a plan may have, the service checks
    (``financing_plan_save``); whether the plan is complete enough to apply, the guards.
    """

    program = forms.ModelChoiceField(
        label=_("Förderprogramm"),
        queryset=FundingProgram.objects.none(),
        required=False,
        empty_label=_("noch keines gewählt"),
    )
    financing_type = forms.ChoiceField(
        label=_("Finanzierungsart"),
        choices=FinancingType.choices,
        initial=FinancingType.FEHLBEDARF,
    )
    own_share = forms.DecimalField(
        label=_("Eigenanteil (€)"), min_value=Decimal("0"), initial=Decimal("0"), **MONEY
    )
    third_party = forms.DecimalField(
        label=_("Drittmittel (€)"), min_value=Decimal("0"), initial=Decimal("0"), **MONEY
    )
    requested_amount = forms.DecimalField(
        label=_("Beantragter Betrag (€)"), min_value=Decimal("0"), initial=Decimal("0"), **MONEY
    )
    funding_start = forms.DateField(label=_("Projektbeginn"), required=False)
    funding_end = forms.DateField(label=_("Projektende"), required=False)

    #: The refusal of a period that ends before it starts.
    period_message = _("Das Ende muss nach dem Beginn liegen.")

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program_field: Any = self.fields["program"]
        program_field.queryset = programs
        program_field.label_from_instance = program_with_limits

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if ends_before_start(data.get("funding_start"), data.get("funding_end")):
            self.add_error("funding_end", str(self.period_message))
        return data


def program_with_limits(program: FundingProgram) -> str:
    """A programme as a plan chooses it: with the limits its guards check, so nobody learns
    them from a refusal ("… (höchstens 5.000,00 €, Eigenanteil mindestens 10 %)")."""
    return _("%(name)s (höchstens %(maximum)s €, Eigenanteil mindestens %(percent)s %%)") % {
        "name": program.name,
        "maximum": money_text(program.max_amount_per_case),
        "percent": number_format(program.min_own_share_percent.normalize(), use_l10n=True),
    }


class PlanLineForm(NamedRequiredMessages, forms.Form):
    """One cost line of the plan."""

    label = forms.CharField(label=_("Kostenposition"), max_length=200)
    amount = forms.DecimalField(label=_("Betrag (€)"), min_value=Decimal("0.01"), **MONEY)
