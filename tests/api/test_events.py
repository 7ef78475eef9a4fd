"""The change feed GET /api/v1/events/: scope, order, paging, resuming with a stored cursor
(also across events of one transaction and past a transaction still being written), strict
parameters; and the case list's ``updated_after``."""

from __future__ import annotations

import base64
import threading
from datetime import UTC
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from backend.cases.models import CaseEvent
from backend.cases.services import advice_session_record
from tests import clock
from tests.api.conftest import assert_problem
from tests.factories import move, submit_idea
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.states import EventKind

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/"
FIELDS = [
    "id",
    "case",
    "case_reference",
    "kind",
    "transition",
    "from_state",
    "to_state",
    "actor_kind",
    "actor_label",
    "comment",
    "payload",
    "created_at",
]


def read(client, url=URL, params=None):
    """One page; ``params`` the query of ``url`` lacks are added (a ``next`` keeps its cursor
    and its page size; a parameter that is no list may come only once)."""
    query = parse_qs(urlsplit(url).query)
    params = {name: value for name, value in (params or {}).items() if name not in query}
    if params:
        url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"next", "results"}
    assert body["next"], "every page carries next, the last one too"
    return body


def ids(body):
    return [event["id"] for event in body["results"]]


def read_all(client, url=URL, params=None):
    """Follow ``next`` until a page is short: (every event id, the ``next`` to store)."""
    body = read(client, url, params)
    seen = ids(body)
    while len(body["results"]) == int((params or {}).get("page_size", 100)):
        body = read(client, body["next"])
        seen += ids(body)
    return seen, body["next"]


def pks(*cases):
    return list(
        CaseEvent.objects.filter(case__in=cases).order_by("pk").values_list("pk", flat=True)
    )


def cursor_of(url):
    return parse_qs(urlsplit(url).query)["cursor"][0]


def note(case, actor, comment):
    return case_event_record(case=case, actor=actor, kind=EventKind.RECORD, comment=comment)


@pytest.fixture
def iv_case(coordinator):
    """A case of district IV in advice (events: submitted, start_advice)."""
    return move(submit_idea(), "start_advice", Actor.for_user(coordinator))


@pytest.fixture
def iii_case(other_coordinator):
    return submit_idea("Frohnhausen", idea={"title": "Nähcafé"}, association_name="Nähstube")


def test_each_coordinator_sees_the_events_of_their_districts_only(
    api, other_api, central_api, iv_case, iii_case
):
    assert ids(read(api)) == pks(iv_case)
    seen_by_iii = ids(read(other_api))
    assert seen_by_iii == pks(iii_case)
    assert not set(seen_by_iii) & set(pks(iv_case))
    assert ids(read(other_api, params={"case": iv_case.pk})) == []
    assert ids(read(central_api)) == pks(iv_case, iii_case)


def test_read_only_tokens_may_read_and_anonymous_may_not(api_readonly, anon, iv_case):
    assert ids(read(api_readonly)) == pks(iv_case)
    response = anon.get(URL)
    assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_event_says_what_happened_to_which_case(api, coordinator, iv_case):
    transition = read(api, params={"kind": "transition"})["results"]
    assert len(transition) == 1
    item = transition[0]
    assert list(item) == FIELDS
    event = CaseEvent.objects.get(pk=item["id"])
    assert item["case"] == iv_case.pk
    assert item["case_reference"] == iv_case.reference
    assert (item["transition"], item["from_state"], item["to_state"]) == (
        "start_advice",
        "idea",
        "advice",
    )
    assert item["actor_kind"] == "user"
    assert item["actor_label"] == event.actor_label == str(coordinator)
    assert item["created_at"] == timezone.localtime(event.created_at).isoformat()


def test_events_come_oldest_first_across_cases(central_api, other_coordinator, iv_case, iii_case):
    move(iii_case, "start_advice", Actor.for_user(other_coordinator))
    body = read(central_api)
    assert ids(body) == sorted(ids(body)) == pks(iv_case, iii_case)
    moments = [event["created_at"] for event in body["results"]]
    assert moments == sorted(moments)
    cases = [event["case"] for event in body["results"]]
    assert cases == [iv_case.pk, iv_case.pk, iii_case.pk, iii_case.pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"case": "iv"}, ("iv",)),
        ({"district": "iii"}, ("iii",)),
        ({"kind": ["created"]}, ("iv-created", "iii-created")),
        ({"kind": ["created", "transition"]}, ("iv", "iii")),
        ({"kind": ["document"]}, ()),
    ],
)
def test_feed_filters(central_api, iv_case, iii_case, params, expected):
    cases = {"iv": iv_case, "iii": iii_case}
    query = dict(params)
    if "case" in query:
        query["case"] = cases[query["case"]].pk
    if "district" in query:
        query["district"] = cases[query["district"]].quarter.parent_id
    wanted: list[CaseEvent] = []
    for name in expected:
        key, _sep, kind = name.partition("-")
        events = CaseEvent.objects.filter(case=cases[key])
        wanted += events.filter(kind=kind) if kind else events
    assert ids(read(central_api, params=query)) == sorted(event.pk for event in wanted)


def test_pages_follow_each_other_and_the_last_one_still_has_next(central_api, iv_case, iii_case):
    everything = pks(iv_case, iii_case)
    assert len(everything) == 3
    first = read(central_api, params={"page_size": 2})
    second = read(central_api, first["next"])
    assert ids(first) + ids(second) == everything
    assert len(ids(second)) == 1
    assert "page_size=2" in second["next"]
    third = read(central_api, second["next"])
    assert ids(third) == []
    assert cursor_of(third["next"]) == cursor_of(second["next"]), "an empty page keeps it"


def test_a_stored_cursor_answers_exactly_what_arrived_since(
    api, coordinator, other_coordinator, iv_case, iii_case
):
    before, stored = read_all(api, params={"page_size": 1})
    assert before == pks(iv_case)
    actor = Actor.for_user(coordinator)
    advice_session_record(
        case=iv_case, actor=actor, held_on=clock.days_from_today(-1), place="Büro", notes="x"
    )
    move(iii_case, "start_advice", Actor.for_user(other_coordinator))  # not for this reader
    note(iv_case, actor, "Rückruf vereinbart")
    new = [pk for pk in pks(iv_case) if pk not in before]
    assert len(new) == 2
    since, again = read_all(api, stored, params={"page_size": 1})
    assert since == new
    assert ids(read(api, again)) == []


def test_an_empty_feed_gives_a_cursor_that_works_later(other_api, iv_case):
    body = read(other_api)
    assert body["results"] == []
    case = submit_idea("Frohnhausen", association_name="Nähstube")
    later = read(other_api, body["next"])
    assert ids(later) == pks(case)
    assert ids(read(other_api, later["next"])) == []


def test_events_of_one_transaction_with_one_timestamp_split_across_pages(api, coordinator, iv_case):
    _seen, stored = read_all(api)
    actor = Actor.for_user(coordinator)
    with time_machine.travel(timezone.now(), tick=False), transaction.atomic():
        batch = [note(iv_case, actor, f"Notiz {n}") for n in range(3)]
    assert len({event.created_at for event in batch}) == 1
    first = read(api, stored, {"page_size": 2})
    second = read(api, first["next"])
    assert ids(first) + ids(second) == [event.pk for event in batch]
    assert (len(ids(first)), len(ids(second))) == (2, 1)
    assert ids(read(api, second["next"])) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("outcome", ["commit", "rollback"])
def test_a_later_event_waits_for_one_still_being_written(central_api, coordinator, outcome):
    """Event ids are taken at insert, rows appear at commit: a reader must not hand out a
    committed later event (and move its cursor past) while an earlier one may still come."""
    actor = Actor.for_user(coordinator)
    case = submit_idea()
    # Writers of one case wait for each other (its hash chain); of two cases they do not.
    other_case = submit_idea()
    existing, stored = read_all(central_api)
    written, finish, slow = threading.Event(), threading.Event(), {}

    def slow_writer():
        try:
            with transaction.atomic():
                slow["event"] = note(case, actor, "langsam")
                written.set()
                finish.wait(timeout=30)
                if outcome == "rollback":
                    transaction.set_rollback(True)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    try:
        assert written.wait(timeout=30)
        fast = note(other_case, actor, "schnell")  # committed at once
        assert fast.pk > slow["event"].pk
        assert ids(read(central_api)) == existing, "settled events are still served"
        held = read(central_api, stored)
        assert ids(held) == []
    finally:
        finish.set()
        thread.join(timeout=30)
    expected = [fast.pk] if outcome == "rollback" else [slow["event"].pk, fast.pk]
    assert ids(read(central_api, held["next"])) == expected


@pytest.mark.parametrize(
    "cursor",
    [
        "bm90LWEtY3Vyc29y",
        "%00",
        "",
        "after=1",
        base64.urlsafe_b64encode(b"after=-1").decode(),
        base64.urlsafe_b64encode(b"after=007").decode(),
        base64.urlsafe_b64encode(b"after=1&after=2").decode(),
        base64.urlsafe_b64encode(b"after=99999999999999999999").decode(),
        base64.urlsafe_b64encode(b"p=2026-01-01").decode(),
    ],
)
def test_a_cursor_not_issued_by_the_feed_is_400(api, iv_case, cursor):
    assert_problem(api.get(f"{URL}?cursor={cursor}"), 400, "invalid-cursor")


def test_cursors_of_the_case_list_and_the_feed_are_not_interchangeable(central_api, iv_case):
    submit_idea(association_name="Zweiter Verein")
    case_cursor = cursor_of(read_case_list_next(central_api))
    assert_problem(central_api.get(f"{URL}?cursor={case_cursor}"), 400, "invalid-cursor")
    feed_cursor = cursor_of(read(central_api)["next"])
    response = central_api.get(f"/api/v1/cases/?cursor={feed_cursor}")
    assert_problem(response, 400, "invalid-cursor")


def read_case_list_next(client):
    response = client.get("/api/v1/cases/?page_size=1")
    assert response.status_code == 200, response.content
    return response.json()["next"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("unknown=1", "unknown"),
        ("state=idea", "state"),  # a filter of the case list, not of the feed
        ("ordering=id", "ordering"),
        ("kind=unknown", "kind"),
        ("kind=", "kind"),
        ("case=abc", "case"),
        ("district=0", "district"),
        ("page_size=0", "page_size"),
        ("page_size=501", "page_size"),
    ],
)
def test_bad_or_unknown_parameters_are_400(api, iv_case, query, field):
    problem = assert_problem(api.get(f"{URL}?{query}"), 400, "validation")
    assert list(problem["errors"]) == [field]


def test_unknown_parameters_are_named_together(api, iv_case):
    problem = assert_problem(api.get(f"{URL}?sinse=1&limit=5&kind=created"), 400, "validation")
    assert sorted(problem["errors"]) == ["limit", "sinse"]


def test_cases_updated_after_a_moment(central_api, other_coordinator, iv_case, iii_case):
    moment = timezone.now()
    move(iii_case, "start_advice", Actor.for_user(other_coordinator))
    iii_case.refresh_from_db()
    utc = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    berlin = timezone.localtime(moment).isoformat()
    naive = timezone.localtime(moment).replace(tzinfo=None).isoformat()
    for value in (utc, berlin, naive):
        response = central_api.get("/api/v1/cases/", {"updated_after": value})
        assert response.status_code == 200, response.content
        assert [c["id"] for c in response.json()["results"]] == [iii_case.pk], value
    exactly = central_api.get("/api/v1/cases/", {"updated_after": iii_case.updated_at.isoformat()})
    assert exactly.json()["results"] == [], "after, not at"


@pytest.mark.parametrize(
    "value",
    [
        "gestern",
        "",
        f"{clock.today()}T25:00:00",
        f"{clock.today()}T10:00:00 01:00",  # an unencoded + arrives as a space
    ],
)
def test_a_bad_updated_after_is_400(central_api, iv_case, value):
    problem = assert_problem(
        central_api.get("/api/v1/cases/", {"updated_after": value}), 400, "validation"
    )
    assert list(problem["errors"]) == ["updated_after"]


def test_the_case_list_refuses_an_unknown_parameter(api, coordinator):
    response = api.get("/api/v1/cases/?updated_afte=2026-01-01T00:00:00Z")

    body = assert_problem(response, 400, "validation")
    assert body["errors"]["updated_afte"] == ["Diesen Parameter gibt es hier nicht."]
    assert api.get("/api/v1/cases/?ordering=-created_at&page_size=5").status_code == 200
