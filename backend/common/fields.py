"""Fields and field rules shared by the domain apps and every channel (pages, API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms as django_forms
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def choice_array(choices: type[models.TextChoices], **kwargs: Any) -> ArrayField:
    """An array of slugs from a fixed vocabulary (validated per item by Django)."""
    return ArrayField(
        models.CharField(max_length=40, choices=choices.choices), default=list, **kwargs
    )


#: Every money column and field: 12 digits, 2 after the comma (euro and cent).
MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
#: The highest amount such a column holds.
MONEY_MAX = Decimal("9999999999.99")


def money_text(value: Decimal) -> str:
    """An amount as people read it in the active language: 2.700,00 (de), 2,700.00 (en)."""
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def ends_before_start(start: date | None, end: date | None) -> bool:
    """A period whose end lies before its start (the one rule for plans, approvals, …)."""
    return bool(start and end and end < start)


class NamedRequiredMessages:
    """Form mixin: a missing value names its field ("Bitte füllen Sie „Datum“ aus.") instead of
    Django's "Dieses Feld ist zwingend erforderlich." (a form-specific message stays)."""

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        default = str(django_forms.Field.default_error_messages["required"])
        for field in self.fields.values():
            if str(field.error_messages.get("required", "")) == default and field.label:
                field.error_messages["required"] = format_lazy(
                    _("Bitte füllen Sie „{}“ aus."), field.label
                )
