"""Serializers derived from Django forms: the forms stay the one source of validation
(shared with the web pages), the serializers describe the JSON for the schema and check
JSON types before the form sees the data.

Flow in a view: ``serializer.is_valid()`` (types, lengths, enums; 400) → the Django form
with the serializer's data (all rules of the form; 400) → the service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from rest_framework import serializers

from api.serializers.fields import (
    MoneyField,
    StrictBooleanField,
    StrictCharField,
    StrictEmailField,
    StrictIntegerField,
)
from workflows.forms import SpentByLineField


def _text_kwargs(field: forms.Field) -> dict[str, Any]:
    # Pattern checks (postcode, phone) also describe the field in the schema.
    patterns = [v for v in field.validators if isinstance(v, RegexValidator)]
    kwargs: dict[str, Any] = {"validators": patterns} if patterns else {}
    if getattr(field, "max_length", None):
        kwargs["max_length"] = field.max_length  # type: ignore[attr-defined]
    if getattr(field, "min_length", None):
        kwargs["min_length"] = field.min_length  # type: ignore[attr-defined]
    if not field.required:
        kwargs["allow_blank"] = True
    return kwargs


def _bounds(field: forms.Field) -> dict[str, Any]:
    kwargs = {}
    for name in ("min_value", "max_value"):
        value = getattr(field, name, None)
        if value is not None:
            kwargs[name] = value
    return kwargs


SPENT_HELP = (
    "The amount spent on each line of the case's financing plan: keys are the plan's line ids "
    '(`lines[].id` of `GET /api/v1/cases/{id}/financing-plan/`), values euros ("250.00"). '
    "Every line of the plan must be there, no other key; at least one entry; together at most "
    "9999999999.99."
)


def _is_money(field: forms.DecimalField) -> bool:
    """Euros and cents, never negative: what ``MoneyField`` describes exactly."""
    low = getattr(field, "min_value", None)
    high = getattr(field, "max_value", None)
    return (
        field.decimal_places == 2
        and field.max_digits == 12
        and low is not None
        and low >= 0
        and (high is None or high >= Decimal("9999999999.99"))
    )


def _choices(field: forms.ChoiceField) -> list[Any]:
    return list(cast(Iterable[Any], field.choices))


def _decimal_field(field: forms.DecimalField, common: dict[str, Any]) -> serializers.Field:
    if _is_money(field):
        low = getattr(field, "min_value", None)
        return MoneyField(positive=bool(low and low > 0), allow_null=not field.required, **common)
    return serializers.DecimalField(
        max_digits=field.max_digits or 12,
        decimal_places=field.decimal_places if field.decimal_places is not None else 2,
        allow_null=not field.required,
        **_bounds(field),
        **common,
    )


def serializer_field_for(field: forms.Field) -> serializers.Field:
    """The DRF field that accepts the JSON the Django form field accepts."""
    common: dict[str, Any] = {"required": field.required, "help_text": field.help_text or None}
    if isinstance(field, SpentByLineField):
        return serializers.DictField(
            child=MoneyField(),
            allow_empty=not field.required,
            **{**common, "help_text": SPENT_HELP},
        )
    if isinstance(field, forms.ModelChoiceField):
        return StrictIntegerField(
            min_value=1, max_value=2**63 - 1, allow_null=not field.required, **common
        )
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(
            choices=_choices(field), allow_empty=not field.required, **common
        )
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(
            choices=_choices(field), allow_blank=not field.required, **common
        )
    if isinstance(field, forms.EmailField):
        return StrictEmailField(**_text_kwargs(field), **common)
    if isinstance(field, forms.DecimalField):
        return _decimal_field(field, common)
    if isinstance(field, forms.IntegerField):
        bounds = {"min_value": -(2**63), "max_value": 2**63 - 1, **_bounds(field)}
        return StrictIntegerField(allow_null=not field.required, **bounds, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.BooleanField):
        return StrictBooleanField(**common)
    if isinstance(field, forms.CharField):
        return StrictCharField(**_text_kwargs(field), **common)
    raise TypeError(f"no serializer field for {type(field).__name__}")


def serializer_for_form(
    form_class: type[forms.Form],
    name: str,
    *,
    doc: str = "",
    fields: Mapping[str, str] | Iterable[str] | None = None,
) -> type[serializers.Serializer]:
    """A serializer class named ``name`` with one field per form field, in form order.

    ``fields`` picks some of the form's fields: names, or form name → serializer name.
    """
    base = form_class.base_fields
    if fields is None:
        picked = {field_name: field_name for field_name in base}
    elif isinstance(fields, Mapping):
        picked = dict(fields)
    else:
        picked = {field_name: field_name for field_name in fields}
    attrs: dict[str, Any] = {
        json_name: serializer_field_for(base[form_name]) for form_name, json_name in picked.items()
    }
    attrs["__doc__"] = doc or (form_class.__doc__ or "").strip()
    attrs["__module__"] = __name__
    return type(name, (serializers.Serializer,), attrs)


def form_data(validated: dict[str, Any]) -> dict[str, Any]:
    """The serializer's validated data as input for the Django form (None → absent; DRF's
    sets of choices → lists, which Django's MultipleChoiceField expects)."""
    return {
        key: sorted(value) if isinstance(value, set) else value
        for key, value in validated.items()
        if value is not None
    }
