"""``manage.py anonymise_due``: anonymise the finished cases whose retention ended (the worker
does it every night; docs/data-protection.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backend.cases.services.anonymisation import anonymise_due, cases_due_for_anonymisation


class Command(BaseCommand):
    help = "Anonymise finished cases whose retention period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only list the references of the cases due"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            from backend.cases.models import Case

            due = cases_due_for_anonymisation()
            references = Case.objects.filter(pk__in=due).order_by("pk")
            for reference in references.values_list("reference", flat=True):
                self.stdout.write(reference)
            self.stdout.write(f"{len(due)} cases due for anonymisation")
            return
        self.stdout.write(f"{anonymise_due()} cases anonymised")
