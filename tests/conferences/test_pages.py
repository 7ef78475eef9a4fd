"""The pages: public event pages (no login), the status page's cooperation section and the
answer link, the workspace's events, topics, the step to an idea, the report and the
cooperations. Each refusal answers in German and changes nothing."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse

from backend.cases.models import Case
from backend.conferences.models import Conference, ConferenceTopic, Cooperation, CooperationState
from backend.conferences.services import cooperation_answer, cooperation_request
from tests import clock
from tests.conferences.helpers import conference, initiator, topic
from tests.conferences.test_cooperation import idea
from tests.factories import quarter
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


# --- public pages ----------------------------------------------------------------------------


def test_district_page_lists_upcoming_dates_and_recent_topics(client, coordinator):
    coming = conference(
        coordinator,
        kind="beratungswoche",
        title="Borbecker Beratungswoche",
        held_on=clock.days_from_today(10),
        place="Germaniaplatz 3",
    )
    past = conference(coordinator, held_on=clock.days_from_today(-30))
    topic(coordinator, past)
    conference(coordinator, title="Intern", held_on=clock.days_from_today(5), public=False)

    response = client.get(reverse("intake:conference_district", args=["essen", "IV"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert coming.title in html
    assert "Germaniaplatz 3" in html
    assert past.title in html
    assert "Intern" not in html


def test_unknown_district_answers_404(client, essen):
    assert (
        client.get(reverse("intake:conference_district", args=["essen", "XX"])).status_code == 404
    )


def test_event_page_shows_topics_but_no_people(client, coordinator):
    event = conference(coordinator)
    on = topic(coordinator, event)
    initiator(coordinator, on)

    html = client.get(reverse("intake:conference", args=[event.pk])).content.decode()

    assert "Begegnungsstätte in Borbeck" in html
    assert "Bartlett" not in html
    assert "bartlett@example.org" not in html
    assert reverse("intake:interest_new", args=[on.pk]) in html


def test_non_public_event_is_not_found(client, coordinator):
    hidden = conference(coordinator, public=False)

    assert client.get(reverse("intake:conference", args=[hidden.pk])).status_code == 404
    assert client.get("/veranstaltungen/termin/99999999999/").status_code == 404


# --- the status page and the answer link -------------------------------------------------------


@pytest.fixture
def pair_with_tokens(coordinator):
    from backend.cases.services import status_link_renew

    first = idea("Kulturbrücke Borbeck e.V.", "ayse@example.org", "Ayşe Demir")
    second = idea("Elternnetz Borbeck", "jan@example.org", "Jan Krüger")
    for case in (first, second):  # new links by mail (the jobs fixture holds them)
        status_link_renew(case=case, actor=Actor.system())
    return second, first


def _status_token(jobs, email: str) -> str:
    jobs.run()
    message = next(
        m for m in reversed(mail.outbox) if m.to == [email] and "/ideen/status/" in m.body
    )
    line = next(line for line in message.body.splitlines() if "/ideen/status/" in line)
    return urlparse(line).path.rstrip("/").rsplit("/", 1)[1]


def test_status_page_asks_and_the_asked_side_answers_contacts_only_after(
    client, pair_with_tokens, jobs
):
    _asking, asked = pair_with_tokens
    asking_token = _status_token(jobs, "jan@example.org")
    asked_token = _status_token(jobs, "ayse@example.org")
    status = reverse("intake:status", args=[asking_token])

    page = client.get(status).content.decode()
    assert "Kennenlernen mit „Sprachcafé für Eltern“ anfragen" in page
    assert "Kulturbrücke" not in page  # the match names what and where, never who

    refused = client.post(
        reverse("intake:status_cooperation_request", args=[asking_token]),
        {"kind": "case", "target": asked.pk},
        follow=True,
    )
    assert "Bitte stimmen Sie zu" in refused.content.decode()
    assert Cooperation.objects.count() == 0

    client.post(
        reverse("intake:status_cooperation_request", args=[asking_token]),
        {"kind": "case", "target": asked.pk, "consent": "on"},
    )
    cooperation = Cooperation.objects.get()
    before = client.get(status).content.decode()
    assert "ayse@example.org" not in before
    assert "Ayşe Demir" not in before
    asked_page = client.get(reverse("intake:status", args=[asked_token])).content.decode()
    assert "jan@example.org" not in asked_page
    assert "Einverstanden" in asked_page

    client.post(
        reverse("intake:status_cooperation_answer", args=[asked_token]),
        {"answer": "accept", "cooperation": cooperation.pk},
    )

    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.AGREED
    after = client.get(status).content.decode()
    assert "ayse@example.org" in after
    assert "Ayşe Demir" in after
    assert (
        "jan@example.org"
        in client.get(reverse("intake:status", args=[asked_token])).content.decode()
    )


def test_the_asking_side_cannot_answer_its_own_request(client, pair_with_tokens, jobs):
    asking, asked = pair_with_tokens
    asking_token = _status_token(jobs, "jan@example.org")
    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )

    response = client.post(
        reverse("intake:status_cooperation_answer", args=[asking_token]),
        {"answer": "accept", "cooperation": cooperation.pk},
        follow=True,
    )

    assert "Diese Anfrage gibt es nicht." in response.content.decode()
    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.PROPOSED


def test_answer_link_page_accepts_once(client, pair_with_tokens, jobs):
    asking, asked = pair_with_tokens
    cooperation_request(case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk)
    jobs.run()
    message = next(m for m in mail.outbox if "/kennenlernen/" in m.body)
    path = urlparse(
        next(line for line in message.body.splitlines() if "/kennenlernen/" in line)
    ).path

    page = client.get(path)
    assert page.status_code == 200
    assert "Sprachcafé für Eltern" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    client.post(path, {"answer": "decline"})
    again = client.post(path, {"answer": "accept"}, follow=True)

    assert Cooperation.objects.get().state == CooperationState.DECLINED
    assert "schon beantwortet" in again.content.decode()


def test_unknown_answer_link_is_not_found(client, essen):
    assert client.get(reverse("intake:cooperation_answer", args=["nichts"])).status_code == 404


# --- the workspace --------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_coordinator_records_an_event_on_the_page(coordinator_client, district_iv):
    response = coordinator_client.post(
        reverse("workspace:conference_new"),
        {
            "district": district_iv.pk,
            "kind": "netzwerkkonferenz",
            "title": "Wir in IV",
            "held_on": clock.days_from_today(7).isoformat(),
            "time_from": "17:00",
            "time_to": "20:00",
            "place": "Schloß Borbeck",
            "organisers": "Jugendamt",
            "description": "",
            "public": "on",
        },
    )

    event = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:conference_detail", args=[event.pk])
    detail = coordinator_client.get(response["Location"]).content.decode()
    assert "Wir in IV" in detail
    assert "17:00 bis 20:00 Uhr" in detail


def test_event_form_errors_are_german_and_nothing_is_stored(coordinator_client, district_iv):
    response = coordinator_client.post(
        reverse("workspace:conference_new"),
        {
            "district": district_iv.pk,
            "kind": "forum",
            "title": "",
            "held_on": "gestern",
            "place": "",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte füllen Sie „Titel oder Motto“ aus." in html
    assert Conference.objects.count() == 0


def test_another_district_event_is_not_found(client, other_coordinator, coordinator):
    event = conference(coordinator)
    client.force_login(other_coordinator)

    assert client.get(reverse("workspace:conference_detail", args=[event.pk])).status_code == 404
    assert (
        client.post(reverse("workspace:topic_new", args=[event.pk]), {"title": "X"}).status_code
        == 404
    )
    assert ConferenceTopic.objects.count() == 0


def test_anonymous_visitors_are_sent_to_login(client, coordinator):
    event = conference(coordinator)

    response = client.get(reverse("workspace:conference_detail", args=[event.pk]))

    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]


def test_topic_and_person_pages(coordinator_client, coordinator):
    event = conference(coordinator)
    coordinator_client.post(
        reverse("workspace:topic_new", args=[event.pk]),
        {"title": "Runder Tisch", "challenge": "Koordinator*in fehlt", "quarter": quarter().pk},
    )
    on = ConferenceTopic.objects.get()
    refused = coordinator_client.post(
        reverse("workspace:person_add", args=[on.pk]),
        {
            "role": "initiator",
            "name": "Heiner Grahs",
            "email": "grahs@example.org",
            "preferred_language": "de",
        },
    )
    assert refused.status_code == 400
    assert "nur mit Einwilligung" in refused.content.decode()

    coordinator_client.post(
        reverse("workspace:person_add", args=[on.pk]),
        {
            "role": "initiator",
            "name": "Heiner Grahs",
            "email": "grahs@example.org",
            "preferred_language": "de",
            "consent": "on",
            "consent_on": clock.days_from_today(-1).isoformat(),
        },
    )

    assert on.people.get().has_consent
    assert (
        "grahs@example.org"
        in coordinator_client.get(
            reverse("workspace:conference_detail", args=[event.pk])
        ).content.decode()
    )


def test_topic_to_idea_page_prefills_and_creates_the_case(coordinator_client, coordinator, jobs):
    event = conference(coordinator)
    on = topic(coordinator, event)
    person = initiator(coordinator, on)
    url = reverse("workspace:topic_idea", args=[on.pk])

    form = coordinator_client.get(url).content.decode()
    assert "Begegnungsstätte in Borbeck" in form
    assert "Bürgerverein Borbeck" in form

    missing = coordinator_client.post(url, {"title": on.title, "initiator": person.pk})
    assert missing.status_code == 400
    assert "Bitte geben Sie die Postleitzahl an." in missing.content.decode()
    assert Case.objects.count() == 0

    response = coordinator_client.post(
        url,
        {
            "title": on.title,
            "challenge": on.challenge,
            "affected": on.affected,
            "intended_result": on.intended_result,
            "first_ideas": on.first_ideas,
            "quarter": on.quarter_id,
            "target_groups": on.target_groups,
            "topics": on.topics,
            "association_name": "Bürgerverein Borbeck",
            "legal_form": "ev",
            "street": "Marktstraße 5",
            "postal_code": "45355",
            "town": "Essen",
            "initiator": person.pk,
        },
    )

    case = Case.objects.get()
    assert response["Location"] == reverse("workspace:case_detail", args=[case.reference])
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Aus Thema 1" in page
    assert event.title in page
    jobs.run()
    assert any(m.to == ["bartlett@example.org"] for m in mail.outbox)


def test_report_prints_and_exports_topics_ideas_and_states(coordinator_client, coordinator):
    event = conference(coordinator)
    topic(coordinator, event, title="=HYPERLINK(1)")
    second = topic(coordinator, event, title="Feste")
    initiator(coordinator, second)

    html = coordinator_client.get(reverse("workspace:conference_report", args=[event.pk]))
    exported = coordinator_client.get(
        reverse("workspace:conference_report", args=[event.pk]) + "?format=csv"
    )

    assert "conferences/report.css" in html.content.decode()
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Thema", "Initiator*innen"]
    assert rows[1][1] == "'=HYPERLINK(1)"  # no formula for spreadsheets
    assert rows[2][1:4] == ["Feste", "Angelina Bartlett (Bürgerverein Borbeck)", "0"]
    assert rows[2][6] == "noch keine Idee"


def test_cooperations_page_and_merge(coordinator_client, coordinator):
    first = idea("Kulturbrücke Borbeck e.V.", "ayse@example.org", "Ayşe Demir")
    second = idea("Nachbarn Borbeck", "n@example.org", "Nora")
    cooperation = cooperation_request(
        case=second, actor=Actor.applicant(second), partner_case_id=first.pk
    )
    merge = reverse("workspace:cooperation_merge", args=[cooperation.pk])
    page = coordinator_client.get(reverse("workspace:cooperation_list")).content.decode()
    assert second.reference in page
    assert first.reference in page
    assert merge not in page  # only agreed pairs offer the button

    refused = coordinator_client.post(merge, follow=True)
    assert "Erst wenn beide Seiten einverstanden sind" in refused.content.decode()
    cooperation_answer(cooperation=cooperation, accept=True)
    assert merge in coordinator_client.get(reverse("workspace:cooperation_list")).content.decode()
    coordinator_client.post(merge)

    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.MERGED
    case_page = coordinator_client.get(reverse("workspace:case_detail", args=[first.reference]))
    assert "Gemeinsames Projekt mit:" in case_page.content.decode()
    assert second.reference in case_page.content.decode()
