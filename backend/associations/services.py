"""Write-side of associations: find-or-create with de-duplication of obvious repeats."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction

from backend.associations.models import Association, ContactPerson

_LEGAL_SUFFIX = re.compile(r"\b(e\s*\.?\s*v\s*\.?|ggmbh|gmbh)$")


def association_name_key(name: str) -> str:
    """Normalise a name so "Kulturverein Borbeck e.V." and "kulturverein  borbeck eV" match."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.sub(r"[^\w]+", " ", ascii_only).strip()
    return _LEGAL_SUFFIX.sub("", words).strip()


def association_get_or_create(
    *, name: str, postal_code: str, defaults: dict[str, Any]
) -> tuple[Association, bool]:
    """Return the association with the same normalised name and postcode, or create it."""
    key = association_name_key(name)
    association = Association.objects.filter(name_key=key, postal_code=postal_code).first()
    if association is not None:
        return association, False
    association = Association(name=name.strip(), name_key=key, postal_code=postal_code, **defaults)
    association.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            association.save()
    except IntegrityError:
        # A concurrent submission created it between our read and our insert.
        return Association.objects.get(name_key=key, postal_code=postal_code), False
    return association, True


#: Details an association enters on every idea, which may differ from what is stored.
COMPARED_FIELDS = ("legal_form", "register_number", "street", "town")


def association_differences(association: Association, submitted: dict[str, Any]) -> dict[str, Any]:
    """What a submission says about an existing association that differs from the stored
    details: ``{field: {"submitted": …, "stored": …}}``. Empty submitted values are no news.

    The stored association is not changed: anyone may submit an idea without an account, so a
    submission must not rewrite what others entered; the coordinator sees the difference on
    the case and can correct the association in the admin.
    """
    differences = {}
    for name in COMPARED_FIELDS:
        value = str(submitted.get(name) or "").strip()
        stored = str(getattr(association, name) or "")
        if value and value != stored:
            differences[name] = {"submitted": value, "stored": stored}
    return differences


def contact_get_or_create(
    *, association: Association, email: str, defaults: dict[str, Any]
) -> ContactPerson:
    """The association's contact with this e-mail, updated with the latest name and phone.

    Two submissions at once with a new address both find no contact; the second insert
    waits for the first and then fails on the unique constraint: it takes the first's row."""
    contact = association.contacts.filter(email__iexact=email).first()
    created = contact is None
    if contact is None:
        contact = ContactPerson(association=association, email=email.strip().lower())
    for field, value in defaults.items():
        setattr(contact, field, value)
    contact.full_clean(validate_constraints=not created)
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        if not created:
            raise
        contact = association.contacts.get(email__iexact=email.strip())
        for field, value in defaults.items():
            setattr(contact, field, value)
        contact.save()
    return contact
