"""A/B of an overlap-engine patch against the engine at a git revision, at 100k offerings.

Run from a checkout with the patch applied (see README.md in this folder):

    python docs/overlap-experiments/ab.py [--against HEAD] [--rounds 5]

Seeds the benchmark's 100k catalogue into a scratch database (created and dropped here),
adds the stored columns and indexes of ``setup.sql``, then runs every evaluation idea through
both engines alternately (the same load for both) and prints p50/p95 of each and how many
ideas got a different top ten (ids and scores).
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.scratch_db import scratch_database, setup_django  # noqa: E402


def load_revision(revision: str, folder: Path):
    """``backend.offerings.selectors`` as of ``revision``, with its own ``overlap`` module."""
    for name in ("overlap", "selectors"):
        source = subprocess.run(
            ["git", "show", f"{revision}:backend/offerings/{name}.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        source = source.replace("from backend.offerings.overlap import", "from ab_overlap import")
        (folder / f"ab_{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module("ab_selectors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument(
        "--setup",
        type=Path,
        default=Path(__file__).parent / "setup.sql",
        help="SQL run on the seeded catalogue before measuring (default: setup.sql)",
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    with tempfile.TemporaryDirectory() as folder, scratch_database("overlap_ab"):
        from backend.areas.models import Area, AreaKind
        from backend.areas.services import areas_load_reference
        from backend.offerings import selectors
        from backend.offerings.lexeme_stats import clear_cache
        from tests.benchmarks.overlap_bench import seed
        from tests.benchmarks.overlap_eval import load_ideas

        before = load_revision(args.against, Path(folder))
        areas_load_reference(city_slug="essen")
        seed(args.size, 0, random.Random(20261121))
        with connection.cursor() as cursor:
            cursor.execute(args.setup.read_text(encoding="utf-8"))
            cursor.execute("VACUUM ANALYZE offerings_offering")
        clear_cache()
        quarters = {a.name: a for a in Area.objects.filter(kind=AreaKind.QUARTER)}

        def run(module, idea):
            started = time.perf_counter()
            matches = module.offering_list_overlapping(
                title=idea.title,
                description=idea.description,
                quarter=quarters[idea.quarter],
                target_groups=idea.target_groups,
                topics=idea.topics,
            )
            return time.perf_counter() - started, [(m.offering.pk, m.score) for m in matches]

        times: dict[str, list[float]] = {"before": [], "after": []}
        differing = set()
        for round_number in range(args.rounds + 1):  # round 0 warms the caches
            for number, idea in enumerate(load_ideas()):
                old_time, old = run(before, idea)
                new_time, new = run(selectors, idea)
                if old != new:
                    differing.add(number)
                if round_number:
                    times["before"].append(old_time)
                    times["after"].append(new_time)

    def pct(values: list[float], share: float) -> float:
        return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1] * 1000

    for name, values in times.items():
        print(
            f"{name:>7} ({args.against if name == 'before' else 'this tree'}): "
            f"p50 {pct(values, 0.5):.2f} ms  p95 {pct(values, 0.95):.2f} ms"
        )
    print(f"ideas with a different top ten: {len(differing)}")


if __name__ == "__main__":
    main()
