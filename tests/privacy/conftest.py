from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from backend.cases.services import advice_session_record
from backend.documents.services import document_upload
from tests import clock
from tests.documents.files import PDF
from tests.factories import (
    approve_data,
    complete_plan,
    move,
    report_data,
    submit_idea,
    to_period_end,
)
from workflows.actors import Actor


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def closed_case(coordinator, program, time_machine):
    actor = Actor.for_user(coordinator)
    case = move(submit_idea(), "start_advice", actor, {"comment": "Frau Demir angerufen"})
    advice_session_record(
        case=case,
        actor=actor,
        held_on=clock.today(),
        place="Büro Ayşe Demir",
        notes="Frau Demir bringt ihre Nachbarin mit.",
        next_steps="",
    )
    document_upload(
        case=case,
        actor=actor,
        category="sonstiges",
        name="protokoll-demir.pdf",
        stream=io.BytesIO(PDF),
        size=len(PDF),
    )
    complete_plan(case, actor, program, requested="1000")
    move(case, "submit_application", actor)
    move(case, "approve", actor, approve_data("1000"))
    to_period_end(time_machine, case)
    move(case, "submit_report", actor, report_data(case, ["100", "100"]))
    return move(case, "accept_report", actor)
