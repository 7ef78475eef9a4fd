"""Transitions: what a user may do now, and one payload serializer per transition, derived
from the transition's Django form in ``workflows.forms`` (the same form the web uses)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from django import forms
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from api.serializers.forms import serializer_for_form
from workflows.registry import TransitionSpec, transition_names, transitions
from workflows.states import CaseState


def transition_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in transition_names()]


class TransitionFieldChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class TransitionFieldSerializer(serializers.Serializer):
    """One field of a transition's payload."""

    name = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    type = serializers.ChoiceField(
        choices=[
            (t, t) for t in ("string", "date", "decimal", "integer", "boolean", "choice", "object")
        ]
    )
    choices = TransitionFieldChoiceSerializer(many=True, required=False)


class FailingGuardSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable key, e.g. plan_balanced.")
    message = serializers.CharField()


class AvailableTransitionSerializer(serializers.Serializer):
    """A step the calling user may take from the case's current state."""

    name = serializers.ChoiceField(choices=transition_choices())
    label = serializers.CharField()
    target = serializers.ChoiceField(choices=CaseState.choices)
    fields = TransitionFieldSerializer(many=True)
    failing_guards = FailingGuardSerializer(
        many=True, help_text="Business rules that block the step now; empty when it can be taken."
    )


def _field_type(field: forms.Field) -> str:
    for cls, name in (
        (forms.ChoiceField, "choice"),
        (forms.DateField, "date"),
        (forms.DecimalField, "decimal"),
        (forms.IntegerField, "integer"),
        (forms.BooleanField, "boolean"),
        (forms.CharField, "string"),
    ):
        if isinstance(field, cls):
            return name
    return "object"


def transition_fields(spec: TransitionSpec) -> list[dict[str, Any]]:
    """The payload fields of a transition, from its form."""
    result = []
    for name, field in spec.form.base_fields.items():
        entry: dict[str, Any] = {
            "name": name,
            "label": str(field.label or name),
            "required": field.required,
            "type": _field_type(field),
        }
        if isinstance(field, forms.ChoiceField):
            choices = cast(Iterable[tuple[Any, Any]], field.choices)
            entry["choices"] = [{"value": v, "label": str(label)} for v, label in choices]
        result.append(entry)
    return result


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@cache
def transition_payload_serializer(name: str) -> type[serializers.Serializer]:
    """``ApprovePayloadSerializer`` etc.: the JSON body of transition ``name``."""
    spec = transitions()[name]
    return serializer_for_form(
        spec.form, f"{_camel(name)}PayloadSerializer", doc=f"Payload of `{name}`: {spec.doc}"
    )


#: Fields a transition needs only for some values of another field; the schema states each
#: case as its own payload (``oneOf``): transition → (field, {value: fields it requires}).
CONDITIONALLY_REQUIRED: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "refer": ("referral_kind", {"offering": ("offering",)}),
}


@cache
def transition_request_schema(name: str) -> Any:
    """What the schema shows as the request body of transition ``name``: its payload
    serializer, or a ``oneOf`` of variants where a field's value makes others required
    (``refer`` with ``referral_kind=offering`` needs ``offering``)."""
    base = transition_payload_serializer(name)
    if name not in CONDITIONALLY_REQUIRED:
        return base
    switch, required_by_value = CONDITIONALLY_REQUIRED[name]
    switch_field: Any = base().fields[switch]
    choices = list(switch_field.choices)
    variants = []
    for value, needed in required_by_value.items():
        variants.append(_variant(base, f"{_camel(name)}{_camel(value)}", switch, [value], needed))
    others = [value for value in choices if value not in required_by_value]
    variants.append(_variant(base, f"{_camel(name)}Other", switch, others, ()))
    return PolymorphicProxySerializer(
        component_name=f"{_camel(name)}Payload",
        serializers=variants,
        resource_type_field_name=None,
    )


def _variant(
    base: type[serializers.Serializer],
    prefix: str,
    switch: str,
    values: list[str],
    needed: tuple[str, ...],
) -> type[serializers.Serializer]:
    fields = {name: copy.deepcopy(field) for name, field in base._declared_fields.items()}  # type: ignore[attr-defined]
    fields[switch] = serializers.ChoiceField(choices=[(v, v) for v in values])
    for name in needed:
        field = fields[name]
        kwargs = {**field._kwargs, "required": True, "allow_null": False}  # type: ignore[attr-defined]
        fields[name] = type(field)(*field._args, **kwargs)  # type: ignore[attr-defined]
    attrs: dict[str, Any] = {**fields, "__doc__": f"{base.__doc__} ({switch}: {', '.join(values)})"}
    return type(f"{prefix}PayloadSerializer", (serializers.Serializer,), attrs)
