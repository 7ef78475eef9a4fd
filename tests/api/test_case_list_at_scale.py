"""The case list at a Land's size (issue #25, docs/performance.md): the plans PostgreSQL can
use (index in list order, trigram index for ``q=``, no DISTINCT for ``state=``) and the
answers they give. With a handful of rows PostgreSQL would rather read the table, so the
plans are asked for with sequential scans turned off: the index must be usable at all."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.cases.models import Case
from backend.cases.selectors import case_text_search
from backend.settings.database import database_settings
from backend.settings.env import Env
from tests.factories import submit_idea

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def list_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [q["sql"] for q in queries.captured_queries if 'FROM "cases_case"' in q["sql"]]


def plan(sql, params=(), *, by_condition=False):
    """The plan without whole-table scans; ``by_condition``: nor whole-index scans with a
    filter (on a tiny table the planner may read a btree in full rather than use a GIN)."""
    scans = ("seqscan", "indexscan", "indexonlyscan") if by_condition else ("seqscan",)
    with connection.cursor() as cursor:
        for scan in scans:
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        text = "\n".join(row[0] for row in cursor.fetchall())
        for scan in scans:
            cursor.execute(f"SET LOCAL enable_{scan} = on")
    return text


@pytest.fixture
def ideas(essen):
    return {
        "cafe": submit_idea(idea={"title": "Sprachcafé", "challenge": "Eltern treffen"}),
        "garden": submit_idea(
            "Frohnhausen",
            idea={"title": "Gemeinschaftsgarten", "challenge": "100% Beteiligung im Quartier"},
            association_name="Grüne Nachbarn Öko e.V.",
        ),
        "sport": submit_idea(idea={"title": "Fußball", "challenge": "Jugend_treff am Abend"}),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cafe", {"cafe"}),  # accents folded
        ("SPRACHCAF", {"cafe"}),  # a substring, any case
        ("eltern treff", {"cafe"}),  # across words of the challenge
        ("oko", {"garden"}),  # the association's name
        ("grüne nachbarn", {"garden"}),
        ("100%", {"garden"}),  # % taken literally ...
        ("%", {"garden"}),
        ("_", {"sport"}),  # ... and _ too
        ("jugend_treff", {"sport"}),
        ("nirgendwo", set()),
    ],
)
def test_text_search_finds_substrings_of_texts_and_association_names(
    central_api, ideas, text, expected
):
    found = set(ids(central_api.get("/api/v1/cases/", {"q": text})))
    assert found == {ideas[name].pk for name in expected}


def test_text_search_follows_a_changed_title(central_api, ideas):
    Case.objects.filter(pk=ideas["sport"].pk).update(title="Basketball")
    assert ids(central_api.get("/api/v1/cases/", {"q": "basket"})) == [ideas["sport"].pk]
    assert ids(central_api.get("/api/v1/cases/", {"q": "fussball"})) == []


def test_text_search_keeps_to_the_coordinators_districts(api, ideas):
    assert ids(api.get("/api/v1/cases/", {"q": "e.V."})) == [
        ideas["sport"].pk,
        ideas["cafe"].pk,
    ]


def test_text_search_can_combine_the_trigram_and_the_association_index(ideas):
    # Without the list's order (for a rare word the planner prefers this to reading the
    # list's index in order and filtering).
    matches = case_text_search(Case.objects.order_by(), "sprachcafe").values("pk")
    explained = plan(*matches.query.sql_with_params(), by_condition=True)
    assert "case_search_text_trgm" in explained
    assert "BitmapOr" in explained


def test_first_page_reads_the_index_in_list_order_without_sorting(central_api, ideas):
    (sql, *_rest) = list_queries(central_api, "/api/v1/cases/")
    explained = plan(sql)
    assert "case_city_created_id" in explained  # the city leads (issue #24 scopes every list)
    assert "Sort" not in explained


def test_state_filter_selects_no_distinct_rows(central_api, ideas):
    url = "/api/v1/cases/?state=idea&state=advice&state=decision"
    queries = list_queries(central_api, url)
    assert queries
    assert not any("DISTINCT" in sql for sql in queries)
    found = ids(central_api.get(url))
    assert sorted(found) == sorted(idea.pk for idea in ideas.values())  # each once


def test_cursor_pages_cover_every_case_once(central_api, essen):
    made = [submit_idea(idea={"title": f"Idee {i}"}).pk for i in range(7)]
    seen, url = [], "/api/v1/cases/?page_size=3"
    while url:
        body = central_api.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == sorted(made, reverse=True)


def test_database_connections_are_kept_by_default(tmp_path):
    env = Env({"DATABASE_URL": "postgres://app@127.0.0.1:5432/fl"})
    assert database_settings(env, tmp_path, debug=False).default["CONN_MAX_AGE"] == 60
    closed = Env({"DATABASE_URL": "postgres://app@127.0.0.1:5432/fl", "DATABASE_CONN_MAX_AGE": "0"})
    assert database_settings(closed, tmp_path, debug=False).default["CONN_MAX_AGE"] == 0


def test_association_names_and_report_deadlines_have_indexes(ideas):
    names = plan(
        "SELECT id FROM associations_association "
        "WHERE case_search_query(name) LIKE '%%' || case_search_query(%s) || '%%'",
        ["oko"],
    )
    assert "association_name_search_trgm" in names
    due = plan(
        "SELECT id FROM cases_case WHERE state = 'decision' AND report_due_on <= %s "
        "ORDER BY report_due_on, id LIMIT 20",
        ["2030-01-01"],
    )
    assert "case_report_due" in due
