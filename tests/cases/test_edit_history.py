"""Edits keep what was there before: the audit event of a correction holds old and new values
(issue #18: a corrected idea text was lost, only the field names were kept)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.cases.models import CaseEvent
from backend.cases.services import case_idea_update, financing_plan_save
from tests.factories import move

pytestmark = pytest.mark.django_db


def test_an_idea_correction_records_the_old_and_the_new_text(advice_case, actor):
    original = advice_case.title
    case_idea_update(
        case=advice_case,
        actor=actor,
        changes={
            "title": "Sprachcafé für Großeltern im Stadtteil",
            "challenge": advice_case.challenge,
        },
    )
    event = CaseEvent.objects.filter(case=advice_case).latest("id")
    assert event.payload["fields"] == ["title"]  # unchanged fields are not listed
    assert event.payload["changes"] == {
        "title": {"old": original, "new": "Sprachcafé für Großeltern im Stadtteil"}
    }


def test_a_correction_of_tags_and_cost_keeps_json_values(advice_case, actor):
    before_topics = list(advice_case.topics)
    before_cost = advice_case.estimated_cost
    case_idea_update(
        case=advice_case,
        actor=actor,
        changes={"topics": ["sprache"], "estimated_cost": Decimal("1234.50")},
    )
    changes = CaseEvent.objects.filter(case=advice_case).latest("id").payload["changes"]
    assert changes["topics"] == {"old": before_topics, "new": ["sprache"]}
    assert changes["estimated_cost"] == {
        "old": None if before_cost is None else str(before_cost),
        "new": "1234.50",
    }


def _plan(case, actor, program, lines, requested):
    return financing_plan_save(
        case=case,
        actor=actor,
        program=program,
        financing_type="fehlbedarf",
        own_share=Decimal("0"),
        third_party=Decimal("0"),
        requested_amount=Decimal(requested),
        funding_start=None,
        funding_end=None,
        lines=lines,
    )


def test_saving_a_plan_again_keeps_the_replaced_lines_in_the_history(advice_case, actor, program):
    _plan(advice_case, actor, program, [{"label": "Miete", "amount": Decimal("500")}], "500")
    first = CaseEvent.objects.filter(case=advice_case).latest("id").payload
    assert first["before"] is None
    assert first["after"]["lines"] == [{"label": "Miete", "amount": "500.00"}]

    _plan(advice_case, actor, program, [{"label": "Honorare", "amount": Decimal("800")}], "800")
    second = CaseEvent.objects.filter(case=advice_case).latest("id").payload
    assert second["before"]["lines"] == [{"label": "Miete", "amount": "500.00"}]
    assert second["before"]["requested_amount"] == "500.00"
    assert second["after"]["lines"] == [{"label": "Honorare", "amount": "800.00"}]
    assert second["after"]["program"] == program.pk


def test_a_refused_correction_records_nothing(idea_case, actor):
    move(idea_case, "withdraw", actor)
    count = CaseEvent.objects.filter(case=idea_case).count()
    with pytest.raises(Exception, match=r"(?i)nicht|not"):
        case_idea_update(case=idea_case, actor=actor, changes={"title": "Neu"})
    assert CaseEvent.objects.filter(case=idea_case).count() == count
