"""Forms of the workspace pages. Transition forms are not here: they are ``workflows.forms``,
shared with the API, and only dressed for HTML by ``dress_form``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.cases.forms import PlanLineForm
from backend.cases.models import AssessmentVerdict
from backend.cases.services import MAX_PLAN_LINES
from backend.common.fields import NamedRequiredMessages
from backend.workspace.selectors import INBOX_SORTS, InboxFilters
from workflows.states import CaseState


class DateInput(forms.DateInput):
    """The browser's date picker; the value is ISO, whatever the language of the page."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def dress_form(form: forms.BaseForm, *, id_prefix: str) -> forms.BaseForm:
    """Unique ids per form on a page, date pickers for dates, no browser-side validation
    messages (``novalidate`` on the form; the server's German messages show inline)."""
    form.auto_id = f"{id_prefix}-%s"
    for bound_field in form:
        field = bound_field.field
        if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
            field.widget = DateInput(attrs=field.widget.attrs)
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3
    return form


#: A search names a word or two; longer is said, and searched up to the hard limit.
SEARCH_MAX = 200
SEARCH_HARD_LIMIT = 1000


class InboxFilterForm(forms.Form):
    needs_action = forms.BooleanField(label=_("nur mit Handlungsbedarf"), required=False)
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *list(CaseState.choices)]
    )
    district: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Stadtbezirk"), required=False, queryset=None, empty_label=_("alle")
    )
    quarter: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Stadtteil"), required=False, queryset=None, empty_label=_("alle")
    )
    program: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Förderprogramm"), required=False, queryset=None, empty_label=_("alle")
    )
    q = forms.CharField(
        label=_("Suche"),
        required=False,
        max_length=SEARCH_MAX,
        strip=True,
        help_text=_("Titel, Beschreibung, Vorgangsnummer, Verein, Kontakt oder E-Mail-Adresse"),
        error_messages={
            "max_length": _(
                "Die Suche ist zu lang: höchstens %(limit_value)d Zeichen. Gesucht wurde mit "
                "dem ganzen Text."
            )
        },
    )

    sort = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[(key, label) for key, (label, _order) in INBOX_SORTS.items()],
    )

    def __init__(
        self, data: Any, *, quarters: Any, programs: Any, districts: Any, district_count: int
    ) -> None:
        super().__init__(data)
        district_field: Any = self.fields["district"]
        district_field.queryset = districts
        district_field.label_from_instance = lambda area: f"{area.code} – {area.name}"
        if district_count < 2:  # one district: nothing to choose
            del self.fields["district"]
        if quarters is None:  # choose the district first (``inbox_quarter_choices``)
            del self.fields["quarter"]
        else:
            quarter_field: Any = self.fields["quarter"]
            quarter_field.queryset = quarters
            quarter_field.label_from_instance = lambda area: f"{area.name} ({area.parent.code})"
        program_field: Any = self.fields["program"]
        program_field.queryset = programs
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> InboxFilters:
        """The valid filters; a tampered or stale value is dropped, not an error page."""
        if not self.is_bound:
            return InboxFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        text = data.get("q") or ""
        if "q" in self.errors:  # too long: said above the list, and searched as typed
            text = str(self.data.get("q", ""))[:SEARCH_HARD_LIMIT].strip()
        return InboxFilters(
            state=data.get("state") or "",
            quarter=data.get("quarter"),
            program=data.get("program"),
            text=text,
            district=data.get("district"),
            needs_action=bool(data.get("needs_action")),
            sort=data.get("sort") or "neu",
        )


class AdviceSessionForm(NamedRequiredMessages, forms.Form):
    held_on = forms.DateField(label=_("Datum"), widget=DateInput())
    place = forms.CharField(label=_("Ort"), max_length=200)
    notes = forms.CharField(label=_("Notizen"), max_length=8000, widget=forms.Textarea)
    next_steps = forms.CharField(
        label=_("Nächste Schritte"), max_length=4000, required=False, widget=forms.Textarea
    )

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Das Gespräch kann nicht in der Zukunft liegen."))
        return held_on


PlanLineFormSet = forms.formset_factory(
    PlanLineForm, extra=1, can_delete=True, max_num=MAX_PLAN_LINES, validate_max=True
)


class ReassignForm(NamedRequiredMessages, forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("Neu zuweisen an"), queryset=User.objects.none(), empty_label=_("bitte wählen")
    )
    comment = forms.CharField(
        label=_("Anlass (für den Verlauf)"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_user: Any = self.fields["to_user"]
        to_user.queryset = candidates


class AssessmentForm(NamedRequiredMessages, forms.Form):
    """The coordinator's judgement of one match; ``target`` names it ("offering-12")."""

    target = forms.CharField(widget=forms.HiddenInput, max_length=40)
    verdict = forms.ChoiceField(
        label=_("Bewertung"), choices=[("", _("bitte wählen")), *AssessmentVerdict.choices]
    )
    note = forms.CharField(label=_("Notiz"), required=False, max_length=4000, widget=forms.Textarea)
