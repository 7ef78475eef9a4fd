"""Form building blocks of the public pages: forgiving money input and the
accessibility wiring every field needs (help and error text linked to the input)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from backend.cases.forms import AmountField

_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_ENGLISH_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


class EuroField(AmountField):
    """An amount in euro as people type it: "3000", "3.000", "3.000,50 €" or "2500.5"; on
    English pages also "3,000" and "3,000.50" (a comma before groups of three digits)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("9999999999.99"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        messages = {
            "invalid": _("Bitte geben Sie einen Betrag in Euro an, z. B. 2500 oder 2.500,50."),
            "max_decimal_places": _("Bitte geben Sie höchstens 2 Stellen nach dem Komma an."),
            "min_value": _("Der Betrag darf nicht negativ sein."),
            "max_value": _("Dieser Betrag ist zu hoch."),
            "max_digits": _("Dieser Betrag ist zu hoch."),
            "max_whole_digits": _("Dieser Betrag ist zu hoch."),
        }
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        """Show stored amounts the way people write them here: 2.700,00."""
        return euro(value) if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0€]", "", value.replace("EUR", ""))
            if not re.fullmatch(r"[\d.,+-]*", value):  # "1e5" is not how people write money
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if _english() and _ENGLISH_THOUSANDS.match(value):
                value = value.replace(",", "")
            elif "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif _THOUSANDS.match(value):
                value = value.replace(".", "")
        return super().to_python(value)


#: Text fields from this limit on show it and count (``AccessibleFormMixin``).
COUNTED_FROM = 100
COUNTED_WIDGETS = (forms.TextInput, forms.Textarea)


class AccessibleFormMixin:
    """Point each input at its help text and error message, so screen readers read them.

    Templates render help as ``<id>-help`` and errors as ``<id>-error`` (see
    ``intake/_field.html``); fields shown as a group (checkboxes, radios) carry the reference
    on their ``<fieldset>`` instead, which the template does.
    """

    fields: dict[str, forms.Field]
    errors: Any
    #: Label optional fields "(freiwillig)". Off where a draft may be incomplete but the
    #: finished thing needs every field (the application), so the mark would mislead.
    mark_optional = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            # A browser cuts what is typed or pasted at ``maxlength`` without a word (20,000
            # characters pasted kept 4,000). The limit is shown and counted instead
            # (``data-maxlength``, intake.js), and the server refuses too long a text with
            # a message that names the limit.
            limit = getattr(field, "max_length", None)
            widget = field.widget
            if limit is None or limit < COUNTED_FROM or type(widget) not in COUNTED_WIDGETS:
                continue  # short fields (postcode, e-mail): the limit is no news to anyone
            widget.attrs.pop("maxlength", None)
            widget.attrs["data-maxlength"] = str(limit)
            field.counted = True  # type: ignore[attr-defined]  # _field.html shows the counter

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.link_descriptions()

    def link_descriptions(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]  # type: ignore[index]
            attrs = field.widget.attrs
            if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue  # described on the group's <fieldset>
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if "data-maxlength" in attrs and not field.widget.is_hidden:
                ids.append(f"{bound.auto_id}-count")
            if self.errors and name in self.errors:
                ids.append(f"{bound.auto_id}-error")
                attrs["aria-invalid"] = "true"
            if ids:
                attrs["aria-describedby"] = " ".join(ids)

    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor id, field label, message) for the summary at the top of the page."""
        links: list[tuple[str, str, str]] = []
        for name, messages in self.errors.items():
            if name == "__all__":
                links.extend(("", "", str(m)) for m in messages)
                continue
            bound = self[name]  # type: ignore[index]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                anchor = f"{bound.auto_id}_0"
            links.extend((anchor, str(bound.label), str(m)) for m in messages)
        return links


def euro(amount: Decimal) -> str:
    """An amount as the page's readers write it, without the currency sign: 3.000,50 on
    German pages, 3,000.50 on English ones."""
    english = f"{amount:,.2f}"
    if _english():
        return english
    whole, _sep, cents = english.partition(".")
    return f"{whole.replace(',', '.')},{cents}"


def required(message: Any) -> dict[str, Any]:
    """Error messages for a required field, in words that say what to do."""
    return {"required": message}
