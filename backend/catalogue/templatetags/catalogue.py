"""Template helpers of the catalogue pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any] | None, key: Any) -> Any:
    """``mapping[key]`` or an empty string."""
    return (mapping or {}).get(key, "")
