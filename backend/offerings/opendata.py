"""The catalogue as open data: one record per offering, the same fields in the CSV, the JSON
file and the public API (schema: docs/open-data.md, docs/open-data/offerings.schema.json)."""

from __future__ import annotations

from typing import Any

from backend.offerings.models import Offering

#: The fields of a record, in the order of the CSV's columns.
OPEN_DATA_FIELDS = (
    "id",
    "url",
    "title",
    "description",
    "provider",
    "city",
    "district",
    "district_name",
    "quarter",
    "citywide",
    "topics",
    "target_groups",
    "languages",
    "schedule",
    "address",
    "contact",
    "valid_from",
    "valid_to",
    "funded_project",
    "updated_at",
)
#: Offerings made from funded projects carry this source (``cases.services.catalogue``).
FUNDED_SOURCE = "foerderlotse"


def offering_record(offering: Offering, *, url: str) -> dict[str, Any]:
    """One offering as a JSON-ready record (dates as ISO strings)."""
    quarter = offering.quarter
    district = quarter.parent if quarter is not None else None
    return {
        "id": offering.pk,
        "url": url,
        "title": offering.title,
        "description": offering.description,
        "provider": offering.provider,
        "city": offering.city.slug,
        "district": district.code if district is not None else None,
        "district_name": district.name if district is not None else None,
        "quarter": quarter.name if quarter is not None else None,
        "citywide": offering.citywide,
        "topics": list(offering.topics),
        "target_groups": list(offering.target_groups),
        "languages": list(offering.languages),
        "schedule": offering.schedule,
        "address": offering.address,
        "contact": offering.contact,
        "valid_from": offering.valid_from.isoformat() if offering.valid_from else None,
        "valid_to": offering.valid_to.isoformat() if offering.valid_to else None,
        "funded_project": offering.source == FUNDED_SOURCE,
        "updated_at": offering.updated_at.isoformat(),
    }
