"""``make bench-overlap``: latency of the overlap check on synthetic catalogues.

Seeds 1k, 10k and 100k offerings into a scratch database (created and dropped here), made
from the evaluation catalogue's offerings (drawn Zipf-like: a few kinds common, most rare; see
``kind_weights``) moved to random quarters, with varied providers and an extra sentence each,
~10 % inactive or expired. For every size it runs each evaluation idea
through ``offering_list_overlapping`` and, on the same data in the same run, a bare GIN
full-text query with the same lexemes (``@@`` plus ``ts_rank``, top 10): the floor any
full-text ranking pays. It prints p50/p95 of both and their ratio.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import statistics
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.scratch_db import scratch_database, setup_django

DATA = Path(__file__).resolve().parent / "data"
#: The sample catalogue doubles as demo data (manage.py demo) and evaluation catalogue.
SAMPLE_OFFERINGS = (
    Path(__file__).resolve().parents[2] / "backend/offerings/data/essen_offerings_sample.csv"
)
SIZES = (1_000, 10_000, 100_000)
EXTRA_SENTENCES = [
    "Die Teilnahme ist kostenlos.",
    "Eine Anmeldung ist nicht nötig.",
    "Bitte vorher telefonisch anmelden.",
    "Die Räume sind barrierefrei.",
    "Getränke und Snacks werden gestellt.",
    "Das Angebot wird aus Mitteln der Stadt gefördert.",
    "Wir suchen weitere Ehrenamtliche.",
    "In den Schulferien findet das Angebot nicht statt.",
    "Informationen gibt es auch auf Arabisch, Türkisch und Ukrainisch.",
    "Kinder können mitgebracht werden.",
    "Treffpunkt ist der Eingang am Hof.",
    "Neue Teilnehmende sind jederzeit willkommen.",
    "Das Programm wechselt jeden Monat.",
    "Fahrtkosten können erstattet werden.",
    "Der Treff ist mit Bus und Bahn gut erreichbar.",
]
PROVIDER_KINDS = ["e.V.", "gGmbH", "Initiative", "Gemeinde", "Verein", "Netzwerk"]


def kind_weights(kinds: int) -> list[float]:
    """How common each kind of offering is: Zipf-like, as word and topic frequencies in real
    catalogues are. A few kinds are everywhere (the most common one is ~1 in 5 offerings),
    most are rare (the rarest ~1 in 400). With uniform copies every word of the evaluation
    catalogue would be in at least 1/83 of the rows, so at 100k the text lookup (which skips
    words above its row budget) would find next to nothing, for the check and the floor alike:
    easier than a real catalogue, where an idea's words range from common to rare.
    Fixed order (own seed), so every size grows the same distribution."""
    order = random.Random(83).sample(range(kinds), kinds)
    weights = [0.0] * kinds
    for rank, kind in enumerate(order, start=1):
        weights[kind] = 1 / rank
    return weights


def seed(count: int, start: int, rng: random.Random) -> None:
    """Append ``count`` synthetic offerings with COPY (the generated search vector follows)."""
    from django.db import connection
    from django.utils import timezone

    from backend.areas.models import Area, AreaKind, City
    from backend.offerings.inference import infer
    from backend.offerings.lexeme_stats import clear_cache

    city = City.objects.get(slug="essen")
    quarters = list(Area.objects.filter(city=city, kind=AreaKind.QUARTER).values_list("pk", "name"))
    templates = list(csv.DictReader(SAMPLE_OFFERINGS.open(encoding="utf-8")))
    weights = kind_weights(len(templates))
    now = dt.datetime.now(dt.UTC)
    today = timezone.localdate()
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    inferred: dict[tuple[str, str], Any] = {}
    for number in range(start, start + count):
        template = rng.choices(templates, weights)[0]
        citywide = rng.random() < 0.04
        quarter_id, quarter_name = (None, "") if citywide else rng.choice(quarters)
        title = template["title"]
        if template["quarter"] and template["quarter"] in title:
            title = title.replace(template["quarter"], quarter_name or "Essen")
        description = f"{template['description']} {rng.choice(EXTRA_SENTENCES)}"
        place = quarter_name or "Essen"
        provider = f"{template['provider'].split()[0]} {place} {rng.choice(PROVIDER_KINDS)}"
        roll = rng.random()
        active = roll >= 0.05
        valid_to = today - dt.timedelta(days=30) if 0.05 <= roll < 0.10 else None
        # What save() would infer (COPY bypasses it); the quarter's name in the title does
        # not change it, so once per template and extra sentence.
        key = (template["external_id"], description)
        if key not in inferred:
            inferred[key] = infer(template["title"], description)
        groups = "{" + ",".join(filter(None, template["target_groups"].split(";"))) + "}"
        topics = "{" + ",".join(filter(None, template["topics"].split(";"))) + "}"
        writer.writerow(
            [
                now,
                now,
                city.pk,
                title,
                description,
                provider,
                quarter_id or "",
                citywide,
                groups,
                topics,
                template["schedule"],
                "",
                "",
                "",
                valid_to or "",
                active,
                "bench",
                f"bench-{number}",
                inferred[key].vocabulary,
                inferred[key].activities,
                "{}",
            ]
        )
    buffer.seek(0)
    columns = (
        "created_at, updated_at, city_id, title, description, provider, quarter_id, citywide, "
        "target_groups, topics, schedule, address, contact, valid_from, valid_to, active, "
        "source, external_id, inferred_bits, activity_bits, languages"
    )
    with connection.cursor() as cursor:
        # 90k rows with their generated columns take longer than the app's statement
        # timeout on a busy machine.
        cursor.execute("SET statement_timeout = 0")
        with cursor.copy(
            f"COPY offerings_offering ({columns}) FROM STDIN WITH (FORMAT csv, NULL '', "
            "FORCE_NULL (quarter_id, valid_from, valid_to))"
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute("VACUUM ANALYZE offerings_offering")
    clear_cache()


def floor_query(lookup: list[str], words: list[str], *, prepared: bool = False) -> float:
    """The bare GIN full-text query the engine builds on: rows with one of the ``lookup``
    words, ranked by ``ts_rank`` over all the idea's ``words``, top 10. In seconds.
    ``prepared``: on a cursor that prepares it, as the check's statement is prepared."""
    from django.db import connection

    from backend.offerings.overlap import prepared_cursor

    started = time.perf_counter()
    with prepared_cursor(connection) if prepared else connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM offerings_offering "
            "WHERE search_vector @@ to_tsquery('simple', %s) "
            "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC LIMIT 10",
            [" | ".join(f"'{w}'" for w in lookup), " | ".join(f"'{w}'" for w in words)],
        )
        cursor.fetchall()
    return time.perf_counter() - started


def measure(rounds: int, *, prepared_floor: bool = False) -> tuple[list[float], list[float]]:
    from backend.areas.models import Area, AreaKind
    from backend.offerings.lexeme_stats import selective_lexemes
    from backend.offerings.overlap import OverlapProbe, probe_lexemes
    from backend.offerings.selectors import offering_list_overlapping
    from tests.benchmarks.overlap_eval import load_ideas

    ideas = load_ideas()
    quarters = {a.name: a for a in Area.objects.filter(kind=AreaKind.QUARTER)}
    probes = []
    for idea in ideas:
        # The floor looks up the same words the engine looks up (rare first, within budget).
        words = probe_lexemes(OverlapProbe(title=idea.title, description=idea.description))
        lookup = selective_lexemes(words, table="offerings_offering", column="search_vector")
        probes.append((idea, quarters[idea.quarter], lookup, words))
    checks: list[float] = []
    floors: list[float] = []
    for round_number in range(rounds + 1):
        for idea, quarter, lookup, words in probes:
            started = time.perf_counter()
            offering_list_overlapping(
                title=idea.title,
                description=idea.description,
                quarter=quarter,
                target_groups=idea.target_groups,
                topics=idea.topics,
            )
            elapsed = time.perf_counter() - started
            floor = floor_query(lookup, words, prepared=prepared_floor)
            if round_number:  # round 0 warms the caches
                checks.append(elapsed)
                floors.append(floor)
    return checks, floors


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds over all ideas")
    parser.add_argument(
        "--prepared-floor",
        action="store_true",
        help="prepare the floor query too, as the check's statement is (see docs/overlap.md)",
    )
    args = parser.parse_args()
    setup_django()
    rng = random.Random(20261121)
    with scratch_database("overlap_bench"):
        from backend.areas.services import areas_load_reference

        areas_load_reference(city_slug="essen")
        print(
            f"{'offerings':>10} {'check p50':>10} {'check p95':>10} {'floor p50':>10} "
            f"{'floor p95':>10} {'p95 ratio':>10}   (ms; {args.rounds} rounds × ideas)"
        )
        seeded = 0
        for size in sorted(args.sizes):
            started = time.perf_counter()
            seed(size - seeded, seeded, rng)
            seeded = size
            seconds = time.perf_counter() - started
            checks, floors = measure(args.rounds, prepared_floor=args.prepared_floor)
            c50, c95 = percentile(checks, 0.5) * 1000, percentile(checks, 0.95) * 1000
            f50, f95 = percentile(floors, 0.5) * 1000, percentile(floors, 0.95) * 1000
            print(
                f"{size:>10} {c50:>10.1f} {c95:>10.1f} {f50:>10.1f} {f95:>10.1f} "
                f"{c95 / f95:>9.1f}×   (seeded in {seconds:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
