"""``make eval-overlap``: how well the overlap engine finds the offerings an idea duplicates.

Two hand-written evaluation sets, each loaded into its own scratch database:

- round 1 (issue #6): the sample catalogue ``backend/offerings/data/essen_offerings_sample.csv``
  (83 offerings) and ``data/overlap_ideas.json`` (48 ideas);
- round 2 (issue #23): ``data/overlap_catalogue.csv`` (written by ``overlap_catalogue.py``:
  255 offerings across all nine districts) and ``data/overlap_ideas_round2.json`` (73 ideas:
  tagged, untagged paraphrases, several activities, no overlap although the activity exists
  elsewhere or the words match with another purpose, Integrationskonferenz topics), each
  label with a one-line reason. Every third idea is *held out*: not looked at while tuning
  (``--misses`` lists only tuning ideas unless ``--holdout`` is given).

For the engine and for a baseline of plain title trigram similarity (what Decidim's "similar
proposals" does), per set:

- recall@5: share of an idea's true overlaps among its first five results (mean over ideas
  that have overlaps);
- precision@1: share of those ideas whose first result is a true overlap;
- precision and recall of the ``likely_overlap`` flag over all (idea, result) pairs, and how
  many ideas without any overlap still got a flag ("false flags").

``--thresholds`` adds the precision/recall table used to calibrate the flag's threshold;
``--learn`` fits the weights on coordinator assessments made from the tuning ideas' labels
(``offerings.learning``) and prints the figures before and after.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.benchmarks.scratch_db import scratch_database, setup_django

DATA = Path(__file__).resolve().parent / "data"
#: The sample catalogue doubles as demo data (manage.py demo) and evaluation catalogue.
SAMPLE_OFFERINGS = (
    Path(__file__).resolve().parents[2] / "backend/offerings/data/essen_offerings_sample.csv"
)
ROUND2_OFFERINGS = DATA / "overlap_catalogue.csv"
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
    set: str = "tune"
    category: str = ""
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def tagged(self) -> bool:
        return bool(self.target_groups or self.topics)


@dataclass
class Result:
    external_id: str
    score: float
    flagged: bool


def load_ideas(name: str = "overlap_ideas.json") -> list[Idea]:
    raw = json.loads((DATA / name).read_text(encoding="utf-8"))
    ideas = []
    for item in raw:
        overlaps = item["overlaps"]
        reasons = overlaps if isinstance(overlaps, dict) else {}
        ideas.append(
            Idea(
                id=item["id"],
                title=item["title"],
                description=item["description"],
                quarter=item["quarter"],
                target_groups=item["target_groups"],
                topics=item["topics"],
                overlaps=set(overlaps),
                set=item.get("set", "tune"),
                category=item.get("category", ""),
                reasons=reasons,
            )
        )
    return ideas


def load_catalogue(path: Path = SAMPLE_OFFERINGS) -> None:
    from backend.areas.models import City
    from backend.areas.services import areas_load_reference
    from backend.offerings.services import offering_import

    areas_load_reference(city_slug="essen")
    report = offering_import(
        city=City.objects.get(slug="essen"),
        content=path.read_bytes(),
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


def engine(idea: Idea, weights: Any = None) -> list[Result]:
    from backend.areas.models import Area, AreaKind
    from backend.offerings.selectors import offering_list_overlapping

    quarter = Area.objects.get(kind=AreaKind.QUARTER, name=idea.quarter, city__slug="essen")
    matches = offering_list_overlapping(
        title=idea.title,
        description=idea.description,
        quarter=quarter,
        target_groups=idea.target_groups,
        topics=idea.topics,
        weights=weights,
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


Runs = list[tuple[Idea, list[Result]]]


def metrics(runs: Runs, threshold: float | None = None) -> dict[str, float]:
    with_overlap = [(i, r) for i, r in runs if i.overlaps]
    count = max(len(with_overlap), 1)
    recall5 = (
        sum(
            len(i.overlaps & {x.external_id for x in r[:5]}) / len(i.overlaps)
            for i, r in with_overlap
        )
        / count
    )
    p1 = sum(1 for i, r in with_overlap if r and r[0].external_id in i.overlaps) / count

    def flagged(x: Result) -> bool:
        return x.flagged if threshold is None else x.score >= threshold

    predicted = [(i, x) for i, r in runs for x in r if flagged(x)]
    hits = sum(1 for i, x in predicted if x.external_id in i.overlaps)
    labels = sum(len(i.overlaps) for i, _ in runs)
    false_alarms = sum(1 for i, r in runs if not i.overlaps and any(flagged(x) for x in r))
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / labels if labels else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "recall@5": recall5,
        "precision@1": p1,
        "likely precision": precision,
        "likely recall": recall,
        "likely F1": f1,
        "false alarms": false_alarms,
    }


def run(method: Callable[[Idea], list[Result]], ideas: Iterable[Idea]) -> Runs:
    return [(idea, method(idea)) for idea in ideas]


def subsets(runs: Runs) -> list[tuple[str, Runs]]:
    """Round 2's reporting sets: tuning and held-out, each with and without tags."""
    out: list[tuple[str, Runs]] = []
    for part in ("tune", "holdout"):
        mine = [(i, r) for i, r in runs if i.set == part]
        out.append((f"{part}, all", mine))
        out.append((f"{part}, with tags", [(i, r) for i, r in mine if i.tagged]))
        out.append((f"{part}, without tags", [(i, r) for i, r in mine if not i.tagged]))
    out.append(("round 2, all", runs))
    return out


COLUMNS = ("recall@5", "precision@1", "likely precision", "likely recall", "false alarms")
HEAD = "R@5   P@1   flagP flagR false"


def row(values: dict[str, float]) -> str:
    return " ".join(
        f"{values[k]:>5.0f}" if k == "false alarms" else f"{values[k]:.2f}" for k in COLUMNS
    )


def print_table(title: str, sets: list[tuple[str, Runs]], baseline_sets: list[Runs]) -> None:
    print(title)
    print(f"{'set':<24}{'ideas':>6}{'none':>5}{'labels':>7}  engine: {HEAD}  baseline: {HEAD}")
    for (name, runs), theirs in zip(sets, baseline_sets, strict=True):
        ideas = [i for i, _ in runs]
        print(
            f"{name:<24}{len(ideas):>6}{sum(1 for i in ideas if not i.overlaps):>5}"
            f"{sum(len(i.overlaps) for i in ideas):>7}          {row(metrics(runs))}"
            f"            {row(metrics(theirs))}"
        )


def print_misses(runs: Runs, *, holdout: bool) -> None:
    for idea, results in runs:
        if idea.set == "holdout" and not holdout:
            continue
        top = [(x.external_id, x.score, x.flagged) for x in results[:5]]
        wrong_top = not results or results[0].external_id not in idea.overlaps
        missed = idea.overlaps - {x.external_id for x in results if x.flagged}
        false = [x.external_id for x in results if x.flagged and x.external_id not in idea.overlaps]
        if (idea.overlaps and (wrong_top or missed)) or false:
            where = f"{idea.title} ({idea.quarter})"
            print(f"\n{idea.id} [{idea.set}] {where} want {sorted(idea.overlaps)}")
            print(f"    unflagged {sorted(missed)} false {false}")
            for entry in top:
                print("   ", entry)


def round2(args: argparse.Namespace) -> None:
    ideas = load_ideas("overlap_ideas_round2.json")
    with scratch_database("overlap_eval2"):
        load_catalogue(ROUND2_OFFERINGS)
        from backend.offerings.models import Offering

        ours, theirs = run(engine, ideas), run(baseline, ideas)
        sets, base = subsets(ours), [r for _, r in subsets(theirs)]
        print_table(
            f"\nRound 2 ({ROUND2_OFFERINGS.name}): {Offering.objects.count()} offerings, "
            f"{len(ideas)} ideas, {sum(len(i.overlaps) for i in ideas)} labelled overlaps",
            sets,
            base,
        )
        if args.thresholds:
            thresholds(ours)
        if args.misses:
            print_misses(ours, holdout=args.holdout)
        if args.learn:
            from tests.benchmarks.overlap_learn_eval import learn_on_eval

            learn_on_eval(ideas, ours)


def thresholds(runs: Runs) -> None:
    print("\nthreshold  precision  recall  F1    false alarms   (tuning ideas only)")
    tune = [(i, r) for i, r in runs if i.set == "tune"]
    for step in range(20, 75, 5):
        m = metrics(tune, threshold=step / 100)
        print(
            f"{step / 100:<11.2f}{m['likely precision']:<11.2f}{m['likely recall']:<8.2f}"
            f"{m['likely F1']:<6.2f}{m['false alarms']:.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--thresholds", action="store_true", help="print the calibration table")
    parser.add_argument("--misses", action="store_true", help="list tuning ideas gone wrong")
    parser.add_argument("--holdout", action="store_true", help="with --misses: held-out too")
    parser.add_argument("--learn", action="store_true", help="fit weights, before/after")
    parser.add_argument("--round", choices=("1", "2", "both"), default="both")
    args = parser.parse_args()
    setup_django()
    if args.round in ("1", "both"):
        ideas = load_ideas()
        with scratch_database("overlap_eval"):
            load_catalogue()
            from backend.offerings.models import Offering

            ours, theirs = run(engine, ideas), run(baseline, ideas)
            print_table(
                f"Round 1 (essen_offerings_sample.csv): {Offering.objects.count()} offerings, "
                f"{len(ideas)} ideas, {sum(len(i.overlaps) for i in ideas)} labelled overlaps",
                [("round 1, all", ours)],
                [theirs],
            )
            if args.misses:
                print_misses(ours, holdout=True)
    if args.round in ("2", "both"):
        round2(args)
    print("(R@5 recall@5, P@1 precision@1, flagP/flagR the likely_overlap flag's precision and")
    print(" recall over (idea, result) pairs, false: ideas without overlap that got a flag)")


if __name__ == "__main__":
    main()
