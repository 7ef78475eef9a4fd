"""``make eval-overlap ARGS=--learn``: the learning step on the round-2 evaluation set.

Coordinators' assessments are simulated from the *tuning* ideas' labels: each of the ten
matches the engine shows for a tuning idea is assessed "overlapping" when the label says so,
"unrelated" otherwise. ``fit_weights`` fits on them; the whole evaluation set (tuning and
held-out ideas) is then run with the fitted weights, and the new weights are kept only if no
figure of any set goes down, as ``manage.py overlap_learn`` does on held-out assessments.
"""

from __future__ import annotations

from typing import Any


def learn_on_eval(ideas: list[Any], runs: list[Any]) -> None:
    from backend.areas.models import Area, AreaKind
    from backend.offerings.learning import examples_for, fit_weights
    from backend.offerings.models import Offering
    from backend.offerings.overlap import DEFAULT_WEIGHTS
    from backend.offerings.selectors import OFFERING_FIELDS, offering_probe
    from tests.benchmarks.overlap_eval import engine, metrics, row, run, subsets

    ids = dict(Offering.objects.values_list("external_id", "pk"))
    examples = []
    for idea, results in runs:
        if idea.set != "tune":
            continue
        quarter = Area.objects.get(kind=AreaKind.QUARTER, name=idea.quarter, city__slug="essen")
        probe = offering_probe(
            title=idea.title,
            description=idea.description,
            quarter=quarter,
            target_groups=idea.target_groups,
            topics=idea.topics,
            weights=DEFAULT_WEIGHTS,
        )
        labels = {ids[r.external_id]: r.external_id in idea.overlaps for r in results}
        examples += examples_for(idea.id, probe, labels, OFFERING_FIELDS)
    fitted = fit_weights(examples)
    print(f"\nLearning: {len(examples)} simulated assessments from the tuning ideas")
    print(f"weights before: {DEFAULT_WEIGHTS.as_dict()}")
    print(f"weights fitted: {fitted.as_dict() if fitted else None}")
    if fitted is None:
        return
    after = run(lambda idea: engine(idea, fitted), ideas)
    lower = []
    head = "R@5   P@1   flagP flagR false"
    print(f"{'set':<24}before: {head}   after: {head}")
    for (name, old), (_, new) in zip(subsets(runs), subsets(after), strict=True):
        a, b = metrics(old), metrics(new)
        print(f"{name:<24}        {row(a)}          {row(b)}")
        worse = [k for k in a if k != "false alarms" and b[k] < a[k] - 1e-9]
        if b["false alarms"] > a["false alarms"] or worse:
            lower.append(name)
    if lower:
        print(f"kept the old weights: figures would go down ({', '.join(lower)})")
    else:
        print("fitted weights kept: no figure goes down")
