"""The filters of the figures and exports, for every channel: a bad value is a German error
(an inline message on the page, a 400 in the API), never a crash and never "no filter"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.statistics.choices import (
    stats_city_choices,
    stats_district_choices,
    stats_program_choices,
)
from backend.statistics.selectors import StatsFilters

YEAR_MIN, YEAR_MAX = 2000, 2100
#: Query parameters of the filters (pages and API); everything else is the channel's.
FILTER_PARAMETERS = ("city", "district", "program", "year")


class _Choice(forms.ModelChoiceField):
    """An id from the user's choices; anything else ("abc", another district's id, 10**30)
    is "not a valid choice", in German."""

    def __init__(self, label: Any) -> None:
        super().__init__(
            queryset=None,
            required=False,
            label=label,
            empty_label=_("alle"),
            error_messages={
                "invalid_choice": _("Diese Auswahl gibt es nicht (oder nicht für Sie).")
            },
        )

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value)
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return super().to_python(text)


class StatsFilterForm(forms.Form):
    city = _Choice(_("Stadt"))
    district = _Choice(_("Stadtbezirk"))
    program = _Choice(_("Förderprogramm"))
    year = forms.IntegerField(
        label=_("Jahr"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": _("Bitte ein Jahr angeben, z. B. 2027.")},
        help_text=_("Haushaltsjahr der Bewilligung, sonst Jahr des Projektbeginns oder der Idee"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = stats_city_choices(user=user)  # type: ignore[attr-defined]
        self.fields["district"].queryset = stats_district_choices(user=user)  # type: ignore[attr-defined]
        self.fields["program"].queryset = stats_program_choices(user=user)  # type: ignore[attr-defined]
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})

    def filters(self) -> StatsFilters:
        """The valid filters (call after ``is_valid()``); an unbound form means none."""
        if not self.is_bound:
            return StatsFilters()
        data = self.cleaned_data
        return StatsFilters(
            city=data.get("city"),
            district=data.get("district"),
            program=data.get("program"),
            year=data.get("year"),
        )
