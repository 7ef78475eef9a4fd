"""Status links expire after a time without use and some months after the case is finished
(issue #17); an expired link offers "Link erneut senden", which mails a new one to the case's
contact. Pages and the API status endpoint alike, with the clock under the test's control."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from backend.cases.models import Case, CaseEvent
from backend.cases.services.links import add_months, case_finished_at
from tests import clock
from tests.api.conftest import assert_problem
from tests.factories import move
from tests.intake.helpers import case_with_token
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def _page(token: str) -> str:
    return reverse("intake:status", kwargs={"token": token})


def _api(token: str) -> str:
    return f"/api/v1/ideas/{token}/"


def _go(time_machine, day: dt.date) -> None:
    time_machine.move_to(clock.pinned_moment(day), tick=True)


@pytest.fixture
def short_idle(settings):
    settings.STATUS_LINK_IDLE_DAYS = 30
    settings.STATUS_LINK_FINISHED_MONTHS = 6


def test_an_unused_link_expires_and_each_use_keeps_it_alive(
    client, coordinator, short_idle, time_machine
):
    _case, token = case_with_token()
    start = clock.today()

    _go(time_machine, start + dt.timedelta(days=29))
    assert client.get(_page(token)).status_code == 200  # opened: alive for 30 more days
    _go(time_machine, start + dt.timedelta(days=58))
    assert client.get(_page(token)).status_code == 200
    _go(time_machine, start + dt.timedelta(days=89))

    response = client.get(_page(token))

    assert response.status_code == 410
    html = response.content.decode()
    assert "Dieser Statuslink ist abgelaufen" in html
    assert "Link erneut senden" in html
    assert reverse("intake:link_renew", kwargs={"token": token}) in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # nothing on the case is shown
    assert "Sprachcafé" not in html


def test_the_api_answers_410_for_an_expired_link(
    client, anon, coordinator, short_idle, time_machine
):
    _case, token = case_with_token()
    start = clock.today()
    _go(time_machine, start + dt.timedelta(days=29))
    assert anon.get(_api(token)).status_code == 200
    _go(time_machine, start + dt.timedelta(days=60))

    response = anon.get(_api(token))

    assert_problem(response, 410, "link-expired")
    assert "Link erneut senden" in response.json()["detail"]


def test_a_link_expires_months_after_the_case_is_finished_even_when_used(
    client, anon, coordinator, settings, time_machine
):
    settings.STATUS_LINK_IDLE_DAYS = 1000
    settings.STATUS_LINK_FINISHED_MONTHS = 6
    case, token = case_with_token()
    move(
        case,
        "refer",
        Actor.for_user(coordinator),
        {"referral_kind": "other_funder", "reason": "Landesprogramm"},
    )
    finished = case_finished_at(Case.objects.get(pk=case.pk))
    assert finished is not None
    last_day = add_months(finished, 6).date() - dt.timedelta(days=1)
    for month in range(1, 6):
        _go(time_machine, add_months(finished, month).date())
        assert client.get(_page(token)).status_code == 200
    _go(time_machine, last_day)
    assert anon.get(_api(token)).status_code == 200

    _go(time_machine, last_day + dt.timedelta(days=2))

    assert client.get(_page(token)).status_code == 410
    assert_problem(anon.get(_api(token)), 410, "link-expired")


def test_link_erneut_senden_mails_a_new_link_to_the_contact_only(
    client, coordinator, short_idle, time_machine, mailoutbox, jobs
):
    case, token = case_with_token()
    jobs.run()
    mailoutbox.clear()
    _go(time_machine, clock.today() + dt.timedelta(days=40))
    assert client.get(_page(token)).status_code == 410

    response = client.post(reverse("intake:link_renew", kwargs={"token": token}))

    assert response.status_code == 200
    assert "Neuer Link verschickt" in response.content.decode()
    jobs.run()
    assert [m.to for m in mailoutbox] == [["ayse@example.org"]]
    new_token = re.search(r"/ideen/status/([\w-]+)/", mailoutbox[0].body).group(1)
    assert new_token not in response.content.decode()
    assert client.get(_page(new_token)).status_code == 200
    assert client.get(_page(token)).status_code == 404
    assert CaseEvent.objects.filter(case=case, payload__status_link="renewed").count() == 1


def test_renewal_with_a_wrong_token_sends_nothing(client, coordinator, mailoutbox, jobs):
    case_with_token()
    jobs.run()
    mailoutbox.clear()

    response = client.post(reverse("intake:link_renew", kwargs={"token": "falsch"}))

    assert response.status_code == 404
    jobs.run()
    assert mailoutbox == []
    assert not CaseEvent.objects.filter(payload__status_link="renewed").exists()


def test_renewal_only_by_post(client, coordinator):
    _case, token = case_with_token()
    assert client.get(reverse("intake:link_renew", kwargs={"token": token})).status_code == 405


def test_add_months_keeps_the_day_or_takes_the_months_last():
    moment = dt.datetime(2027, 1, 31, 12, tzinfo=dt.UTC)
    assert add_months(moment, 1) == dt.datetime(2027, 2, 28, 12, tzinfo=dt.UTC)
    assert add_months(moment, 13) == dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC)
    assert add_months(moment, 60) == dt.datetime(2032, 1, 31, 12, tzinfo=dt.UTC)


def test_activity_on_the_case_keeps_the_link_alive(client, coordinator, short_idle, time_machine):
    case, token = case_with_token()
    start = clock.today()
    _go(time_machine, start + dt.timedelta(days=25))
    move(case, "start_advice", Actor.for_user(coordinator))  # its mail points to the link
    _go(time_machine, start + dt.timedelta(days=50))

    assert client.get(_page(token)).status_code == 200
