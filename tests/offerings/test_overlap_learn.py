"""``manage.py overlap_learn``: weights fitted on coordinators' assessments (issue #23)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from backend.cases.models import OverlapAssessment
from backend.cases.overlap_learning import overlap_learn
from backend.offerings import calibration
from backend.offerings.learning import Example, figures, fit_weights, logistic_fit, not_lower
from backend.offerings.models import OverlapCalibration
from backend.offerings.overlap import DEFAULT_WEIGHTS, Weights
from tests.factories import submit_idea
from tests.offerings.factories import OfferingFactory
from tests.offerings.test_overlap_lookalikes import quarter

KINDS = {
    "sprache": ("Sprachcafé", "Deutsch sprechen mit Neuzugewanderten.", ["neuzugewanderte"]),
    "hausaufgaben": (
        "Hausaufgabenhilfe",
        "Hilfe bei Hausaufgaben für Grundschulkinder.",
        ["kinder"],
    ),
    "senioren": ("Seniorentreff", "Kaffee und Kuchen für ältere Menschen.", ["senioren"]),
    "jugend": ("Jugendtreff", "Offene Tür mit Kicker für Jugendliche.", ["jugendliche"]),
}
IDEAS = {
    "sprache": "Deutsch-Treff für Zugewanderte",
    "hausaufgaben": "Lernhilfe für Kinder nach der Schule",
    "senioren": "Kaffeenachmittag für Rentner",
    "jugend": "Offener Treff für Teenager",
}


@pytest.fixture
def assessed(essen, coordinator):
    """Offerings of four kinds in three quarters of district IV and ideas of each kind,
    every match assessed: "overlapping" for the same kind, "unrelated" otherwise."""
    offerings = []
    for kind, (title, description, groups) in KINDS.items():
        for where in ("Borbeck-Mitte", "Dellwig", "Frintrop"):
            offerings.append(
                (
                    kind,
                    OfferingFactory(
                        quarter=quarter(where),
                        title=title,
                        description=description,
                        target_groups=groups,
                        topics=[],
                    ),
                )
            )
    for round_ in range(3):
        for kind, title in IDEAS.items():
            case = submit_idea(
                "Bochold",
                idea={
                    "title": f"{title} {round_}",
                    "target_groups": ["alle"],
                    "topics": ["begegnung"],
                },
            )
            for offering_kind, offering in offerings:
                OverlapAssessment.objects.create(
                    case=case,
                    offering=offering,
                    verdict="overlapping" if offering_kind == kind else "unrelated",
                    assessed_by=coordinator,
                )
    calibration.clear_cache()
    return offerings


def test_learn_reports_before_and_after_and_never_lowers_the_figures(assessed, essen):
    report = overlap_learn(city=essen)
    assert report.fit_labels >= 20
    assert report.eval_labels > 0
    assert report.after is not None
    assert report.figures_before
    assert report.figures_after
    assert not_lower(report.figures_before, report.figures_after)
    assert report.stored
    row = OverlapCalibration.objects.get(city=essen)
    assert row.threshold == report.after.threshold
    assert abs(row.text + row.topics + row.groups + row.activity - 1.0) < 1e-3
    assert calibration.overlap_weights(essen.pk).threshold == row.threshold
    assert row.report["figures_after"] == report.figures_after


def test_learn_command_prints_the_figures(assessed):
    out = io.StringIO()
    call_command("overlap_learn", "--city", "essen", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "weights before:" in text
    assert "weights after:" in text
    assert "flag precision" in text
    assert "precision@1" in text
    assert "dry run: not stored" in text
    assert not OverlapCalibration.objects.exists()


def test_too_few_assessments_store_nothing(essen):
    report = overlap_learn(city=essen)
    assert not report.stored
    assert "too few" in report.message
    assert not OverlapCalibration.objects.exists()


def test_unknown_city_is_refused(db):
    with pytest.raises(CommandError, match="unknown city"):
        call_command("overlap_learn", "--city", "atlantis", stdout=io.StringIO())


def test_a_fit_that_lowers_a_figure_is_not_used():
    good = [
        Example("a", 1.0, 1.0, (0.9, 1.0, 1.0, 1.0), True, True),
        Example("a", 1.0, 1.0, (0.1, 0.0, 0.0, 0.0), True, False),
    ]
    worse = Weights(text=1.0, topics=0.0, groups=0.0, activity=0.0, threshold=0.95)
    before, after = figures(good, DEFAULT_WEIGHTS), figures(good, worse)
    assert after["flag recall"] < before["flag recall"]
    assert not not_lower(before, after)


def test_logistic_fit_separates_and_one_class_gives_nothing():
    rows = [[x / 10] for x in range(10)]
    beta = logistic_fit(rows, [x >= 5 for x in range(10)])
    assert beta[1] > 0
    assert -beta[0] / beta[1] == pytest.approx(0.45, abs=0.1)
    same = [Example("a", 1.0, 1.0, (0.5, 0.5, 0.5, 0.5), True, True)] * 3
    assert fit_weights(same) is None
