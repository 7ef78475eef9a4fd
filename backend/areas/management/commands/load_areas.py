"""``manage.py load_areas``: load a city's areas and offices (idempotent).

The bundled cities by name (``--city essen --city oberhausen``), or any further city from
its own CSV files (``--csv``, docs/cities.md describes the format)::

    manage.py load_areas --csv bochum-areas.csv --slug bochum --name Bochum --prefix BO \\
        [--offices bochum-offices.csv] [--one-level]
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.areas.services import (
    CITY_SOURCES,
    CitySource,
    ReferenceDataError,
    areas_load,
    areas_load_reference,
)


class Command(BaseCommand):
    help = "Load a city's districts, quarters and integration offices. Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--city",
            action="append",
            choices=sorted(CITY_SOURCES),
            help="Bundled city to load (repeatable); default: essen.",
        )
        parser.add_argument("--csv", type=Path, help="Areas CSV of a further city.")
        parser.add_argument("--offices", type=Path, help="Offices CSV of that city (optional).")
        parser.add_argument("--slug", help="The city's slug in addresses: /<slug>/ideen/neu/.")
        parser.add_argument("--name", help="The city's name, e.g. Bochum.")
        parser.add_argument(
            "--prefix", default="", help="Reference prefix (e.g. BO → BO-II-2027-0001)."
        )
        parser.add_argument(
            "--one-level", action="store_true", help="Areas have one level (Sozialräume)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["csv"]:
                self._load(options["slug"], self._source(options))
            for slug in options["city"] or ([] if options["csv"] else ["essen"]):
                self._load(slug, None)
        except (ReferenceDataError, ValidationError) as error:
            raise CommandError(f"nothing loaded: {error}") from error

    @staticmethod
    def _source(options: dict[str, Any]) -> CitySource:
        if not options["slug"] or not options["name"]:
            raise CommandError("--csv needs --slug and --name")
        return CitySource(
            name=options["name"],
            areas_file=options["csv"],
            offices_file=options["offices"],
            one_level=options["one_level"],
            reference_prefix=options["prefix"],
        )

    def _load(self, slug: str, source: CitySource | None) -> None:
        if source is None:
            stats = areas_load_reference(city_slug=slug)
        else:
            stats = areas_load(city_slug=slug, source=source)
        summary = ", ".join(f"{count} {key}" for key, count in sorted(stats.items()))
        self.stdout.write(self.style.SUCCESS(f"{slug}: {summary}"))
