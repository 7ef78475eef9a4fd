"""How audit records keep values: JSON, with the old and the new value of each edited field
(issue #18: an edit that keeps only field names loses what was there)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


def audit_value(value: Any) -> Any:
    """``value`` as an audit payload keeps it: JSON (decimals and dates as text, a model
    instance as its primary key)."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or type(value) in (str, bool, int):
        return value  # JSON keeps these as they are (the round trip below would, slowly)
    if type(value) is list and all(type(item) is str for item in value):
        return list(value)
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def field_changes(
    instance: models.Model, changes: dict[str, Any], fields: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """``{field: {"old": …, "new": …}}`` for each of ``fields``, read from ``instance``
    before the change is applied."""
    return {
        name: {"old": audit_value(getattr(instance, name)), "new": audit_value(changes[name])}
        for name in fields
    }
