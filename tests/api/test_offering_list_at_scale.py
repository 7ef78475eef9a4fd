"""The offerings list at a million rows (issue #25, docs/performance.md): a count that stops
counting, pages after a cursor instead of a deep offset, and fresh statistics after a large
import."""

from __future__ import annotations

import pytest
from django.db import connection

from api.pagination import OfferingPagination
from backend.offerings import services
from backend.offerings.models import Offering
from backend.offerings.services import offering_import
from tests.api.conftest import assert_problem
from tests.factories import quarter
from tests.offerings.factories import OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offerings(essen):
    # Titles repeat, so the order needs the id to be total.
    titles = ["Beratung", "Café", "Café", "Café", "Garten", "Sport", "Sport"]
    made: list[Offering] = [OfferingFactory(title=title, citywide=True) for title in titles]
    return [offering.pk for offering in made]


def walk(client, url):
    pages, seen = 0, []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [item["id"] for item in body["results"]]
        url, pages = body["next"], pages + 1
    return seen, pages


def in_list_order(pks):
    return list(
        Offering.objects.filter(pk__in=pks).order_by("title", "pk").values_list("pk", flat=True)
    )


def test_cursor_pages_give_every_offering_once_in_order(api, offerings):
    seen, pages = walk(api, "/api/v1/offerings/?limit=2")
    assert seen == in_list_order(offerings)
    assert pages == 4


def test_next_link_is_a_cursor_and_a_cursor_page_has_no_previous(api, offerings):
    first = api.get("/api/v1/offerings/?limit=3&offset=1").json()
    assert "cursor=" in first["next"]
    assert "offset=" not in first["next"]
    assert first["previous"] is not None  # an offset page can go back
    second = api.get(first["next"]).json()
    assert second["previous"] is None
    assert [o["id"] for o in second["results"]] == in_list_order(offerings)[4:7]


def test_cursor_keeps_the_filters(api, offerings, essen):
    OfferingFactory(title="Café", citywide=False, quarter=quarter("Borbeck-Mitte"))
    seen, _pages = walk(api, "/api/v1/offerings/?limit=1&citywide=true&q=caf")
    assert seen == in_list_order(offerings[1:4])


def test_count_is_exact_up_to_the_cap_and_estimated_above(api, offerings, monkeypatch):
    body = api.get("/api/v1/offerings/?limit=2").json()
    assert (body["count"], body["count_estimated"]) == (7, False)
    monkeypatch.setattr(OfferingPagination, "EXACT_COUNT_UP_TO", 3)
    body = api.get("/api/v1/offerings/?limit=2").json()
    assert body["count_estimated"] is True
    assert body["count"] >= 4  # never less than what was counted
    assert len(body["results"]) == 2


@pytest.mark.parametrize(
    "cursor",
    [
        "bm90LWEtY3Vyc29y",  # base64 of something else
        "WyJDYWYiLCAtMV0=",  # ["Caf", -1]
        "WyJDYWYiLCAiMSJd",  # ["Caf", "1"]
        "%00",
        "W251bGwsIDFd",  # [null, 1]
    ],
)
def test_forged_cursor_is_a_400(api, offerings, cursor):
    assert_problem(api.get(f"/api/v1/offerings/?cursor={cursor}"), 400, "invalid-cursor")


def reltuples():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'offerings_offering'")
        return cursor.fetchone()[0]


def rows(count):
    return [
        {"external_id": f"x{i}", "title": f"Angebot {i}", "citywide": True} for i in range(count)
    ]


def test_large_import_refreshes_the_planner_statistics(essen, monkeypatch):
    monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 5)
    before = reltuples()
    report = offering_import(city=essen, rows=rows(4))
    assert report.created == 4
    assert reltuples() == before  # a small import leaves it to autovacuum
    report = offering_import(city=essen, rows=rows(12))
    assert (report.created, report.unchanged) == (8, 4)
    assert reltuples() == Offering.objects.count() == 12
