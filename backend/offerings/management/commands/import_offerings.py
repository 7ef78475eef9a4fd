"""``manage.py import_offerings FILE``: load an offering catalogue from CSV or JSON.

Exit status: 0 everything imported; 1 nothing stored (bad file or bad rows without
``--partial``); 2 ``--partial`` stored the good rows but some rows were bad.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.areas.models import City
from backend.offerings.imports import ImportReport, guess_format
from backend.offerings.services import offering_import


class Command(BaseCommand):
    help = "Import offerings from a CSV or JSON file (upsert by source + external_id)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Path of the .csv or .json file")
        parser.add_argument("--city", default="essen", help="City slug (default: essen)")
        parser.add_argument("--format", choices=["csv", "json"], help="Default: from the name")
        parser.add_argument(
            "--source", default="import", help="Source for rows without one (default: import)"
        )
        parser.add_argument(
            "--partial", action="store_true", help="Import the good rows even if some are bad"
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        file_format = options["format"] or guess_format(path.name)
        if file_format is None:
            raise CommandError(f"{path.name}: unknown format; name it .csv/.json or use --format")
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"unknown city {options['city']!r}; run manage.py load_areas")
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        report = offering_import(
            city=city,
            content=content,
            file_format=file_format,
            source=options["source"],
            partial=options["partial"],
            progress=self._progress_bar() if self.stdout.isatty() else None,
        )
        self._print(report, as_json=options["json"])
        if report.problems:
            sys.exit(2 if report.stored else 1)

    def _print(self, report: ImportReport, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        for problem in report.problems:
            where = f"row {problem.row}" if problem.row is not None else "file"
            if problem.column:
                where += f", {problem.column}"
            self.stderr.write(f"{where}: {problem.message} [{problem.code}]")
        summary = (
            f"{report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.bad_rows} bad"
        )
        if report.stored:
            self.stdout.write(self.style.SUCCESS(summary))
        else:
            self.stderr.write(self.style.ERROR(f"{summary} - nothing stored"))

    def _progress_bar(self) -> Any:
        def show(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            bar = "#" * filled + "." * (width - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
            if done == total:
                self.stdout.write("")
            self.stdout.flush()

        return show
