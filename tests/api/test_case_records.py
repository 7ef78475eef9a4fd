"""Records of a case through the API: advice sessions, financing plan, change requests,
decision and report. Writes go through the services; refusals change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.cases.models import AdviceSession, Case, CaseEvent, ChangeRequest, FinancingPlan
from tests.api.conftest import assert_problem
from tests.factories import (
    approve_data,
    complete_plan,
    move,
    report_data,
    submit_idea,
    to_period_end,
)
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(coordinator):
    return Actor.for_user(coordinator)


@pytest.fixture
def advice_case(coordinator, actor):
    return move(submit_idea(), "start_advice", actor)


def plan_body(program, requested="2700"):
    start = timezone.localdate() + timedelta(days=30)
    return {
        "program": program.pk,
        "financing_type": "fehlbedarf",
        "own_share": "300.00",
        "third_party": "0",
        "requested_amount": requested,
        "funding_start": start.isoformat(),
        "funding_end": (start + timedelta(days=170)).isoformat(),
        "lines": [
            {"label": "Honorare", "amount": requested},
            {"label": "Material", "amount": "300"},
        ],
    }


def test_record_advice_session_and_list_it(api, advice_case, coordinator):
    url = f"/api/v1/cases/{advice_case.pk}/advice-sessions/"
    held_on = (timezone.localdate() - timedelta(days=3)).isoformat()
    body = {"held_on": held_on, "place": "Stadtteilbüro", "notes": "Plan besprochen"}
    response = api.post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response["ETag"] == f'"{advice_case.version + 1}"'
    assert response.json()["recorded_by"]["id"] == coordinator.pk
    listed = api.get(url).json()
    assert [s["place"] for s in listed] == ["Stadtteilbüro"]


@pytest.mark.parametrize("days", [1, -400, -365 * 1000])
def test_advice_session_date_in_the_future_or_long_before_the_idea_is_400(api, advice_case, days):
    held_on = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = api.post(
        f"/api/v1/cases/{advice_case.pk}/advice-sessions/",
        {"held_on": held_on, "place": "Büro", "notes": "x"},
        format="json",
    )
    body = assert_problem(response, 400, "validation")
    assert "und heute angeben" in body["errors"]["held_on"][0]
    assert not AdviceSession.objects.exists()


def test_advice_session_requires_its_fields(api, advice_case):
    response = api.post(
        f"/api/v1/cases/{advice_case.pk}/advice-sessions/", {"held_on": "gestern"}, format="json"
    )
    body = assert_problem(response, 400, "validation")
    assert set(body["errors"]) == {"held_on", "place", "notes"}
    assert not AdviceSession.objects.exists()


def test_put_financing_plan_then_read_it(api, advice_case, program):
    url = f"/api/v1/cases/{advice_case.pk}/financing-plan/"
    assert_problem(api.get(url), 404, "not-found")
    response = api.put(url, plan_body(program), format="json")
    assert response.status_code == 200, response.content
    plan = api.get(url).json()
    assert plan["total_cost"] == "3000.00"
    assert [line["label"] for line in plan["lines"]] == ["Honorare", "Material"]


def test_financing_plan_with_stale_if_match_is_412(api, advice_case, program):
    url = f"/api/v1/cases/{advice_case.pk}/financing-plan/"
    response = api.put(url, plan_body(program), format="json", HTTP_IF_MATCH='"1"')
    assert_problem(response, 412, "precondition-failed")
    assert not FinancingPlan.objects.exists()


def test_financing_plan_outside_advice_is_409_with_state(api, coordinator, program):
    case = submit_idea()
    response = api.put(
        f"/api/v1/cases/{case.pk}/financing-plan/", plan_body(program), format="json"
    )
    body = assert_problem(response, 409, "transition-not-allowed")
    assert body["state"] == "idea"


def test_financing_plan_rejects_bad_lines_and_period(api, advice_case, program):
    body = plan_body(program)
    body["lines"] = [{"label": "", "amount": "-1"}]
    body["funding_end"] = "2000-01-01"
    response = api.put(f"/api/v1/cases/{advice_case.pk}/financing-plan/", body, format="json")
    errors = assert_problem(response, 400, "validation")["errors"]
    assert {"lines.0.label", "lines.0.amount"} <= set(errors)


def test_answer_change_request(api, advice_case, actor, program):
    complete_plan(advice_case, actor, program)
    move(advice_case, "submit_application", actor)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    move(
        advice_case,
        "request_changes",
        actor,
        {"message": "Bitte Kostenplan erläutern", "due_on": due},
    )
    change = ChangeRequest.objects.get(case=advice_case)
    listed = api.get(f"/api/v1/cases/{advice_case.pk}/change-requests/").json()
    assert listed[0]["message"] == "Bitte Kostenplan erläutern"
    url = f"/api/v1/cases/{advice_case.pk}/change-requests/{change.pk}/answer/"
    response = api.post(url, {"response": "Erläuterung anbei"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["response"] == "Erläuterung anbei"
    assert_problem(
        api.post(
            f"/api/v1/cases/{advice_case.pk}/change-requests/999999/answer/",
            {"response": "x"},
            format="json",
        ),
        404,
        "not-found",
    )


def test_decision_and_report_appear_when_made(api, advice_case, actor, program, time_machine):
    assert_problem(api.get(f"/api/v1/cases/{advice_case.pk}/decision/"), 404, "not-found")
    complete_plan(advice_case, actor, program)
    move(advice_case, "submit_application", actor)
    move(advice_case, "approve", actor, approve_data())
    decision = api.get(f"/api/v1/cases/{advice_case.pk}/decision/")
    assert decision.json()["amount"] == "2700.00"
    assert decision["ETag"] == f'"{Case.objects.get(pk=advice_case.pk).version}"'
    assert_problem(api.get(f"/api/v1/cases/{advice_case.pk}/report/"), 404, "not-found")
    to_period_end(time_machine, advice_case)
    move(advice_case, "submit_report", actor, report_data(advice_case, ["100", "100"]))
    report = api.get(f"/api/v1/cases/{advice_case.pk}/report/").json()
    assert report["spent_total"] == "200.00"
    assert CaseEvent.objects.filter(case=advice_case, transition="submit_report").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (999999, "Es gibt kein Förderprogramm mit der Nummer 999999."),
        ("abc", "Bitte geben Sie die Nummer eines Förderprogramms an."),
    ],
)
def test_financing_plan_with_unknown_program_says_so(api, advice_case, program, value, message):
    body = plan_body(program)
    body["program"] = value
    response = api.put(f"/api/v1/cases/{advice_case.pk}/financing-plan/", body, format="json")
    errors = assert_problem(response, 400, "validation")["errors"]
    assert errors["program"] == [message]
    assert not FinancingPlan.objects.exists()
