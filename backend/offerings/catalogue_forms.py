"""The catalogue's search and filters: a bad value is a German message beside the field,
never a crash and never silently "all"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.common.vocabularies import Language, TargetGroup, Topic
from backend.offerings.catalogue import (
    SEARCH_MAX,
    CatalogueFilters,
    catalogue_districts,
    catalogue_quarters,
)

INVALID = _("Diese Auswahl gibt es nicht.")


class _AreaChoice(forms.ModelChoiceField):
    def __init__(self, label: Any, queryset: Any) -> None:
        super().__init__(
            queryset=queryset,
            required=False,
            label=label,
            empty_label=_("alle"),
            error_messages={"invalid_choice": INVALID},
        )

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value)
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise forms.ValidationError(INVALID, "invalid_choice")
        return super().to_python(text)

    def label_from_instance(self, obj: Any) -> str:
        if obj.parent_id:
            return f"{obj.name} ({obj.parent.code})"
        return str(obj)


def _choices(vocabulary: Any) -> list[tuple[str, Any]]:
    return [("", _("alle")), *vocabulary.choices]


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Suche"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("Zum Beispiel „Sprachcafé“, „Beratung Frauen“ oder „Hausaufgabenhilfe“"),
        error_messages={"max_length": _("Höchstens %(limit_value)d Zeichen.")},
    )
    district = _AreaChoice(_("Stadtbezirk"), catalogue_districts())
    quarter = _AreaChoice(_("Stadtteil"), catalogue_quarters())
    topic = forms.ChoiceField(
        label=_("Thema"),
        required=False,
        choices=_choices(Topic),
        error_messages={"invalid_choice": INVALID},
    )
    target_group = forms.ChoiceField(
        label=_("Zielgruppe"),
        required=False,
        choices=_choices(TargetGroup),
        error_messages={"invalid_choice": INVALID},
    )
    language = forms.ChoiceField(
        label=_("Sprache"),
        required=False,
        choices=_choices(Language),
        error_messages={"invalid_choice": INVALID},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        district, quarter = data.get("district"), data.get("quarter")
        if district is not None and quarter is not None and quarter.parent_id != district.pk:
            self.add_error("quarter", _("Dieser Stadtteil liegt nicht im gewählten Stadtbezirk."))
        return data

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data if self.is_bound else {}
        return CatalogueFilters(
            text=data.get("q", ""),
            district=data.get("district"),
            quarter=data.get("quarter"),
            topic=data.get("topic", ""),
            target_group=data.get("target_group", ""),
            language=data.get("language", ""),
        )


class GapForm(forms.Form):
    district = _AreaChoice(_("Stadtbezirk"), catalogue_districts())
    target_group = forms.ChoiceField(
        label=_("Zielgruppe"),
        required=False,
        choices=_choices(TargetGroup),
        error_messages={"invalid_choice": INVALID},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].required = True
        self.fields["district"].empty_label = None  # type: ignore[attr-defined]
        self.fields["district"].error_messages["required"] = _("Bitte einen Stadtbezirk wählen.")


def dress(form: forms.Form) -> forms.Form:
    """Ties each widget to its help text and errors for screen readers (call after
    validation)."""
    for name, field in form.fields.items():
        bound = form[name]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}-help")
        if form.is_bound and bound.errors:
            described.append(f"{bound.auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if described:
            field.widget.attrs["aria-describedby"] = " ".join(described)
    return form
