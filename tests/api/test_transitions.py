"""Transitions through the API: the same service and rules as the workspace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from backend.cases.models import Case, CaseEvent
from backend.programs.models import ProgramBudget
from tests.api.conftest import assert_problem
from tests.factories import approve_data, complete_plan, move, submit_idea
from workflows.actors import Actor
from workflows.registry import transition_names

pytestmark = pytest.mark.django_db


def url(case, name=""):
    return f"/api/v1/cases/{case.pk}/transitions/{name + '/' if name else ''}"


def unchanged(case):
    fresh = Case.objects.get(pk=case.pk)
    return (fresh.state, fresh.version, CaseEvent.objects.filter(case=case).count())


@pytest.fixture
def actor(coordinator):
    return Actor.for_user(coordinator)


def test_list_shows_allowed_steps_with_fields_and_etag(api, coordinator):
    case = submit_idea()
    response = api.get(url(case))
    assert response["ETag"] == '"1"'
    steps = {s["name"]: s for s in response.json()}
    assert set(steps) == {"start_advice", "refer", "withdraw"}
    refer_fields = {f["name"]: f for f in steps["refer"]["fields"]}
    assert refer_fields["referral_kind"]["required"] is True
    assert refer_fields["referral_kind"]["type"] == "choice"
    assert {c["value"] for c in refer_fields["referral_kind"]["choices"]} == {
        "offering",
        "other_funder",
        "not_eligible",
    }
    assert steps["start_advice"]["target"] == "advice"


def test_list_shows_failing_guards(api, coordinator, actor):
    case = move(submit_idea(), "start_advice", actor)
    steps = {s["name"]: s for s in api.get(url(case)).json()}
    codes = [g["code"] for g in steps["submit_application"]["failing_guards"]]
    assert codes[:3] == ["plan_has_program", "plan_has_lines", "plan_has_period"]


def test_every_transition_has_its_own_url(api, coordinator):
    case = submit_idea()
    for name in transition_names():
        assert api.post(url(case, name), {}, format="json").status_code != 404


def test_unknown_transition_is_404(api, coordinator):
    assert_problem(api.post(url(submit_idea(), "fly"), {}, format="json"), 404, "not-found")


def test_start_advice_moves_the_case_and_returns_it_with_new_etag(api, coordinator):
    case = submit_idea()
    response = api.post(
        url(case, "start_advice"),
        {"comment": "Termin am Montag"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "advice"
    assert response["ETag"] == '"2"'
    event = CaseEvent.objects.get(case=case, kind="transition")
    assert (event.transition, event.comment) == ("start_advice", "Termin am Montag")


def test_transition_in_wrong_state_is_409_with_state_and_changes_nothing(api, coordinator, actor):
    case = move(submit_idea(), "start_advice", actor)
    before = unchanged(case)
    body = assert_problem(
        api.post(url(case, "start_advice"), {}, format="json"), 409, "transition-not-allowed"
    )
    assert body["state"] == "advice"
    assert unchanged(case) == before


def test_guard_failure_is_409_with_guards(api, coordinator, actor):
    case = move(submit_idea(), "start_advice", actor)
    before = unchanged(case)
    body = assert_problem(
        api.post(url(case, "submit_application"), {}, format="json"), 409, "guard-failed"
    )
    assert body["state"] == "advice"
    assert "plan_has_program" in [g["code"] for g in body["guards"]]
    assert unchanged(case) == before


def test_invalid_payload_is_400_with_field_errors(api, coordinator):
    case = submit_idea()
    before = unchanged(case)
    response = api.post(
        url(case, "refer"), {"referral_kind": "offering", "reason": "Gibt es schon"}, format="json"
    )
    body = assert_problem(response, 400, "validation")
    assert "offering" in body["errors"]
    response = api.post(url(case, "refer"), {"referral_kind": "mars"}, format="json")
    assert set(assert_problem(response, 400, "validation")["errors"]) == {"referral_kind", "reason"}
    assert unchanged(case) == before


def test_stale_if_match_is_412_and_changes_nothing(api, coordinator):
    case = submit_idea()
    before = unchanged(case)
    body = assert_problem(
        api.post(url(case, "start_advice"), {}, format="json", HTTP_IF_MATCH='"7"'),
        412,
        "precondition-failed",
    )
    assert body["state"] == "idea"
    assert body["version"] == 1
    assert unchanged(case) == before


def test_weak_or_malformed_if_match_never_matches(api, coordinator):
    case = submit_idea()
    before = unchanged(case)
    for header in ('W/"1"', "1", '"abc"', '"1" "2"'):
        response = api.post(url(case, "start_advice"), {}, format="json", HTTP_IF_MATCH=header)
        assert_problem(response, 412, "precondition-failed")
    assert unchanged(case) == before
    assert (
        api.post(url(case, "start_advice"), {}, format="json", HTTP_IF_MATCH='"0", "1"').status_code
        == 200
    )


def test_approve_over_budget_is_409_and_commits_nothing(api, coordinator, actor, program):
    case = move(submit_idea(), "start_advice", actor)
    complete_plan(case, actor, program)
    ProgramBudget.objects.filter(program=program).update(amount="1000")
    move(case, "submit_application", actor)
    before = unchanged(case)
    response = api.post(url(case, "approve"), approve_data(), format="json")
    assert_problem(response, 409, "guard-failed")
    assert unchanged(case) == before
    assert ProgramBudget.objects.aggregate(total=Sum("committed"))["total"] == 0


def test_whole_lifecycle_through_the_api(api, coordinator, program, time_machine):
    case = submit_idea()
    assert api.post(url(case, "start_advice"), {}, format="json").status_code == 200
    start = timezone.localdate() + timedelta(days=30)
    plan = {
        "program": program.pk,
        "financing_type": "fehlbedarf",
        "own_share": "300",
        "third_party": "0",
        "requested_amount": "2700",
        "funding_start": start.isoformat(),
        "funding_end": (start + timedelta(days=170)).isoformat(),
        "lines": [{"label": "Honorare", "amount": "2700"}, {"label": "Material", "amount": "300"}],
    }
    assert (
        api.put(f"/api/v1/cases/{case.pk}/financing-plan/", plan, format="json").status_code == 200
    )
    assert api.post(url(case, "submit_application"), {}, format="json").status_code == 200
    assert api.post(url(case, "approve"), approve_data(), format="json").status_code == 200
    from tests.factories import pay_out, repayment_account, report_data, to_period_end

    pay_out(case, Actor.for_user(coordinator), "2700")
    to_period_end(time_machine, case)
    report = report_data(case, ["1700", "300"])
    assert api.post(url(case, "submit_report"), report, format="json").status_code == 200
    repayment_account()
    response = api.post(url(case, "demand_repayment"), {}, format="json")
    assert response.json()["state"] == "repayment"
    # Fehlbedarf: 2000 spent minus the own share of 300 is what the grant covers; 1000 back.
    assert api.get(f"/api/v1/cases/{case.pk}/decision/").json()["repayment_amount"] == "1000.00"
    received = {"received_on": timezone.localdate().isoformat(), "received_amount": "1000"}
    response = api.post(url(case, "confirm_repayment"), received, format="json")
    assert response.json()["state"] == "closed"
    transitions = [
        e["transition"]
        for e in api.get(f"/api/v1/cases/{case.pk}/history/").json()["results"]
        if e["transition"]
    ]
    assert transitions == [
        "start_advice",
        "submit_application",
        "approve",
        "submit_report",
        "demand_repayment",
        "confirm_repayment",
    ]
