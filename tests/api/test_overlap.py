"""Issue #6 in the API: the public overlap check, the snapshot on the case, the coordinator's
assessments."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from backend.cases.models import Case, CaseEvent, OverlapAssessment
from backend.offerings.models import Offering
from tests.api.conftest import assert_problem, token_client
from tests.factories import quarter, submit_idea
from tests.intake.helpers import case_with_token, similar_offering

pytestmark = pytest.mark.django_db
URL = "/api/v1/overlap-checks/"


def check_body(**overrides):
    body = {
        "title": "Sprachcafé für Eltern",
        "description": "Eltern lernen Deutsch beim Kaffee, mit Kinderbetreuung.",
        "quarter": quarter("Borbeck-Mitte").pk,
        "target_groups": ["familien"],
        "topics": ["sprache"],
    }
    body.update(overrides)
    return body


def test_check_finds_the_offering_next_door_with_reasons(anon, essen):
    offering = similar_offering()
    similar_offering("Altendorf", external_id="far", title="Sprachcafé Altendorf")

    response = anon.post(URL, check_body(), format="json")

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    best = results[0]
    assert best["offering"]["id"] == offering.pk
    assert best["offering"]["external_id"] == "test-elterncafe"
    assert best["offering"]["quarter"] == offering.quarter_id
    assert best["offering"]["provider"] == "Familienzentrum Borbeck"
    assert 0 <= best["score"] <= 1
    assert {"code": "same_quarter", "text": "Im selben Stadtteil."} in best["reasons"]
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_check_is_the_engine_the_form_uses(anon, essen):
    """Same input, same answer as backend.cases.overlap.overlap_check."""
    from backend.cases.overlap import offering_match_dict, overlap_check

    similar_offering()
    body = check_body()
    expected = overlap_check(
        title=body["title"],
        description=body["description"],
        quarter=quarter("Borbeck-Mitte"),
        target_groups=body["target_groups"],
        topics=body["topics"],
    )

    results = anon.post(URL, body, format="json").json()["results"]

    assert results == [offering_match_dict(m) for m in expected.offerings]


def test_check_answers_at_most_ten_best_first(anon, essen):
    for i in range(14):
        similar_offering(external_id=f"o{i}", title=f"Sprachcafé {i}")

    results = anon.post(URL, check_body(), format="json").json()["results"]

    assert len(results) == 10


def test_check_lists_similar_open_ideas_without_who(anon, coordinator):
    case_with_token(title="Sprachcafé im Stadtteil", email="other@example.org")

    body = anon.post(URL, check_body(), format="json").json()

    [idea] = body["similar_ideas"]
    assert idea["case"] == {
        "title": "Sprachcafé im Stadtteil",
        "quarter": quarter("Borbeck-Mitte").pk,
        "quarter_name": "Borbeck-Mitte",
    }
    assert "other@example.org" not in str(body)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 12001}, "description"),
        ({"topics": ["fliegen"]}, "topics.0"),
        ({"target_groups": ["aliens"]}, "target_groups.0"),
        ({"quarter": 999999}, "quarter"),
        ({"quarter": "Borbeck"}, "quarter"),
        ({"quarter": None}, "quarter"),
        ({"quarter": 2**70}, "quarter"),
    ],
)
def test_bad_check_input_is_400_never_500(anon, essen, overrides, field):
    response = anon.post(URL, check_body(**overrides), format="json")

    errors = assert_problem(response, 400, "validation")["errors"]
    assert field in errors, errors


def test_check_refuses_a_district_instead_of_a_quarter(anon, essen):
    district = quarter("Borbeck-Mitte").parent

    response = anon.post(URL, check_body(quarter=district.pk), format="json")

    assert assert_problem(response, 400, "validation")["errors"]["quarter"] == [
        "Bitte wählen Sie den Stadtteil aus der Liste."
    ]


def test_check_is_rate_limited_per_address(anon, essen):
    cache.clear()
    rates = {
        "user": "1000/min",
        "ideas": "1000/min",
        "idea_status": "1000/min",
        "overlap_checks": "2/min",
    }
    with override_settings(API_THROTTLE_RATES=rates):
        for _ in range(2):
            assert anon.post(URL, check_body(), format="json").status_code == 200
        response = anon.post(URL, check_body(), format="json")
    body = assert_problem(response, 429, "throttled")
    assert response["Retry-After"] == str(body["retry_after"])
    cache.clear()


def test_case_detail_shows_the_stored_snapshot(api, coordinator):
    similar_offering()
    case = submit_idea()

    body = api.get(f"/api/v1/cases/{case.pk}/").json()

    snapshot = body["overlap_snapshot"]
    assert snapshot["checked_at"]
    assert snapshot["offerings"][0]["offering"]["title"] == "Elterncafé mit Sprachförderung"
    assert snapshot == Case.objects.get(pk=case.pk).overlap_snapshot


def test_case_without_snapshot_shows_null(api, coordinator):
    case = submit_idea()
    Case.objects.filter(pk=case.pk).update(overlap_snapshot={})

    assert api.get(f"/api/v1/cases/{case.pk}/").json()["overlap_snapshot"] is None


# --- assessments -------------------------------------------------------------------------


def assess_url(case):
    return f"/api/v1/cases/{case.pk}/assessments/"


def test_coordinator_assesses_an_offering_and_it_lands_in_the_history(api, coordinator):
    offering = similar_offering()
    case = submit_idea()
    version = case.version

    response = api.post(
        assess_url(case),
        {"offering": offering.pk, "verdict": "complementary", "note": "Andere Uhrzeit."},
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["offering"] == {"id": offering.pk, "title": offering.title}
    assert body["other_case"] is None
    assert body["verdict"] == "complementary"
    assert body["assessed_by"]["username"] == "bezirk-iv"
    assert response["ETag"] == f'"{version + 1}"'
    event = CaseEvent.objects.filter(case=case, kind="assessment").get()
    assert event.payload == {
        "offering": offering.pk,
        "other_case": None,
        "verdict": "complementary",
    }
    history = api.get(f"/api/v1/cases/{case.pk}/history/").json()["results"]
    assert history[-1]["kind"] == "assessment"
    assert api.get(assess_url(case)).json() == [body]


def test_assessing_again_updates_the_assessment(api, coordinator):
    offering = similar_offering()
    case = submit_idea()
    api.post(assess_url(case), {"offering": offering.pk, "verdict": "duplicate"}, format="json")

    again = api.post(
        assess_url(case), {"offering": offering.pk, "verdict": "unrelated"}, format="json"
    )

    assert again.status_code == 200
    assert OverlapAssessment.objects.get().verdict == "unrelated"
    assert CaseEvent.objects.filter(case=case, kind="assessment").count() == 2


def test_coordinator_assesses_another_open_idea(api, coordinator):
    case, other = submit_idea(), submit_idea(association_name="Anderer Verein")

    response = api.post(
        assess_url(case), {"other_case": other.pk, "verdict": "overlapping"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["other_case"]["reference"] == other.reference


def test_another_districts_case_cannot_be_named_unless_it_is_a_stored_match(
    api, coordinator, other_coordinator
):
    """An id of a case the coordinator may not see would tell its reference and title."""
    case = submit_idea()
    elsewhere = submit_idea("Rüttenscheid", association_name="Verein im Süden")  # district II
    assert api.get(f"/api/v1/cases/{elsewhere.pk}/").status_code == 404  # not visible

    response = api.post(
        assess_url(case), {"other_case": elsewhere.pk, "verdict": "overlapping"}, format="json"
    )

    body = assert_problem(response, 400, "validation")
    assert body["errors"]["other_case"] == ["Diesen Fall gibt es nicht."]
    assert elsewhere.reference not in response.content.decode()
    assert not OverlapAssessment.objects.exists()

    # Stored by the overlap check as a match of this case: it may be assessed.
    case.overlap_snapshot = {
        "offerings": [],
        "similar_ideas": [{"case": {"id": elsewhere.pk, "title": elsewhere.title}}],
    }
    case.save(update_fields=["overlap_snapshot"])
    response = api.post(
        assess_url(case), {"other_case": elsewhere.pk, "verdict": "overlapping"}, format="json"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "body",
    [
        {"verdict": "duplicate"},
        {"offering": 1, "other_case": 1, "verdict": "duplicate"},
        {"offering": 999999, "verdict": "duplicate"},
        {"other_case": 999999, "verdict": "duplicate"},
        {"offering": 1, "verdict": "maybe"},
        {"offering": 1, "verdict": "duplicate", "note": "x" * 4001},
    ],
)
def test_bad_assessment_is_400_and_changes_nothing(api, coordinator, body):
    case = submit_idea()

    assert_problem(api.post(assess_url(case), body, format="json"), 400, "validation")

    assert not OverlapAssessment.objects.exists()
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_case_cannot_resemble_itself(api, coordinator):
    case = submit_idea()

    response = api.post(
        assess_url(case), {"other_case": case.pk, "verdict": "duplicate"}, format="json"
    )

    assert "other_case" in assert_problem(response, 400, "validation")["errors"]


def test_coordinator_of_another_district_does_not_see_the_case(other_api, coordinator):
    offering = similar_offering()
    case = submit_idea()

    response = other_api.post(
        assess_url(case), {"offering": offering.pk, "verdict": "duplicate"}, format="json"
    )

    assert_problem(response, 404, "not-found")
    assert_problem(other_api.get(assess_url(case)), 404, "not-found")
    assert not OverlapAssessment.objects.exists()


def test_central_office_may_assess(central_api, coordinator):
    offering = similar_offering()
    case = submit_idea()

    response = central_api.post(
        assess_url(case), {"offering": offering.pk, "verdict": "duplicate"}, format="json"
    )

    assert response.status_code == 201


def test_read_only_token_cannot_assess(api_readonly, coordinator):
    offering = similar_offering()
    case = submit_idea()

    response = api_readonly.post(
        assess_url(case), {"offering": offering.pk, "verdict": "duplicate"}, format="json"
    )

    assert_problem(response, 403, "read-only-token")


def test_stale_if_match_is_412(api, coordinator):
    offering = similar_offering()
    case = submit_idea()

    response = api.post(
        assess_url(case),
        {"offering": offering.pk, "verdict": "duplicate"},
        format="json",
        HTTP_IF_MATCH='"999"',
    )

    assert_problem(response, 412, "precondition-failed")
    assert not OverlapAssessment.objects.exists()


def test_offering_of_another_city_cannot_be_assessed(api, coordinator):
    from backend.areas.models import City

    other_city = City.objects.create(slug="bochum", name="Bochum", central_queue=coordinator)
    offering = Offering.objects.create(city=other_city, title="X", citywide=True, external_id="b")
    case = submit_idea()

    response = api.post(
        assess_url(case), {"offering": offering.pk, "verdict": "duplicate"}, format="json"
    )

    assert "offering" in assert_problem(response, 400, "validation")["errors"]


def test_anonymous_cannot_read_assessments(anon, coordinator):
    case = submit_idea()

    assert_problem(anon.get(assess_url(case)), 401, "not-authenticated")


def test_deputy_of_the_district_may_assess(coordinator, essen):
    from backend.areas.models import Area, AssignmentRole, CoordinatorAssignment
    from tests.factories import UserFactory

    deputy = UserFactory(username="vertretung-iv")
    CoordinatorAssignment.objects.create(
        user=deputy, district=Area.objects.get(city=essen, code="IV"), role=AssignmentRole.DEPUTY
    )
    offering = similar_offering()
    case = submit_idea()

    response = token_client(deputy).post(
        assess_url(case), {"offering": offering.pk, "verdict": "duplicate"}, format="json"
    )

    assert response.status_code == 201, response.content


# --- checking a case again ---------------------------------------------------------------


def refresh_url(case):
    return f"/api/v1/cases/{case.pk}/overlap-snapshot/"


def test_checking_again_finds_a_later_idea_and_keeps_the_old_result(api, coordinator):
    older = submit_idea(association_name="Elternnetz Borbeck", idea={"title": "Elterncafé"})
    before = older.overlap_snapshot
    later = submit_idea()

    response = api.post(refresh_url(older), HTTP_IF_MATCH=f'"{older.version}"')

    assert response.status_code == 200
    assert response["ETag"] == f'"{older.version + 1}"'
    body = response.json()
    assert [m["case"]["reference"] for m in body["similar_ideas"]] == [later.reference]
    assert body == Case.objects.get(pk=older.pk).overlap_snapshot
    event = CaseEvent.objects.get(case=older, kind="overlap_check")
    assert event.payload["before"] == before


def test_checking_again_is_refused_after_the_decision_and_when_stale(api, coordinator):
    from tests.factories import move
    from workflows.actors import Actor

    case = submit_idea()
    assert_problem(api.post(refresh_url(case), HTTP_IF_MATCH='"999"'), 412, "precondition-failed")
    move(case, "withdraw", Actor.applicant(case), {"reason": "Nicht mehr nötig."})

    response = api.post(refresh_url(case))

    assert response.status_code == 409
    assert "vor der Entscheidung" in response.json()["detail"]
    assert not CaseEvent.objects.filter(kind="overlap_check").exists()


def test_checking_again_needs_the_district_and_a_writing_token(
    other_api, api_readonly, coordinator
):
    case = submit_idea()

    assert_problem(other_api.post(refresh_url(case)), 404, "not-found")
    assert_problem(api_readonly.post(refresh_url(case)), 403, "read-only-token")
    assert not CaseEvent.objects.filter(kind="overlap_check").exists()
