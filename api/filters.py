"""Query filters of the list endpoints (django-filter; the schema lists each parameter).

Ids in filters are plain integers: an unknown id gives an empty list, not an error.
Malformed values (a date that is no date, an unknown enum value) are a 400.
"""

from __future__ import annotations

from typing import Any

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet

from backend.areas.models import Area, AreaKind
from backend.associations.models import Association
from backend.cases.models import Case
from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.models import Offering
from backend.programs.models import FundingProgram
from workflows.states import CaseState

MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(df.NumberFilter):
    field_class = IdField


def _text_search(fields: tuple[str, ...]) -> Any:
    def search(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return search


class AreaFilter(df.FilterSet):
    name = df.CharFilter(lookup_expr="icontains", max_length=100, help_text="Part of the name.")
    kind = df.ChoiceFilter(choices=AreaKind.choices)
    parent = IdFilter(field_name="parent_id", help_text="Quarters of this district.")
    city = df.CharFilter(field_name="city__slug", max_length=50, help_text="City slug, e.g. essen.")

    class Meta:
        model = Area
        fields = ["name", "kind", "parent", "city"]


class AssociationFilter(df.FilterSet):
    name = df.CharFilter(lookup_expr="icontains", max_length=200)
    postal_code = df.CharFilter(max_length=5)

    class Meta:
        model = Association
        fields = ["name", "postal_code"]


class FundingProgramFilter(df.FilterSet):
    active = df.BooleanFilter()
    city = df.CharFilter(field_name="city__slug", max_length=50)

    class Meta:
        model = FundingProgram
        fields = ["active", "city"]


class OfferingFilter(df.FilterSet):
    quarter = IdFilter(field_name="quarter_id")
    district = IdFilter(field_name="quarter__parent_id")
    citywide = df.BooleanFilter()
    active = df.BooleanFilter()
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


class CaseFilter(df.FilterSet):
    state = df.MultipleChoiceFilter(
        choices=CaseState.choices, help_text="One or more states (repeat the parameter)."
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
        method=_text_search(("reference", "title", "challenge", "association__name")),
        max_length=200,
        help_text="Text in reference, title, challenge or association name.",
    )
    created_after = df.DateFilter(
        field_name="created_at", lookup_expr="date__gte", help_text="Created on or after."
    )
    created_before = df.DateFilter(
        field_name="created_at", lookup_expr="date__lte", help_text="Created on or before."
    )

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
        ]

    def filter_target_group(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return queryset.filter(target_groups__contains=[value])

    def filter_topic(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        return queryset.filter(topics__contains=[value])
