"""Ideas against the landscape: snapshot at submission, similar open ideas, assessments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from backend.cases.models import CaseEvent, OverlapAssessment
from backend.cases.overlap import overlap_check
from backend.cases.services import overlap_assessment_record
from backend.offerings.models import Offering
from tests.factories import move, quarter, submit_idea
from workflows import errors
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def test_submission_stores_the_matching_offering_in_its_snapshot(sprachcafe, coordinator):
    case = submit_idea()
    snapshot = case.overlap_snapshot
    assert snapshot["checked_at"]
    best = snapshot["offerings"][0]
    assert best["offering"]["id"] == sprachcafe.pk
    assert best["offering"]["quarter_name"] == "Borbeck-Mitte"
    assert best["likely_overlap"] is True
    codes = {reason["code"] for reason in best["reasons"]}
    assert {"same_quarter", "shared_topic:sprache", "shared_target_group:familien"} <= codes
    assert snapshot["similar_ideas"] == []


def test_a_second_similar_idea_finds_the_first_but_not_closed_ones(sprachcafe, coordinator):
    first = submit_idea()
    second = submit_idea(association_name="Elternnetz Borbeck")
    ideas = second.overlap_snapshot["similar_ideas"]
    assert [idea["case"]["reference"] for idea in ideas] == [first.reference]
    assert set(ideas[0]["case"]) == {"id", "reference", "title", "quarter", "quarter_name"}
    move(first, "withdraw", Actor.applicant(first))
    check = overlap_check(
        title=second.title,
        description=second.challenge,
        quarter=second.quarter,
        target_groups=second.target_groups,
        topics=second.topics,
        exclude_case_id=second.pk,
    )
    assert check.similar_ideas == []


def test_overlap_check_rejects_invalid_input(essen):
    with pytest.raises(ValueError, match="title"):
        overlap_check(title="  ", quarter=quarter())
    with pytest.raises(ValueError, match="unknown slugs"):
        overlap_check(title="x", quarter=quarter(), topics=["raumfahrt"])


def test_coordinator_assesses_a_match_and_it_appears_in_history(sprachcafe, coordinator):
    case = submit_idea()
    actor = Actor.for_user(coordinator)
    overlap_assessment_record(
        case=case, actor=actor, offering=sprachcafe, verdict="complementary", note="Andere Zeit"
    )
    overlap_assessment_record(case=case, actor=actor, offering=sprachcafe, verdict="duplicate")
    assessment = OverlapAssessment.objects.get(case=case)
    assert assessment.verdict == "duplicate"
    events = CaseEvent.objects.filter(case=case, kind="assessment").order_by("pk")
    assert [e.payload["verdict"] for e in events] == ["complementary", "duplicate"]
    assert events[0].comment == "Andere Zeit"


def test_assessment_refused_for_others_and_bad_input(sprachcafe, coordinator, other_coordinator):
    case = submit_idea()
    for actor in (Actor.for_user(other_coordinator), Actor.applicant(case)):
        with pytest.raises(errors.Forbidden):
            overlap_assessment_record(
                case=case, actor=actor, offering=sprachcafe, verdict="duplicate"
            )
    actor = Actor.for_user(coordinator)
    with pytest.raises(ValidationError):
        overlap_assessment_record(case=case, actor=actor, offering=sprachcafe, verdict="maybe")
    with pytest.raises(ValidationError):
        overlap_assessment_record(case=case, actor=actor, verdict="duplicate")
    with pytest.raises(ValidationError):
        overlap_assessment_record(case=case, actor=actor, other_case=case, verdict="duplicate")
    assert not OverlapAssessment.objects.exists()
    assert not CaseEvent.objects.filter(kind="assessment").exists()


def test_overlap_check_query_count_does_not_grow_with_matches(
    essen, coordinator, django_assert_max_num_queries
):
    for n in range(10):
        Offering.objects.create(
            city=essen,
            title=f"Sprachcafé {n}",
            quarter=quarter("Borbeck-Mitte"),
            topics=["sprache"],
            target_groups=["familien"],
            external_id=f"sc-{n}",
        )
    with django_assert_max_num_queries(8):
        check = overlap_check(
            title="Sprachcafé für Familien",
            quarter=quarter("Borbeck-Mitte"),
            target_groups=["familien"],
            topics=["sprache"],
        )
        snapshot = check.as_snapshot()
    assert len(snapshot["offerings"]) == 10
