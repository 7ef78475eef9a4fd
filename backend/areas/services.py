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
    """A city's reference data: its name, the CSV files (names in ``DATA_DIR`` or paths)
    and how its areas and references look (docs/cities.md)."""

    name: str
    areas_file: str | Path
    offices_file: str | Path | None
    one_level: bool
    reference_prefix: str = ""


AREA_COLUMNS = ("district_code", "district_name", "quarter")
OFFICE_COLUMNS = ("district_codes", "street", "postal_code", "city", "phone", "staffed")


class ReferenceDataError(ValueError):
    """A reference CSV does not have the documented shape; nothing was loaded."""


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


def _read_csv(name: str | Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a reference CSV (UTF-8, comma-separated, a header row naming at least
    ``columns``); a missing column or an empty required value is a ``ReferenceDataError``."""
    path = DATA_DIR / name if isinstance(name, str) else name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise ReferenceDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
            rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError) as error:
        raise ReferenceDataError(f"{path.name}: cannot be read ({error})") from error
    required = columns[:2] if columns == AREA_COLUMNS else columns[:1]
    for number, row in enumerate(rows, 2):
        if not all(row.get(c) for c in required):
            raise ReferenceDataError(f"{path.name}, line {number}: {', '.join(required)} needed")
    return rows


def areas_load_reference(*, city_slug: str) -> Counter[str]:
    """Load (or refresh) one of the bundled cities (``CITY_SOURCES``)."""
    return areas_load(city_slug=city_slug, source=CITY_SOURCES[city_slug])


@transaction.atomic
def areas_load(*, city_slug: str, source: CitySource) -> Counter[str]:
    """Load (or refresh) one city's areas and offices from ``source``; returns counts per
    outcome. A one-level city's rows may leave ``quarter`` empty (the area is its own
    quarter). Idempotent; a bad file loads nothing (``ReferenceDataError``)."""
    area_rows = _read_csv(source.areas_file, AREA_COLUMNS)
    office_rows = _read_csv(source.offices_file, OFFICE_COLUMNS) if source.offices_file else []
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
    for row in area_rows:
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
            {
                "city": city,
                "kind": AreaKind.QUARTER,
                "name": row["quarter"] or row["district_name"],
            },
            {"parent": districts[code], "code": ""},
        )
        stats[f"quarter {status}"] += 1
    for row in office_rows:
        stats[f"office {_load_office(city, districts, row)}"] += 1
    return stats


def _load_office(city: City, districts: dict[str, Area], row: dict[str, str]) -> str:
    codes = row["district_codes"].split(";")
    unknown = [code for code in codes if code not in districts]
    if unknown:
        raise ReferenceDataError(f"offices: unknown district code(s) {', '.join(unknown)}")
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
