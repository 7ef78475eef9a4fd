"""Fitting the overlap score's weights and flag threshold on labelled matches (issue #23).

Every coordinator assessment of a match (duplicate / overlapping → 1; complementary /
unrelated → 0) is a labelled pair of an idea and an offering. For each pair the engine's
parts are computed as they stand now (``overlap_parts``): place, look-alike penalty, text,
shared topics, shared target groups, shared activity. The score is

    score = place × penalty × (w_text·text + w_topics·topics + w_groups·groups + w_act·act)

so a logistic regression on the four products ``place × penalty × part`` with an intercept,
``p = σ(b + Σ β_i x_i)``, is the score up to scale: with ``s = Σ β_i`` (coefficients below 0
set to 0) the weights are ``β_i / s`` and the flag's threshold ``-b / s`` (``p ≥ 0.5`` ⟺
``score ≥ threshold``). Plain Newton-Raphson (IRLS) with a small ridge term, in Python: five
coefficients and at most some thousand pairs need no library (ADR 0014).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import FloatField
from django.db.models.expressions import RawSQL

from backend.offerings.models import Offering
from backend.offerings.overlap.orm import (
    _penalty_sql,
    _place_sql,
    _text_sql,
    _vocabulary_sql,
    shares_activity,
)
from backend.offerings.overlap.scoring import OverlapProbe, Weights, probe_lexemes

#: Verdicts (``AssessmentVerdict`` values) that mean "this already exists".
POSITIVE = frozenset({"duplicate", "overlapping"})
RIDGE = 0.01
PARTS = ("text", "topics", "groups", "activity")


@dataclass(frozen=True)
class Example:
    """One labelled pair: the engine's parts for it and the coordinator's label."""

    group: str  # the idea (case) it belongs to: P@1 is per idea
    place: float
    penalty: float
    parts: tuple[float, float, float, float]  # text, topics, groups, activity
    may_flag: bool  # no look-alike veto and a shared activity where the idea names one
    label: bool

    def features(self) -> list[float]:
        return [self.place * self.penalty * part for part in self.parts]

    def score(self, weights: Weights) -> float:
        w = (weights.text, weights.topics, weights.groups, weights.activity)
        return sum(x * wi for x, wi in zip(self.features(), w, strict=True))

    def flagged(self, weights: Weights) -> bool:
        return self.may_flag and self.score(weights) >= weights.threshold


def overlap_parts(
    probe: OverlapProbe, offering_ids: Sequence[int], fields: Any
) -> dict[int, tuple[float, float, tuple[float, float, float, float], bool]]:
    """The engine's parts for ``probe`` against each offering: place, penalty, (text, topics,
    groups, activity) and whether it may be flagged, from the same SQL as the score."""
    floats = FloatField()
    lexemes = probe_lexemes(probe)
    place, place_params = _place_sql(probe, fields)
    text, text_params = _text_sql(probe, fields, lexemes)
    annotations: dict[str, Any] = {
        "p_place": RawSQL(place, place_params, output_field=floats),  # noqa: S611
        "p_penalty": RawSQL(_penalty_sql(probe, fields), [], output_field=floats),  # noqa: S611
        "p_text": RawSQL(text, text_params, output_field=floats),  # noqa: S611
    }
    for part in PARTS[1:]:
        only = Weights(**{p: (1.0 if p == part else 0.0) for p in PARTS}, threshold=0.0)
        sql, params = _vocabulary_sql(replace(probe, weights=only), fields)
        annotations[f"p_{part}"] = RawSQL(sql, params, output_field=floats)  # noqa: S611
    out = {}
    for offering in Offering.objects.filter(pk__in=offering_ids).annotate(**annotations):
        parts = tuple(float(getattr(offering, f"p_{p}") or 0.0) for p in PARTS)
        penalty = float(getattr(offering, "p_penalty"))  # noqa: B009 - an annotation
        out[offering.pk] = (
            float(getattr(offering, "p_place")),  # noqa: B009
            penalty,
            (parts[0], parts[1], parts[2], parts[3]),
            penalty == 1.0 and shares_activity(offering, probe, fields),
        )
    return out


def examples_for(
    group: str, probe: OverlapProbe, labels: Mapping[int, bool], fields: Any
) -> list[Example]:
    """Labelled examples of one idea: ``labels`` maps offering ids to "already exists"."""
    parts = overlap_parts(probe, list(labels), fields)
    return [
        Example(group, place, penalty, values, may_flag, labels[pk])
        for pk, (place, penalty, values, may_flag) in parts.items()
    ]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a 5×5 system)."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][n] / a[i][i] if abs(a[i][i]) > 1e-12 else 0.0 for i in range(n)]


def logistic_fit(rows: Sequence[Sequence[float]], labels: Sequence[bool]) -> list[float]:
    """Coefficients (intercept first) of a ridge-regularised logistic regression, by IRLS."""
    k = len(rows[0]) + 1
    beta = [0.0] * k
    xs = [[1.0, *row] for row in rows]
    for _ in range(50):
        gradient = [0.0] * k
        hessian = [[0.0] * k for _ in range(k)]
        for x, y in zip(xs, labels, strict=True):
            z = sum(b * xi for b, xi in zip(beta, x, strict=True))
            p = 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))
            for i in range(k):
                gradient[i] += (float(y) - p) * x[i]
                for j in range(k):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, k):
            gradient[i] -= RIDGE * beta[i]
            hessian[i][i] += RIDGE
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return beta


def fit_weights(examples: Sequence[Example]) -> Weights | None:
    """Weights and threshold from ``examples`` (None when they cannot say: one class only)."""
    labels = [e.label for e in examples]
    if not examples or all(labels) or not any(labels):
        return None
    beta = logistic_fit([e.features() for e in examples], labels)
    positive = [max(b, 0.0) for b in beta[1:]]
    total = sum(positive)
    if total <= 0:
        return None
    threshold = min(max(-beta[0] / total, 0.2), 0.8)
    return Weights(
        **{part: round(w / total, 4) for part, w in zip(PARTS, positive, strict=True)},
        threshold=round(threshold, 4),
    )


def figures(examples: Sequence[Example], weights: Weights) -> dict[str, float]:
    """Flag precision and recall over the pairs, and precision@1 over the ideas (the
    best-scored assessed offering of each idea with a positive label is one)."""
    flagged = [e for e in examples if e.flagged(weights)]
    hits = sum(1 for e in flagged if e.label)
    positives = sum(1 for e in examples if e.label)
    groups: dict[str, list[Example]] = {}
    for e in examples:
        groups.setdefault(e.group, []).append(e)
    with_positive = [g for g in groups.values() if any(e.label for e in g)]
    top = sum(1 for g in with_positive if max(g, key=lambda e: e.score(weights)).label)
    return {
        "flag precision": hits / len(flagged) if flagged else 1.0,
        "flag recall": hits / positives if positives else 1.0,
        "precision@1": top / len(with_positive) if with_positive else 1.0,
    }


def not_lower(before: Mapping[str, float], after: Mapping[str, float]) -> bool:
    """Whether no figure of ``after`` is below ``before``."""
    return all(after[key] >= before[key] - 1e-9 for key in before)
