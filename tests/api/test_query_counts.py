"""List endpoints make a constant number of queries, whatever the number of items: each
list is read with 1 item, then with 50, and must not need a single query more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.cases.models import ChangeRequest
from backend.cases.services import advice_session_record, overlap_assessment_record
from backend.offerings.models import Offering
from backend.settings.limits import CACHE_TABLE
from tests import clock
from tests.factories import ProgramFactory, UserFactory, budget_for, move, submit_idea
from workflows.actors import Actor

pytestmark = pytest.mark.django_db

# url, and the most queries it may make (auth and role check included).
LISTS = [
    ("/api/v1/cases/?page_size=50", 5),
    ("/api/v1/cases/{case}/history/?page_size=50", 6),
    ("/api/v1/events/?page_size=50", 3),
    ("/api/v1/cases/{case}/advice-sessions/", 6),
    ("/api/v1/cases/{case}/change-requests/", 6),
    ("/api/v1/cases/{case}/assessments/", 6),
    ("/api/v1/areas/?limit=50", 5),
    ("/api/v1/associations/?limit=50", 5),
    ("/api/v1/programs/?limit=50", 7),
    ("/api/v1/offerings/?limit=50", 5),
]


class Items:
    """Adds items to every list: cases (with associations and events), advice sessions,
    change requests, programmes with budgets, offerings, overlap assessments (of offerings
    and of other cases, by two people)."""

    def __init__(self, coordinator, essen):
        self.coordinator, self.essen, self.n = coordinator, essen, 0
        self.central = UserFactory(username="zentrale-qc", is_central_office=True)
        self.case = move(submit_idea(), "start_advice", Actor.for_user(coordinator))

    def add(self, count):
        for _ in range(count):
            self.n += 1
            i = self.n
            other = submit_idea(association_name=f"Verein {i}")
            advice_session_record(
                case=self.case,
                actor=Actor.for_user(self.coordinator),
                held_on=clock.days_from_today(-10),
                place=f"Ort {i}",
                notes="x",
            )  # also one history event each
            ChangeRequest.objects.create(
                case=self.case, message=f"m{i}", due_on=clock.days_from_today(10)
            )
            budget_for(ProgramFactory(), "1000")
            offering = Offering.objects.create(
                city=self.essen, title=f"Angebot {i}", citywide=True, external_id=f"x{i}"
            )
            overlap_assessment_record(
                case=self.case,
                actor=Actor.for_user(self.coordinator if i % 2 else self.central),
                verdict="complementary",
                offering=offering if i % 3 else None,
                other_case=None if i % 3 else other,
            )


def queries(api, url):
    """(queries for the data, items listed). The rate limit's count in the shared cache costs
    two statements on every request, whatever the endpoint: checked once, then left out."""
    api.get(url)  # warm-up: the token's "last used" is written at most once a minute
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200, response.content
    cache = [q for q in ctx.captured_queries if CACHE_TABLE in q["sql"]]
    assert len(cache) == 2, cache  # read and write the throttle's history
    return len(ctx) - len(cache), len(
        response.json() if isinstance(response.json(), list) else response.json()["results"]
    )


@pytest.mark.parametrize(("url", "limit"), LISTS)
def test_list_makes_the_same_queries_for_1_and_50_items(api, coordinator, essen, url, limit):
    items = Items(coordinator, essen)
    items.add(1)
    url = url.format(case=items.case.pk)
    with_one, _ = queries(api, url)
    items.add(49)
    with_fifty, listed = queries(api, url)
    assert listed >= 50, url
    assert with_fifty == with_one, f"{url}: {with_one} queries for 1 item, {with_fifty} for 50"
    assert with_one <= limit
