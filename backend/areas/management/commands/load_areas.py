"""``manage.py load_areas``: load reference areas and offices (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backend.areas.services import CITY_SOURCES, areas_load_reference


class Command(BaseCommand):
    help = "Load a city's districts, quarters and integration offices. Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--city",
            action="append",
            choices=sorted(CITY_SOURCES),
            help="City to load (repeatable); default: essen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for slug in options["city"] or ["essen"]:
            stats = areas_load_reference(city_slug=slug)
            summary = ", ".join(f"{count} {key}" for key, count in sorted(stats.items()))
            self.stdout.write(self.style.SUCCESS(f"{slug}: {summary}"))
