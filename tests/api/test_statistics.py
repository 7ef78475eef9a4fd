"""GET /api/v1/stats/ and the bulk case export GET /api/v1/cases/export/."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from api.serializers.statistics import StatsFiguresSerializer
from backend.areas.models import Area
from backend.cases.models import Case
from backend.statistics.selectors import StatsFilters, stats_figures
from tests.api.conftest import assert_problem, token_client
from tests.factories import submit_idea

STATS = reverse("api:stats")
EXPORT = reverse("api:case-export")


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def two_districts(coordinator, other_coordinator):
    return submit_idea("Borbeck-Mitte"), submit_idea("Frohnhausen", idea={"title": "=1+1"})


def test_stats_are_the_figures_of_the_page(generated, coordinator):
    """The API answers exactly what the selectors compute (the page and exports use them)."""
    response = token_client(generated.central, "read").get(STATS)
    assert response.status_code == 200
    body = response.json()
    expected = StatsFiguresSerializer(
        stats_figures(user=generated.central, filters=StatsFilters())
    ).data
    assert body == json.loads(json.dumps(expected))
    assert body["total"] == Case.objects.count()
    assert body["money"]["approved"] != "0.00"
    assert {row["slug"] for row in body["topics"]} >= {"sprache", "bildung"}


def test_stats_are_scoped_to_the_token(api, two_districts):
    body = api.get(STATS).json()
    assert [row["district"]["code"] for row in body["districts"]] == ["IV"]
    assert body["total"] == 1
    assert body["state_totals"]["idea"] == 1


def test_stats_filters(central_api, two_districts):
    district = Area.objects.get(code="III")
    body = central_api.get(STATS, {"district": district.pk, "year": 2000}).json()
    assert body["filters"]["district"]["code"] == "III"
    assert body["filters"]["year"] == 2000
    assert body["total"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "3000"}, "year"),
        ({"district": "x"}, "district"),
        ({"district": "9" * 40}, "district"),
        ({"program": "0"}, "program"),
        ({"distrikt": "1"}, "distrikt"),
        ({"city": ""}, "city"),  # the schema says integer: an empty filter is no number
        ({"year": ""}, "year"),
    ],
)
def test_stats_refuse_bad_filters(api, params, field):
    body = assert_problem(api.get(STATS, params), 400, "validation")
    assert field in body["errors"]


def test_stats_refuse_another_districts_filter(api, two_districts):
    response = api.get(STATS, {"district": Area.objects.get(code="III").pk})
    body = assert_problem(response, 400, "validation")
    assert "Diese Auswahl gibt es nicht" in body["errors"]["district"][0]


def test_stats_need_a_token(anon, db):
    assert anon.get(STATS).status_code in (401, 403)
    assert anon.get(EXPORT).status_code in (401, 403)


def test_export_ndjson_is_every_visible_case_one_per_line(api, two_districts):
    response = api.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = streamed(response).splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["reference"] for row in rows] == [two_districts[0].reference]
    row = rows[0]
    assert row["district"] == "IV"
    assert row["topics"] == ["sprache", "begegnung"]
    assert row["estimated_cost"] == "3000.00"
    assert row["requested"] == "0.00"
    assert row["decision"] == ""
    assert "contact" not in row


def test_export_csv_for_systems_neutralises_formulas(central_api, two_districts):
    response = central_api.get(EXPORT, {"output": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert len(rows) == 2
    by_district = {row["district"]: row for row in rows}
    assert by_district["III"]["title"] == "'=1+1"
    assert by_district["IV"]["topics"] == "sprache|begegnung"


def test_export_read_only_token_may_read(api_readonly, two_districts):
    assert api_readonly.get(EXPORT).status_code == 200


@pytest.mark.parametrize("params", [{"output": "xml"}, {"year": "x"}, {"seite": "2"}])
def test_export_refuses_bad_parameters(api, params):
    assert_problem(api.get(EXPORT, params), 400, "validation")
