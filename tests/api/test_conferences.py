"""API of events, topics, people, the step to an idea and cooperations (issue #19): the good
paths, every refusal as problem+json with nothing changed, constant queries for lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.cases.models import Case
from backend.conferences.models import Conference, ConferenceTopic, CooperationState, TopicPerson
from backend.conferences.services import cooperation_answer, cooperation_request
from tests import clock
from tests.api.conftest import assert_problem
from tests.conferences.helpers import conference, initiator, topic
from tests.conferences.test_cooperation import idea
from tests.factories import quarter
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def _event(district_iv, **overrides):
    return {
        "district": district_iv.pk,
        "kind": "integrationskonferenz",
        "title": "Teilhabe gestalten und Gemeinschaft stärken",
        "held_on": clock.days_from_today(14).isoformat(),
        "time_from": "17:00",
        "time_to": "20:30",
        "place": "Bürgerhaus",
        **overrides,
    }


def test_coordinator_records_and_reads_an_event(api, district_iv):
    created = api.post("/api/v1/conferences/", _event(district_iv), format="json")

    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Location"] == f"/api/v1/conferences/{body['id']}/"
    assert api.get(created["Location"]).json() == body
    assert body["title"] == "Teilhabe gestalten und Gemeinschaft stärken"
    assert body["public"] is True
    listed = api.get("/api/v1/conferences/").json()
    assert [c["id"] for c in listed["results"]] == [body["id"]]
    changed = api.patch(f"/api/v1/conferences/{body['id']}/", {"place": "Schloß"}, format="json")
    assert changed.json()["place"] == "Schloß"


def test_event_refusals_change_nothing(api, api_readonly, other_api, district_iv):
    bad_time = api.post(
        "/api/v1/conferences/",
        _event(district_iv, time_from="20:00", time_to="19:00"),
        format="json",
    )
    body = assert_problem(bad_time, 400, "validation")
    assert body["errors"]["time_to"] == ["Das Ende muss nach dem Beginn liegen."]
    assert_problem(
        other_api.post("/api/v1/conferences/", _event(district_iv), format="json"),
        403,
        "permission-denied",
    )
    assert_problem(
        api_readonly.post("/api/v1/conferences/", _event(district_iv), format="json"),
        403,
        "read-only-token",
    )
    assert Conference.objects.count() == 0


def test_other_district_does_not_see_the_event(coordinator, other_api):
    event = conference(coordinator)

    assert other_api.get("/api/v1/conferences/").json()["results"] == []
    assert_problem(other_api.get(f"/api/v1/conferences/{event.pk}/"), 404, "not-found")


def test_topics_people_and_the_step_to_an_idea(api, coordinator, jobs):
    event = conference(coordinator)
    created = api.post(
        f"/api/v1/conferences/{event.pk}/topics/",
        {
            "title": "Bürgerzentrum Erle",
            "challenge": "Räumlichkeiten für alle Gruppen",
            "affected": "Bewohnerinnen und Bewohner",
            "intended_result": "Begegnungsräume im Quartier",
            "quarter": quarter().pk,
            "target_groups": ["alle"],
            "topics": ["begegnung"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    topic_id = created.json()["id"]
    assert created.json()["number"] == 1
    assert created["Location"] == f"/api/v1/conference-topics/{topic_id}/"

    no_consent = api.post(
        f"/api/v1/conference-topics/{topic_id}/people/",
        {"role": "initiator", "name": "Ulrich Kattler", "email": "k@example.org", "consent": False},
        format="json",
    )
    assert_problem(no_consent, 400, "validation")
    assert TopicPerson.objects.count() == 0
    person = api.post(
        f"/api/v1/conference-topics/{topic_id}/people/",
        {
            "role": "initiator",
            "name": "Ulrich Kattler",
            "organisation": "Förderverein Erle",
            "email": "k@example.org",
            "consent": True,
            "consent_on": clock.days_from_today(-1).isoformat(),
        },
        format="json",
    )
    assert person.status_code == 201, person.content
    assert person.json()["consent_text"].startswith("Ich bin einverstanden")

    association = {
        "name": "Förderverein Erle",
        "legal_form": "ev",
        "street": "Erler Str. 1",
        "postal_code": "45355",
        "town": "Essen",
    }
    missing = api.post(
        f"/api/v1/conference-topics/{topic_id}/idea/",
        {"initiator": person.json()["id"], "association": {**association, "postal_code": "4535"}},
        format="json",
    )
    assert_problem(missing, 400, "validation")
    assert Case.objects.count() == 0

    made = api.post(
        f"/api/v1/conference-topics/{topic_id}/idea/",
        {"initiator": person.json()["id"], "association": association},
        format="json",
    )
    assert made.status_code == 201, made.content
    case = Case.objects.get()
    assert made["Location"] == f"/api/v1/cases/{case.pk}/"
    assert made.json()["reference"] == case.reference
    assert case.title == "Bürgerzentrum Erle"
    assert case.contact.email == "k@example.org"
    shown = api.get(f"/api/v1/conference-topics/{topic_id}/").json()
    assert shown["case_reference"] == case.reference
    assert shown["case_state"] == "idea"

    again = api.post(
        f"/api/v1/conference-topics/{topic_id}/idea/",
        {"initiator": person.json()["id"], "association": association},
        format="json",
    )
    assert_problem(again, 409, "conflict")
    changed = api.patch(f"/api/v1/conference-topics/{topic_id}/", {"title": "Neu"}, format="json")
    assert_problem(changed, 409, "conflict")
    assert Case.objects.count() == 1
    assert ConferenceTopic.objects.get().title == "Bürgerzentrum Erle"


def test_cooperations_are_listed_without_contacts_and_merged(api, coordinator):
    first = idea("Kulturbrücke Borbeck e.V.", "ayse@example.org", "Ayşe Demir")
    second = idea("Elternnetz Borbeck", "jan@example.org", "Jan Krüger")
    cooperation = cooperation_request(
        case=second, actor=Actor.applicant(second), partner_case_id=first.pk
    )

    listed = api.get("/api/v1/cooperations/")
    assert listed.status_code == 200
    [row] = listed.json()["results"]
    assert row["state"] == "proposed"
    assert row["partner_case_reference"] == first.reference
    assert "ayse" not in listed.content.decode()
    assert_problem(api.post(f"/api/v1/cooperations/{cooperation.pk}/merge/"), 409, "conflict")

    cooperation_answer(cooperation=cooperation, accept=True)
    merged = api.post(f"/api/v1/cooperations/{cooperation.pk}/merge/")

    assert merged.status_code == 200
    assert merged.json()["state"] == CooperationState.MERGED


LISTS = [
    "/api/v1/conferences/?limit=50",
    "/api/v1/conferences/{event}/topics/",
    "/api/v1/cooperations/?limit=50",
]


@pytest.mark.parametrize("url", LISTS)
def test_lists_make_the_same_queries_for_1_and_many(api, coordinator, url):
    event = conference(coordinator)
    target = idea("Kulturbrücke Borbeck e.V.", "ayse@example.org", "Ayşe Demir")
    added: list[int] = []

    def add(n):
        for _ in range(n):
            i = len(added)
            added.append(i)
            conference(coordinator, title=f"Forum {i}")
            on = topic(coordinator, event, title=f"Thema {i}")
            initiator(coordinator, on, email=f"p{i}@example.org")
            initiator(coordinator, on, role="interested", email=f"q{i}@example.org")
            asking = idea(f"Verein {i}", f"a{i}@example.org", "A")
            asking.overlap_snapshot = {"similar_ideas": [{"case": {"id": target.pk}}]}
            asking.save(update_fields=["overlap_snapshot"])
            cooperation_request(
                case=asking, actor=Actor.applicant(asking), partner_case_id=target.pk
            )

    path = url.format(event=event.pk)
    add(1)
    api.get(path)  # the token's first use of the day is written once
    with CaptureQueriesContext(connection) as one:
        assert api.get(path).status_code == 200
    add(5)
    with CaptureQueriesContext(connection) as many:
        assert api.get(path).status_code == 200
    assert len(many) == len(one)
