"""Cases: visibility, filters, ordering, cursor pagination, detail with ETag, corrections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.cases.models import Case, CaseEvent
from tests.api.conftest import assert_problem
from tests.factories import complete_plan, move, submit_idea
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def cases(coordinator, other_coordinator, program):
    """Two cases in district IV (idea; advice with a plan), one in district III."""
    actor = Actor.for_user(coordinator)
    idea = submit_idea(idea={"title": "Sprachcafé", "topics": ["sprache"]})
    advice = move(
        submit_idea(
            idea={
                "title": "Fußball für alle",
                "target_groups": ["jugendliche"],
                "topics": ["sport"],
            }
        ),
        "start_advice",
        actor,
    )
    complete_plan(advice, actor, program)
    other = submit_idea("Frohnhausen", idea={"title": "Nähcafé"})
    return {"idea": idea, "advice": advice, "other": other}


def test_coordinator_lists_only_cases_of_their_districts(api, cases):
    assert set(ids(api.get("/api/v1/cases/"))) == {cases["idea"].pk, cases["advice"].pk}


def test_central_office_lists_all_cases(central_api, cases):
    assert set(ids(central_api.get("/api/v1/cases/"))) == {c.pk for c in cases.values()}


def test_case_of_another_district_is_not_found_for_reads_and_writes(api, cases):
    other = cases["other"]
    assert_problem(api.get(f"/api/v1/cases/{other.pk}/"), 404, "not-found")
    assert_problem(api.get(f"/api/v1/cases/{other.pk}/history/"), 404, "not-found")
    response = api.post(f"/api/v1/cases/{other.pk}/transitions/start_advice/", {}, format="json")
    assert_problem(response, 404, "not-found")
    assert Case.objects.get(pk=other.pk).state == "idea"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=idea", {"idea", "other"}),
        ("state=advice", {"advice"}),
        ("state=idea&state=advice", {"idea", "advice", "other"}),
        ("topic=sport", {"advice"}),
        ("target_group=jugendliche", {"advice"}),
        ("q=fußball", {"advice"}),
        ("q=FUSSBALL", {"advice"}),  # unaccent folds ß to ss, case does not matter
        ("q=IV-", {"idea", "advice"}),
        ("created_before=2000-01-01", set()),
    ],
)
def test_case_filters(central_api, cases, query, expected):
    found = set(ids(central_api.get(f"/api/v1/cases/?{query}")))
    assert found == {cases[name].pk for name in expected}


def test_case_filters_by_area_coordinator_program_and_dates(
    central_api, cases, coordinator, program
):
    idea, advice, other = cases["idea"], cases["advice"], cases["other"]
    today = timezone.localdate()
    assert set(ids(central_api.get(f"/api/v1/cases/?district={other.quarter.parent_id}"))) == {
        other.pk
    }
    assert set(ids(central_api.get(f"/api/v1/cases/?quarter={idea.quarter_id}"))) == {
        idea.pk,
        advice.pk,
    }
    assert set(ids(central_api.get(f"/api/v1/cases/?coordinator={coordinator.pk}"))) == {
        idea.pk,
        advice.pk,
    }
    assert ids(central_api.get(f"/api/v1/cases/?program={program.pk}")) == []
    assert (
        len(ids(central_api.get(f"/api/v1/cases/?created_after={today}&created_before={today}")))
        == 3
    )
    tomorrow = today + timedelta(days=1)
    assert ids(central_api.get(f"/api/v1/cases/?created_after={tomorrow}")) == []


def test_case_list_orders_and_pages_with_a_cursor(central_api, cases):
    first = central_api.get("/api/v1/cases/?ordering=reference&page_size=2").json()
    assert len(first["results"]) == 2
    second = central_api.get(first["next"]).json()
    references = [c["reference"] for c in first["results"] + second["results"]]
    assert references == sorted(references)
    assert len(references) == 3
    assert second["next"] is None


@pytest.mark.parametrize(
    "query",
    [
        "state=unknown",
        "district=abc",
        "district=0",
        "district=99999999999999999999999",
        "created_after=2026-02-31",
        "created_after=",
        "topic=",
        "cursor=bm90LWEtY3Vyc29y",
        "cursor=%00",
        "page_size=0",
        "page_size=1000",
        "ordering=password",
        "q=%00",
    ],
)
def test_bad_list_parameters_are_400_problems(api, cases, query):
    assert_problem(
        api.get(f"/api/v1/cases/?{query}"),
        400,
        "invalid-cursor" if query.startswith("cursor") else "validation",
    )


def test_forged_cursor_position_is_400_not_500(api, cases):
    import base64

    forged = base64.b64encode(b"p=not-a-date&o=0").decode()
    assert_problem(api.get(f"/api/v1/cases/?cursor={forged}"), 400, "invalid-cursor")


def test_case_detail_carries_its_version_as_etag(api, cases):
    case = cases["idea"]
    response = api.get(f"/api/v1/cases/{case.pk}/")
    assert response["ETag"] == f'"{case.version}"'
    body = response.json()
    assert body["reference"] == case.reference
    assert body["state"] == "idea"
    assert body["state_label"] == "Idee eingereicht"
    assert body["contact"]["email"] == "ayse@example.org"


def test_huge_case_id_is_404_not_500(api):
    assert_problem(api.get("/api/v1/cases/99999999999999999999999/"), 404, "not-found")


def test_patch_corrects_the_idea_with_if_match_and_records_it(api, cases):
    case = cases["idea"]
    etag = api.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    response = api.patch(
        f"/api/v1/cases/{case.pk}/",
        {"title": "Sprachcafé für Eltern und Kinder"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Sprachcafé für Eltern und Kinder"
    assert response["ETag"] == f'"{case.version + 1}"'
    event = CaseEvent.objects.filter(case=case).last()
    assert event.payload == {
        "fields": ["title"],
        "changes": {"title": {"old": case.title, "new": "Sprachcafé für Eltern und Kinder"}},
    }


def test_patch_with_stale_etag_is_412_and_changes_nothing(api, cases):
    case = cases["idea"]
    response = api.patch(
        f"/api/v1/cases/{case.pk}/", {"title": "Anders"}, format="json", HTTP_IF_MATCH='"999"'
    )
    body = assert_problem(response, 412, "precondition-failed")
    assert body["version"] == case.version
    assert Case.objects.get(pk=case.pk).title == "Sprachcafé"


def test_patch_validates_types_and_enums(api, cases):
    case = cases["idea"]
    response = api.patch(
        f"/api/v1/cases/{case.pk}/", {"topics": ["fliegen"], "title": 5 * "x" * 100}, format="json"
    )
    body = assert_problem(response, 400, "validation")
    assert set(body["errors"]) == {"topics.0", "title"}


def test_history_lists_events_oldest_first(api, cases):
    case = cases["advice"]
    events = api.get(f"/api/v1/cases/{case.pk}/history/").json()["results"]
    assert [e["kind"] for e in events] == ["created", "transition", "record"]
    assert events[1]["transition"] == "start_advice"
    assert events[1]["to_state"] == "advice"


def test_reassign_only_by_central_office(api, central_api, cases, deputy):
    case = cases["idea"]
    response = api.post(f"/api/v1/cases/{case.pk}/reassign/", {"to_user": deputy.pk}, format="json")
    assert_problem(response, 403, "permission-denied")
    response = central_api.post(
        f"/api/v1/cases/{case.pk}/reassign/",
        {"to_user": deputy.pk, "comment": "Urlaub"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["assigned_to"]["id"] == deputy.pk
    assert CaseEvent.objects.filter(case=case, kind="reassigned").exists()


def test_reassign_to_another_districts_coordinator_is_400(central_api, cases, other_coordinator):
    case = cases["idea"]
    response = central_api.post(
        f"/api/v1/cases/{case.pk}/reassign/", {"to_user": other_coordinator.pk}, format="json"
    )
    body = assert_problem(response, 400, "validation")
    assert "koordiniert den Stadtbezirk des Falls nicht" in body["errors"]["to_user"][0]
    assert not CaseEvent.objects.filter(case=case, kind="reassigned").exists()


def test_reassign_to_unknown_user_is_400(central_api, cases):
    response = central_api.post(
        f"/api/v1/cases/{cases['idea'].pk}/reassign/", {"to_user": 10**9}, format="json"
    )
    assert_problem(response, 400, "validation")


def test_reference_resources(api, cases, program):
    areas = api.get("/api/v1/areas/?kind=district&name=borbeck").json()
    assert [a["code"] for a in areas["results"]] == ["IV"]
    district = areas["results"][0]["id"]
    quarters = api.get(f"/api/v1/areas/?parent={district}").json()["results"]
    assert "Borbeck-Mitte" in {q["name"] for q in quarters}
    programs = api.get("/api/v1/programs/?active=true").json()["results"]
    assert programs[0]["budgets"][0]["remaining"] == "10000.00"
    assert api.get("/api/v1/associations/?name=kulturbr").json()["count"] == 1
    assert api.get("/api/v1/offerings/").json()["count"] == 0
    assert api.get(f"/api/v1/programs/{program.pk}/").json()["name"] == program.name
