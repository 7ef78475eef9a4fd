"""``make eval-overlap``: how well the overlap engine finds the offerings an idea duplicates.

Loads the hand-written evaluation set (``data/overlap_offerings.csv``: offerings across Essen's
districts, the same kinds in several districts; ``data/overlap_ideas.json``: ideas with their
true overlaps, some with none) into a scratch database and prints, for the engine and for a
baseline of plain title trigram similarity (what Decidim's "similar proposals" does):

- recall@5: share of an idea's true overlaps among its first five results (mean over ideas
  that have overlaps);
- precision@1: share of those ideas whose first result is a true overlap;
- precision and recall of the ``likely_overlap`` flag over all (idea, result) pairs, and how
  many ideas without any overlap still got a flag.

``--thresholds`` adds the precision/recall table used to calibrate ``LIKELY_OVERLAP``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.scratch_db import scratch_database, setup_django

DATA = Path(__file__).resolve().parent / "data"
BASELINE_THRESHOLD = 0.25  # Decidim's default similarity threshold


@dataclass
class Idea:
    id: str
    title: str
    description: str
    quarter: str
    target_groups: list[str]
    topics: list[str]
    overlaps: set[str]


@dataclass
class Result:
    external_id: str
    score: float
    flagged: bool


def load_ideas() -> list[Idea]:
    raw = json.loads((DATA / "overlap_ideas.json").read_text(encoding="utf-8"))
    return [Idea(**{**item, "overlaps": set(item["overlaps"])}) for item in raw]


def load_catalogue() -> None:
    from backend.areas.models import City
    from backend.areas.services import areas_load_reference
    from backend.offerings.services import offering_import

    areas_load_reference(city_slug="essen")
    report = offering_import(
        city=City.objects.get(slug="essen"),
        content=(DATA / "overlap_offerings.csv").read_bytes(),
        file_format="csv",
        source="eval",
    )
    if not report.ok:
        raise SystemExit(f"evaluation catalogue does not import: {report.as_dict()}")
    from django.db import connection

    from backend.offerings.lexeme_stats import clear_cache

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE offerings_offering")
    clear_cache()


def engine(idea: Idea) -> list[Result]:
    from backend.areas.models import Area, AreaKind
    from backend.offerings.selectors import offering_list_overlapping

    quarter = Area.objects.get(kind=AreaKind.QUARTER, name=idea.quarter, city__slug="essen")
    matches = offering_list_overlapping(
        title=idea.title,
        description=idea.description,
        quarter=quarter,
        target_groups=idea.target_groups,
        topics=idea.topics,
    )
    return [Result(m.offering.external_id, m.score, m.likely_overlap) for m in matches]


def baseline(idea: Idea) -> list[Result]:
    from django.contrib.postgres.search import TrigramSimilarity

    from backend.offerings.selectors import offering_list_current

    rows = (
        offering_list_current()
        .annotate(similarity=TrigramSimilarity("title", idea.title))
        .order_by("-similarity", "pk")
        .values_list("external_id", "similarity")[:10]
    )
    return [Result(eid, sim, sim >= BASELINE_THRESHOLD) for eid, sim in rows]


def metrics(runs: list[tuple[Idea, list[Result]]], threshold: float | None = None) -> dict:
    with_overlap = [(i, r) for i, r in runs if i.overlaps]
    recall5 = sum(
        len(i.overlaps & {x.external_id for x in r[:5]}) / len(i.overlaps) for i, r in with_overlap
    ) / len(with_overlap)
    p1 = sum(1 for i, r in with_overlap if r and r[0].external_id in i.overlaps) / len(with_overlap)

    def flagged(x: Result) -> bool:
        return x.flagged if threshold is None else x.score >= threshold

    predicted = [(i, x) for i, r in runs for x in r if flagged(x)]
    hits = sum(1 for i, x in predicted if x.external_id in i.overlaps)
    labels = sum(len(i.overlaps) for i, _ in runs)
    false_alarms = sum(1 for i, r in runs if not i.overlaps and any(flagged(x) for x in r))
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / labels
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "recall@5": recall5,
        "precision@1": p1,
        "likely precision": precision,
        "likely recall": recall,
        "likely F1": f1,
        "false alarms": false_alarms,
    }


def run(
    method: Callable[[Idea], list[Result]], ideas: list[Idea]
) -> list[tuple[Idea, list[Result]]]:
    return [(idea, method(idea)) for idea in ideas]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", action="store_true", help="print the calibration table")
    parser.add_argument("--misses", action="store_true", help="list ideas the engine gets wrong")
    args = parser.parse_args()
    setup_django()
    ideas = load_ideas()
    with scratch_database("overlap_eval"):
        load_catalogue()
        from backend.offerings.models import Offering

        ours, theirs = run(engine, ideas), run(baseline, ideas)
        print(
            f"Evaluation set: {Offering.objects.count()} offerings, {len(ideas)} ideas "
            f"({sum(1 for i in ideas if not i.overlaps)} without overlap, "
            f"{sum(len(i.overlaps) for i in ideas)} labelled overlaps)"
        )
        print(f"{'metric':<20}{'engine':>10}{'baseline':>10}")
        a, b = metrics(ours), metrics(theirs)
        for key in a:
            fmt = "{:>10.0f}" if key == "false alarms" else "{:>10.2f}"
            print(f"{key:<20}{fmt.format(a[key])}{fmt.format(b[key])}")
        print("(false alarms: ideas without overlap that got at least one likely_overlap)")
        if args.thresholds:
            print("\nthreshold  precision  recall  F1    false alarms")
            for step in range(20, 75, 5):
                m = metrics(ours, threshold=step / 100)
                print(
                    f"{step / 100:<11.2f}{m['likely precision']:<11.2f}{m['likely recall']:<8.2f}"
                    f"{m['likely F1']:<6.2f}{m['false alarms']:.0f}"
                )
        if args.misses:
            for idea, results in ours:
                top = [(x.external_id, x.score, x.flagged) for x in results[:3]]
                if not idea.overlaps or not results or results[0].external_id not in idea.overlaps:
                    print(f"\n{idea.id} {idea.title} ({idea.quarter}) want {sorted(idea.overlaps)}")
                    for row in top:
                        print("   ", row)


if __name__ == "__main__":
    main()
