"""``manage.py overlap_learn --city essen``: fit the overlap weights on coordinators'
assessments (``backend.cases.overlap_learning``) and print the figures before and after."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.areas.models import City
from backend.cases.overlap_learning import overlap_learn


class Command(BaseCommand):
    help = "Fit a city's overlap weights and flag threshold on its coordinators' assessments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default="essen", help="city slug (default essen)")
        parser.add_argument("--dry-run", action="store_true", help="report only, store nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"unknown city: {options['city']}")
        report = overlap_learn(city=city, dry_run=options["dry_run"])
        out = self.stdout.write
        out(
            f"city {report.city}: {report.fit_labels} assessments to fit on, "
            f"{report.eval_labels} to evaluate on"
        )
        out(f"weights before: {_weights(report.before.as_dict())}")
        if report.after is not None:
            out(f"weights after:  {_weights(report.after.as_dict())}")
        if report.figures_before:
            out(f"{'figure':<16}{'before':>8}{'after':>8}")
            for key, value in report.figures_before.items():
                after = report.figures_after.get(key)
                shown = f"{after:>8.2f}" if after is not None else f"{'-':>8}"
                out(f"{key:<16}{value:>8.2f}{shown}")
        out(report.message)


def _weights(values: dict[str, float]) -> str:
    return ", ".join(f"{key} {value:.3f}" for key, value in values.items())
