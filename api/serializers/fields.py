"""JSON fields that take only their own JSON type. DRF's defaults coerce (``1`` and ``"yes"``
are true, ``123`` is the text "123", ``"31"`` is 31); the schema promises a type, so a
request with another type is a 400, as Schemathesis checks."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StrictBooleanField(serializers.BooleanField):
    """JSON ``true`` or ``false`` only."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class FormBooleanField(serializers.BooleanField):
    """A multipart form field: the text ``true`` or ``false``."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        if isinstance(data, str) and data.lower() in ("true", "false"):
            return data.lower() == "true"
        self.fail("invalid", input=data)
        raise AssertionError  # unreachable: fail() raises


class StrictCharField(serializers.CharField):
    """A JSON string only (no numbers turned into text)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only (no strings, no floats, no booleans)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))
