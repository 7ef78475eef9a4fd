"""The round-2 evaluation set (issue #23) and ``make eval-overlap``'s output, without a
scratch database: the files hold what the issue asks, the table prints every set."""

from __future__ import annotations

import csv
import io
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path

from tests.benchmarks import overlap_catalogue
from tests.benchmarks.overlap_eval import (
    ROUND2_OFFERINGS,
    Idea,
    Result,
    load_ideas,
    metrics,
    print_table,
    subsets,
)

AREAS = Path(__file__).resolve().parents[2] / "backend/areas/data"


def catalogue() -> list[dict[str, str]]:
    return list(csv.DictReader(ROUND2_OFFERINGS.open(encoding="utf-8")))


def test_catalogue_file_is_what_the_generator_writes():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # read_text() reads CRLF as LF
    writer.writerow(overlap_catalogue.HEADER)
    writer.writerows(overlap_catalogue.rows())
    assert ROUND2_OFFERINGS.read_text(encoding="utf-8") == buffer.getvalue()


def test_catalogue_covers_all_districts_with_250_offerings(essen):
    from backend.areas.models import Area, AreaKind

    district_of = dict(
        Area.objects.filter(kind=AreaKind.QUARTER).values_list("name", "parent__code")
    )
    rows = catalogue()
    assert len(rows) >= 250
    local = [r for r in rows if r["citywide"] == "no"]
    assert {district_of[r["quarter"]] for r in local} == {
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
    }
    citywide = [r for r in rows if r["citywide"] == "yes"]
    assert any(r["quarter"] for r in citywide), "some city-wide offerings have a location"
    per_district = Counter(
        (district_of[r["quarter"]], r["external_id"].split("-")[0]) for r in local
    )
    assert per_district[("IV", "sprachcafe")] >= 2  # several Sprachcafés per district


def test_ideas_have_every_category_reasons_and_a_held_out_part():
    ideas = load_ideas("overlap_ideas_round2.json")
    ids = {r["external_id"] for r in catalogue()}
    assert len(ideas) >= 60
    assert {i.category for i in ideas} == {"tagged", "paraphrase", "several", "none", "konferenz"}
    assert sum(1 for i in ideas if not i.tagged) >= 20
    assert sum(1 for i in ideas if not i.overlaps) >= 10
    assert 0.25 <= sum(1 for i in ideas if i.set == "holdout") / len(ideas) <= 0.4
    for idea in ideas:
        assert idea.overlaps <= ids, idea.id
        assert all(idea.reasons[o].strip() for o in idea.overlaps), idea.id
    several = [i for i in ideas if i.category == "several"]
    assert all(len(i.overlaps) >= 2 for i in several)


def idea(name: str, overlaps: set[str], *, tagged: bool = True, part: str = "tune") -> Idea:
    return Idea(
        id=name,
        title=name,
        description="",
        quarter="Altendorf",
        target_groups=["kinder"] if tagged else [],
        topics=[],
        overlaps=overlaps,
        set=part,
    )


def test_metrics_and_table():
    runs = [
        (idea("a", {"x"}), [Result("x", 0.9, True), Result("y", 0.5, True)]),
        (idea("b", {"z"}, tagged=False), [Result("y", 0.6, False), Result("z", 0.5, False)]),
        (idea("c", set(), part="holdout"), [Result("y", 0.7, True)]),
    ]
    m = metrics(runs)
    assert m["recall@5"] == 1.0
    assert m["precision@1"] == 0.5
    assert m["likely precision"] == 1 / 3
    assert m["likely recall"] == 0.5
    assert m["false alarms"] == 1
    out = io.StringIO()
    with redirect_stdout(out):
        sets = subsets(runs)
        print_table("Round 2", sets, [r for _, r in sets])
    text = out.getvalue()
    for name in ("tune, with tags", "tune, without tags", "holdout, all", "round 2, all"):
        assert name in text
    assert "engine:" in text
    assert "baseline:" in text
