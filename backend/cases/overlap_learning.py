"""``manage.py overlap_learn``: fit a city's overlap weights on its coordinators' assessments.

Every assessment of an offering match is a labelled pair (``backend.offerings.learning``).
The assessed ideas are split by case id: four in five to fit on, one in five to evaluate
(held out, so a fit that only remembers its own labels does not pass). The new weights are
stored (``OverlapCalibration``) only if none of the evaluation figures (flag precision, flag
recall, precision@1) is lower than with the weights in use; the report says which.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from backend.areas.models import City
from backend.cases.models import OverlapAssessment
from backend.cases.overlap import idea_description
from backend.offerings import calibration
from backend.offerings.learning import (
    POSITIVE,
    Example,
    examples_for,
    figures,
    fit_weights,
    not_lower,
)
from backend.offerings.models import OverlapCalibration
from backend.offerings.overlap import Weights
from backend.offerings.selectors import OFFERING_FIELDS, offering_probe

#: Below this many labelled pairs a fit says nothing; the command refuses.
MIN_LABELS = 20


@dataclass
class LearnReport:
    city: str
    labels: int
    fit_labels: int
    eval_labels: int
    before: Weights
    after: Weights | None
    figures_before: dict[str, float] = field(default_factory=dict)
    figures_after: dict[str, float] = field(default_factory=dict)
    stored: bool = False
    message: str = ""


def _held_out(case_id: int) -> bool:
    """One in five cases, by a hash of the id (stable across runs)."""
    return hashlib.sha256(str(case_id).encode()).digest()[0] % 5 == 0


def assessment_examples(city: City, weights: Weights) -> tuple[list[Example], list[Example]]:
    """The city's assessed offering matches as labelled examples: (fit, evaluation)."""
    assessments = (
        OverlapAssessment.objects.filter(offering__isnull=False, case__quarter__city=city)
        .select_related("case", "case__quarter")
        .order_by("case_id", "offering_id")
    )
    by_case: dict[int, dict[int, bool]] = {}
    cases = {}
    for assessment in assessments:
        by_case.setdefault(assessment.case_id, {})[assessment.offering_id] = (  # type: ignore[index]
            assessment.verdict in POSITIVE
        )
        cases[assessment.case_id] = assessment.case
    fit: list[Example] = []
    held: list[Example] = []
    for case_id, labels in by_case.items():
        case = cases[case_id]
        probe = offering_probe(
            title=case.title,
            description=idea_description(vars(case)),
            quarter=case.quarter,
            target_groups=case.target_groups,
            topics=case.topics,
            weights=weights,
        )
        examples = examples_for(str(case_id), probe, labels, OFFERING_FIELDS)
        (held if _held_out(case_id) else fit).extend(examples)
    if not held:  # too few cases to hold any out: evaluate on all of them
        held = list(fit)
    return fit, held


def overlap_learn(*, city: City, dry_run: bool = False) -> LearnReport:
    """Fit ``city``'s weights; store them unless a figure on the held-out part goes down."""
    before = calibration.overlap_weights(city.pk)
    fit, held = assessment_examples(city, before)
    report = LearnReport(
        city=city.slug,
        labels=len({(e.group, e.parts) for e in fit + held}),
        fit_labels=len(fit),
        eval_labels=len(held),
        before=before,
        after=None,
    )
    if len(fit) < MIN_LABELS:
        report.message = f"too few assessments to learn from ({len(fit)} < {MIN_LABELS})"
        return report
    after = fit_weights(fit)
    report.after = after
    report.figures_before = figures(held, before)
    if after is None:
        report.message = "the assessments do not separate overlaps from the rest; kept"
        return report
    report.figures_after = figures(held, after)
    if not not_lower(report.figures_before, report.figures_after):
        report.message = "a figure would go down on the held-out assessments; kept the old weights"
        return report
    if dry_run:
        report.message = "dry run: not stored"
        return report
    with transaction.atomic():
        OverlapCalibration.objects.update_or_create(
            city=city,
            defaults={
                **after.as_dict(),
                "labels": len(fit) + len(held),
                "report": {
                    "before": before.as_dict(),
                    "figures_before": report.figures_before,
                    "figures_after": report.figures_after,
                    "fit_labels": len(fit),
                    "eval_labels": len(held),
                },
            },
        )
    calibration.clear_cache()
    report.stored = True
    report.message = "stored"
    return report
