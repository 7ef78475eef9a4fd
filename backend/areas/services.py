"""Load reference data: a city's districts, quarters and integration offices.

The CSV files live in ``backend/areas/data/`` (copied from the shared reference data) so the
project does not depend on anything outside the repository at run time. Loading is idempotent:
a second run finds every row unchanged and writes nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, City, Office

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class CitySource:
    name: str
    areas_file: str
    offices_file: str | None
    one_level: bool
    reference_prefix: str = ""


CITY_SOURCES: dict[str, CitySource] = {
    "essen": CitySource("Essen", "essen-areas.csv", "essen-integration-offices.csv", False),
    "oberhausen": CitySource(
        "Oberhausen", "oberhausen-areas.csv", "oberhausen-offices.csv", True, "OB"
    ),
}


def _upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, str]:
    """Create or update one row; touch the database only when something differs."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, "created"
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if not changed:
        return obj, "unchanged"
    for field in changed:
        setattr(obj, field, values[field])
    obj.full_clean()
    obj.save(update_fields=[*changed, "updated_at"])
    return obj, "updated"


def _central_queue(slug: str, name: str) -> User:
    """The role account that holds the city's central-office queue (no password until set)."""
    user = User.objects.filter(username=f"zentrale-{slug}").first()
    if user is None:
        user = User(
            username=f"zentrale-{slug}",
            display_name=f"Zentrale Koordination {name}",
            is_central_office=True,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    return user


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@transaction.atomic
def areas_load_reference(*, city_slug: str) -> Counter[str]:
    """Load (or refresh) one city's areas and offices; returns counts per outcome."""
    source = CITY_SOURCES[city_slug]
    stats: Counter[str] = Counter()
    queue = _central_queue(city_slug, source.name)
    city, status = _upsert(
        City,
        {"slug": city_slug},
        {
            "name": source.name,
            "one_level": source.one_level,
            "central_queue": queue,
            "reference_prefix": source.reference_prefix,
        },
    )
    stats[f"city {status}"] += 1
    if queue.city_id != city.pk:  # the queue is the central office of this city only
        queue.city = city
        queue.save(update_fields=["city"])
    districts: dict[str, Area] = {}
    for row in _read_csv(source.areas_file):
        code = row["district_code"]
        if code not in districts:
            districts[code], status = _upsert(
                Area,
                {"city": city, "kind": AreaKind.DISTRICT, "code": code},
                {"name": row["district_name"], "parent": None},
            )
            stats[f"district {status}"] += 1
        _quarter, status = _upsert(
            Area,
            {"city": city, "kind": AreaKind.QUARTER, "name": row["quarter"]},
            {"parent": districts[code], "code": ""},
        )
        stats[f"quarter {status}"] += 1
    if source.offices_file:
        for row in _read_csv(source.offices_file):
            stats[f"office {_load_office(city, districts, row)}"] += 1
    return stats


def _load_office(city: City, districts: dict[str, Area], row: dict[str, str]) -> str:
    codes = row["district_codes"].split(";")
    office, status = _upsert(
        Office,
        {
            "city": city,
            "name": row.get("name") or f"Integrationskoordination Bezirk {'/'.join(codes)}",
        },
        {
            "street": row["street"],
            "postal_code": row["postal_code"],
            "town": row["city"],
            "phone": row["phone"],
            "staffed": row["staffed"] == "yes",
        },
    )
    wanted = {districts[code].pk for code in codes}
    current = set(office.districts.values_list("pk", flat=True))
    if wanted != current:
        office.districts.set(wanted)
        status = "updated" if status == "unchanged" else status
    return status
