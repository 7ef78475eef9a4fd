"""Query filters of the list endpoints (django-filter; the schema lists each parameter).

Ids in filters are plain integers: an unknown id gives an empty list, not an error.
Malformed values (a date that is no date, an unknown enum value) are a 400.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any, ClassVar

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request

from backend.areas.models import Area, AreaKind
from backend.associations.models import Association
from backend.cases.models import Case, CaseEvent
from backend.cases.selectors import case_text_search
from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.models import Offering
from backend.programs.models import FundingProgram
from workflows.states import CaseState, EventKind

MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(df.NumberFilter):
    field_class = IdField


class MomentField(IsoDateTimeField):
    """A moment (ISO 8601) that PostgreSQL can compare: an offset beyond ±15:59 or a moment
    outside the years 1 to 9999 in UTC is an error, not a database error."""

    def to_python(self, value: Any) -> Any:
        try:
            moment = super().to_python(value)
            if moment is None:
                return None
            offset = moment.utcoffset()
            if offset is not None and abs(offset) >= timedelta(hours=16):
                raise ValueError("offset")
            return moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise forms.ValidationError(_("Kein gültiger Zeitpunkt."), code="invalid") from None


class MomentFilter(df.IsoDateTimeFilter):
    field_class = MomentField


class StrictBooleanField(forms.Field):
    """``true``/``false`` (also ``1``/``0``); anything else is an error, not "no filter"."""

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise forms.ValidationError(_("Erwartet: true oder false."), code="invalid")


class StrictBooleanFilter(df.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterSet(df.FilterSet):
    """A typed parameter that is present but empty (``?kind=``) is an error; django-filter
    would silently ignore it. Free-text parameters may be empty.

    With ``other_parameters`` set (the endpoint's paging parameters), a query parameter that
    is neither a filter nor one of them is an error too: a misspelt filter would otherwise
    widen the answer unnoticed. ``None`` keeps unknown parameters ignored (the older
    endpoints, whose clients may send more)."""

    other_parameters: ClassVar[tuple[str, ...] | None] = None

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.other_parameters is not None:
            known = {*self.filters, *self.other_parameters}
            for name in sorted(set(self.data) - known):
                message = forms.ValidationError(
                    _("Diesen Parameter gibt es hier nicht."), code="unknown"
                )
                self.form.errors[name] = ErrorList([message])
                valid = False
        for name, filter_ in self.filters.items():
            if isinstance(filter_, df.CharFilter) or name not in self.data:
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if any(value == "" for value in values):
                self.form.add_error(name, _("Ein leerer Wert ist hier nicht erlaubt."))
                valid = False
        return valid


def _text_search(fields: tuple[str, ...]) -> Any:
    def search(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__unaccent__icontains": value})  # "cafe" finds "Café"
        return queryset.filter(query)

    return search


class AreaFilter(StrictFilterSet):
    name = df.CharFilter(lookup_expr="icontains", max_length=100, help_text="Part of the name.")
    kind = df.ChoiceFilter(choices=AreaKind.choices)
    parent = IdFilter(field_name="parent_id", help_text="Quarters of this district.")
    city = df.CharFilter(field_name="city__slug", max_length=50, help_text="City slug, e.g. essen.")

    class Meta:
        model = Area
        fields = ["name", "kind", "parent", "city"]


class AssociationFilter(StrictFilterSet):
    name = df.CharFilter(lookup_expr="icontains", max_length=200)
    postal_code = df.CharFilter(max_length=5)

    class Meta:
        model = Association
        fields = ["name", "postal_code"]


class FundingProgramFilter(StrictFilterSet):
    active = StrictBooleanFilter()
    city = df.CharFilter(field_name="city__slug", max_length=50)

    class Meta:
        model = FundingProgram
        fields = ["active", "city"]


class OfferingFilter(StrictFilterSet):
    quarter = IdFilter(field_name="quarter_id")
    district = IdFilter(field_name="quarter__parent_id")
    citywide = StrictBooleanFilter()
    active = StrictBooleanFilter()
    target_group = df.ChoiceFilter(
        choices=TargetGroup.choices, method="filter_target_group", label="Target group"
    )
    topic = df.ChoiceFilter(choices=Topic.choices, method="filter_topic", label="Topic")
    q = df.CharFilter(
        method=_text_search(("title", "description", "provider")),
        max_length=200,
        help_text="Text in title, description or provider.",
    )

    class Meta:
        model = Offering
        fields = ["quarter", "district", "citywide", "active", "target_group", "topic", "q"]

    def filter_target_group(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return queryset.filter(target_groups__contains=[value])

    def filter_topic(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return queryset.filter(topics__contains=[value])


class CaseFilter(StrictFilterSet):
    # ``distinct=False``: a state is a column of the case, no join can repeat a row; a
    # DISTINCT over every column would sort the whole match before the first page.
    state = df.MultipleChoiceFilter(
        choices=CaseState.choices,
        distinct=False,
        help_text="One or more states (repeat the parameter).",
    )
    district = IdFilter(field_name="quarter__parent_id")
    quarter = IdFilter(field_name="quarter_id")
    coordinator = IdFilter(field_name="assigned_to_id", help_text="Assigned user's id.")
    program = IdFilter(field_name="program_id")
    association = IdFilter(field_name="association_id")
    target_group = df.ChoiceFilter(
        choices=TargetGroup.choices, method="filter_target_group", label="Target group"
    )
    topic = df.ChoiceFilter(choices=Topic.choices, method="filter_topic", label="Topic")
    q = df.CharFilter(
        method="filter_text",
        max_length=200,
        help_text="Text in reference, title, challenge or association name.",
    )
    created_after = df.DateFilter(
        field_name="created_at", lookup_expr="date__gte", help_text="Created on or after."
    )
    created_before = df.DateFilter(
        field_name="created_at", lookup_expr="date__lte", help_text="Created on or before."
    )
    updated_after = MomentFilter(
        field_name="updated_at",
        lookup_expr="gt",
        help_text="Changed after this moment (ISO 8601, e.g. 2026-03-05T14:00:00Z; without "
        "an offset: Berlin time). Encode + in an offset as %2B.",
    )

    #: A misspelt filter (``updated_afte``) must not silently return every case.
    other_parameters = ("cursor", "page_size", "ordering")  # api.pagination.CasePagination

    class Meta:
        model = Case
        fields = [
            "state",
            "district",
            "quarter",
            "coordinator",
            "program",
            "association",
            "target_group",
            "topic",
            "q",
            "created_after",
            "created_before",
            "updated_after",
        ]

    def filter_target_group(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return queryset.filter(target_groups__contains=[value])

    def filter_topic(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return queryset.filter(topics__contains=[value])

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return case_text_search(queryset, value)


class EventFilter(StrictFilterSet):
    case = IdFilter(field_name="case_id", help_text="Events of this case.")
    kind = df.MultipleChoiceFilter(
        choices=EventKind.choices, help_text="One or more kinds (repeat the parameter)."
    )
    district = IdFilter(
        field_name="case__quarter__parent_id", help_text="Events of cases in this district."
    )
    other_parameters = ("cursor", "page_size")  # api.pagination.EventFeedPagination

    class Meta:
        model = CaseEvent
        fields = ["case", "kind", "district"]


class StrictOrderingFilter(OrderingFilter):
    """``ordering`` is one of the view's ``ordering_fields``, optionally prefixed with ``-``;
    anything else is a 400 (DRF would silently ignore it)."""

    def _choices(self, view: Any) -> list[str]:
        fields = list(getattr(view, "ordering_fields", []))
        return [f"{prefix}{field}" for field in fields for prefix in ("", "-")]

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        raw = request.query_params.get(self.ordering_param)
        if raw is not None:
            choices = self._choices(view)
            if raw not in choices:
                raise serializers.ValidationError(
                    {
                        self.ordering_param: [
                            _("Erlaubt: %(choices)s") % {"choices": ", ".join(choices)}
                        ]
                    }
                )
            return [raw]
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort order; prefix - for descending.",
                "schema": {"type": "string", "enum": self._choices(view)},
            }
        ]
