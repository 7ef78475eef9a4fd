"""JSON fields that take only their own JSON type. DRF's defaults coerce (``1`` and ``"yes"``
are true, ``123`` is the text "123", ``"31"`` is 31); the schema promises a type, so a
request with another type is a 400, as Schemathesis checks."""

from __future__ import annotations

import re
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


class StrictEmailField(serializers.EmailField):
    """A JSON string only."""

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


#: Money in a request: a JSON string of euros with up to two decimals, no sign, no exponent,
#: no leading zeros, at most 10 digits before the point (0 to 9999999999.99). The schema
#: states the same patterns, so what it allows the server accepts, and nothing else.
MONEY_PATTERN = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$"
#: The same, above zero (0.01 to 9999999999.99).
POSITIVE_MONEY_PATTERN = r"^([1-9][0-9]{0,9}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$"


class MoneyField(serializers.DecimalField):
    """An amount in euros, as a JSON string matching ``pattern`` (``"2700.00"``, ``"0.5"``)."""

    def __init__(self, *, positive: bool = False, **kwargs: Any) -> None:
        self.positive = positive
        self.pattern = POSITIVE_MONEY_PATTERN if positive else MONEY_PATTERN
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def validate_empty_values(self, data: Any) -> Any:
        if data == "":  # DRF would take it for null; the pattern refuses it
            self.fail("invalid")
        return super().validate_empty_values(data)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or not re.fullmatch(self.pattern, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class SlugReferenceField(serializers.SlugRelatedField):
    """A reference by slug (``essen``); anything that is no slug is "does not exist" before
    the database is asked (a NUL byte would make PostgreSQL refuse the query)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or not re.fullmatch(r"[-a-zA-Z0-9_]{1,50}", data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:50])
        return super().to_internal_value(data)
