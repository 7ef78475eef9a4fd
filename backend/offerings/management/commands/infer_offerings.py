"""``manage.py infer_offerings``: recompute what every offering's text speaks of
(``inferred_bits``, ``activity_bits``) after the inference vocabulary changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from backend.offerings.inference import infer
from backend.offerings.models import Offering

BATCH = 2000


class Command(BaseCommand):
    help = "Recompute the topics, target groups and activities inferred from offerings' texts."

    def handle(self, *args: Any, **options: Any) -> None:
        changed, batch = 0, []
        rows = Offering.objects.only("id", "title", "description", "inferred_bits", "activity_bits")
        for offering in rows.iterator(chunk_size=BATCH):
            inferred = infer(offering.title, offering.description)
            if (offering.inferred_bits, offering.activity_bits) == (
                inferred.vocabulary,
                inferred.activities,
            ):
                continue
            offering.inferred_bits = inferred.vocabulary
            offering.activity_bits = inferred.activities
            batch.append(offering)
            if len(batch) >= BATCH:
                changed += Offering.objects.bulk_update(batch, ["inferred_bits", "activity_bits"])
                batch = []
        changed += Offering.objects.bulk_update(batch, ["inferred_bits", "activity_bits"])
        self.stdout.write(f"{changed} offerings changed")
