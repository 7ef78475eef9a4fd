"""IBAN check (ISO 13616: country code, check digits, mod 97), for repayment accounts."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")


def iban_normalized(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def iban_valid(value: str) -> bool:
    iban = iban_normalized(value)
    if not _SHAPE.match(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def iban_validator(value: str) -> None:
    if value and not iban_valid(value):
        raise ValidationError(
            _("„%(value)s“ ist keine gültige IBAN."), code="iban", params={"value": value}
        )


def iban_display(value: str) -> str:
    """In groups of four, as people read and type it."""
    iban = iban_normalized(value)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
