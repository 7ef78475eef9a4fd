"""A new status link on request (public page, coordinator), and the coordinators' notices."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backend.cases.models import CaseEvent
from backend.cases.selectors import case_get_by_token
from tests.factories import move, submit_idea
from tests.intake.helpers import case_with_token
from workflows.actors import Actor

pytestmark = pytest.mark.django_db
LINK_PAGE = "/ideen/link/"


def _tokens(mails) -> list[str]:
    return [re.search(r"/ideen/status/([\w-]+)/", m.body).group(1) for m in mails]


def test_public_page_sends_new_links_and_the_old_ones_stop(
    client: Client, coordinator, mailoutbox, jobs
) -> None:
    case, old_token = case_with_token()
    other, _other_token = case_with_token(title="Zweite Idee")
    jobs.run()
    mailoutbox.clear()

    response = client.post(LINK_PAGE, {"email": "AYSE@example.org "})

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:link_requested")
    assert mailoutbox == []  # looked up and sent by the worker
    jobs.run()
    mails = [m for m in mailoutbox if m.to == ["ayse@example.org"]]
    assert len(mails) == 2
    new_tokens = _tokens(mails)
    assert {case_get_by_token(token=t) for t in new_tokens} == {case, other}
    assert case_get_by_token(token=old_token) is None
    assert client.get(f"/ideen/status/{old_token}/").status_code == 404
    event = CaseEvent.objects.filter(case=case, payload__status_link="renewed").get()
    assert event.actor_kind == "system"
    assert old_token not in str(event.payload)
    assert new_tokens[0] not in str(event.payload)


def test_unknown_address_gets_the_same_answer_and_nothing_is_sent(
    client: Client, coordinator, mailoutbox, jobs
) -> None:
    case_with_token()
    jobs.run()
    mailoutbox.clear()

    response = client.post(LINK_PAGE, {"email": "niemand@example.org"}, follow=True)
    jobs.run()

    assert "Wenn wir zu dieser Adresse Ideen gespeichert haben" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Bitte geben Sie Ihre E-Mail-Adresse an."), ({"email": "kein-at"}, "gültige E-Mail")],
)
def test_bad_address_is_said_in_german(client: Client, essen, jobs, data, message) -> None:
    response = client.post(LINK_PAGE, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert jobs.queued() == []


def test_the_page_is_rate_limited(client: Client, essen, settings, jobs) -> None:
    settings.RATE_LIMITS = {"link-request": (2, 3600)}
    for _ in range(2):
        assert client.post(LINK_PAGE, {"email": "a@example.org"}).status_code == 302

    assert client.post(LINK_PAGE, {"email": "a@example.org"}).status_code == 429
    assert len(jobs.queued()) == 2


def test_a_wrong_link_page_points_to_the_request_page(client: Client, essen) -> None:
    page = client.get("/ideen/status/" + "x" * 43 + "/").content.decode()

    assert f'href="{LINK_PAGE}"' in page


def test_coordinator_sends_a_new_link(
    client: Client, coordinator, other_coordinator, mailoutbox, jobs
) -> None:
    case, old_token = case_with_token()
    jobs.run()
    mailoutbox.clear()
    client.force_login(other_coordinator)
    url = reverse("workspace:case_link_resend", args=[case.reference])
    assert client.post(url).status_code in (403, 404)
    assert case_get_by_token(token=old_token) == case

    client.force_login(coordinator)
    response = client.post(url, follow=True)
    jobs.run()

    assert "Ein neuer Statuslink geht an ayse@example.org" in response.content.decode()
    [mail] = mailoutbox
    assert case_get_by_token(token=_tokens([mail])[0]) == case
    assert case_get_by_token(token=old_token) is None


def test_coordinators_hear_of_what_needs_them(
    application_case, actor, coordinator, mailoutbox, jobs
):
    from backend.cases.services import change_request_answer
    from tests import clock

    jobs.run()
    mailoutbox.clear()
    move(
        application_case,
        "request_changes",
        actor,
        {"message": "Satzung?", "due_on": clock.days_from_today(9)},
    )
    jobs.run()
    assert [m.to for m in mailoutbox] == [["ayse@example.org"]]  # their own step: no notice
    mailoutbox.clear()

    request = application_case.change_requests.get()
    change_request_answer(
        case=application_case,
        actor=Actor.applicant(application_case),
        change_request_id=request.pk,
        response="Liegt bei.",
    )
    move(application_case, "submit_application", Actor.applicant(application_case))
    jobs.run()

    notices = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert [m.subject.split(": ", 1)[1].split(" – ")[0] for m in notices] == [
        "Nachforderung beantwortet",
        "Antrag eingegangen",
    ]


def test_a_vacant_district_notifies_the_central_office(essen, mailoutbox, jobs) -> None:
    from tests.factories import UserFactory

    central = UserFactory(username="zentrale-essen-1", is_central_office=True)
    UserFactory(username="ehemalig", is_central_office=True, is_active=False)
    case = submit_idea("Kupferdreh")  # district VIII is vacant: the central queue has it
    jobs.run()

    [notice] = mailoutbox
    assert notice.to == [central.email]
    assert case.reference in notice.subject


def test_a_coordinator_who_chose_the_digest_gets_one_mail_a_day(
    client: Client, coordinator, mailoutbox, jobs, time_machine
) -> None:
    from datetime import timedelta

    from backend.messaging.tasks import daily_digest

    client.force_login(coordinator)
    page = client.get("/koordination/benachrichtigungen/")
    assert "einmal am Tag gesammelt" in page.content.decode()
    response = client.post("/koordination/benachrichtigungen/", {"notification_mode": "digest"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.notification_mode == "digest"

    first = submit_idea()
    second = submit_idea(association_name="Zweiter Verein e.V.")
    jobs.run()
    assert [m for m in mailoutbox if m.to == [coordinator.email]] == []  # nothing at once

    # The next morning's run: its window is the 24 hours before it, events included.
    tomorrow = timezone.now() + timedelta(hours=12)
    assert daily_digest(int(tomorrow.timestamp())) == 1
    jobs.run()
    [digest] = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert "2 neue Ereignisse" in digest.subject
    assert first.reference in digest.body
    assert second.reference in digest.body
    # The next morning's window starts where this one ended: nothing twice.
    day_after = tomorrow + timedelta(days=1)
    assert daily_digest(int(day_after.timestamp())) == 0


def test_a_bad_notification_choice_is_refused(client: Client, coordinator) -> None:
    client.force_login(coordinator)

    response = client.post("/koordination/benachrichtigungen/", {"notification_mode": "fax"})

    assert response.status_code == 400
    assert "Bitte wählen Sie eine der angebotenen Möglichkeiten." in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.notification_mode == "immediate"
