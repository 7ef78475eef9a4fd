"""Template helpers of the workspace: accessible form widgets and money in German notation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def widget(field: BoundField) -> SafeString:
    """The field's widget, tied to its help text and errors for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, Any] = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def euro(value: Decimal | int | float | None) -> str:
    """2700 → "2.700,00 €" (grouped, two decimals, non-breaking space before the sign)."""
    if value is None or value == "":
        return "–"
    return format_html("{}\u00a0€", floatformat(value, "2g"))


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return bool(getattr(field.field.widget, "input_type", "") == "checkbox")


@register.filter
def lookup(mapping: dict[str, Any] | None, key: Any) -> Any:
    """``mapping[str(key)]`` or an empty string."""
    return (mapping or {}).get(str(key), "")
