"""The public catalogue /angebote/: search, filters, detail page, gap view, open data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from backend.areas.models import Area
from backend.offerings.models import Offering
from tests import clock
from tests.factories import quarter

LIST = reverse("catalogue:list")


def offering(essen, title, quarter_name="Borbeck-Mitte", **fields):
    defaults = {
        "description": "",
        "provider": "Verein",
        "target_groups": ["familien"],
        "topics": ["sprache"],
        "external_id": title,
    }
    defaults.update(fields)
    if defaults.pop("citywide", False):
        return Offering.objects.create(city=essen, title=title, citywide=True, **defaults)
    return Offering.objects.create(
        city=essen, title=title, quarter=quarter(quarter_name), **defaults
    )


@pytest.fixture
def landscape(essen):
    """Offerings in Borbeck (IV) and Frohnhausen (III), a city-wide one, an ended one."""
    return {
        "cafe": offering(
            essen,
            "Sprachcafé Borbeck",
            description="Deutsch sprechen bei Kaffee und Kuchen.",
            languages=["de", "ar"],
            schedule="dienstags 10–12 Uhr",
            address="Marktstraße 1, 45355 Essen",
            contact="sprachcafe@example.org",
        ),
        "sport": offering(
            essen,
            "Mädchenfußball",
            "Frohnhausen",
            topics=["sport"],
            target_groups=["jugendliche", "frauen"],
        ),
        "hotline": offering(
            essen,
            "Migrationsberatung",
            citywide=True,
            topics=["beratung"],
            target_groups=["alle"],
            languages=["tr"],
        ),
        "ended": offering(essen, "Alter Treff", valid_to=clock.today() - dt.timedelta(days=1)),
        "inactive": offering(essen, "Abgemeldet", active=False),
    }


def titles(response) -> list[str]:
    return [o.title for o in response.context["page"].object_list]


def test_catalogue_lists_current_offerings_without_login(client, landscape):
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Mädchenfußball", "Migrationsberatung", "Sprachcafé Borbeck"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sprachcafe", ["Sprachcafé Borbeck"]),  # accents folded
        ("Kuchen", ["Sprachcafé Borbeck"]),  # description
        ("Fußball", ["Mädchenfußball"]),
        ("Beratung", ["Migrationsberatung"]),
        ('"Kaffee und Kuchen"', ["Sprachcafé Borbeck"]),  # a phrase
        ("Sprachcafe -Borbeck", []),  # excluded word
        ("Treff", []),  # the ended offering is not listed
        ("&|!(", []),  # operators are words to websearch, never a syntax error
    ],
)
def test_search_uses_the_german_full_text(client, landscape, query, expected):
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert titles(response) == expected


def test_filters_by_place_include_citywide_offerings(client, landscape):
    district_iv = Area.objects.get(code="IV")
    assert titles(client.get(LIST, {"district": district_iv.pk})) == [
        "Migrationsberatung",
        "Sprachcafé Borbeck",
    ]
    frohnhausen = quarter("Frohnhausen")
    assert titles(client.get(LIST, {"quarter": frohnhausen.pk})) == [
        "Mädchenfußball",
        "Migrationsberatung",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "sport"}, ["Mädchenfußball"]),
        ({"target_group": "frauen"}, ["Mädchenfußball", "Migrationsberatung"]),  # "alle" too
        ({"language": "ar"}, ["Sprachcafé Borbeck"]),
        ({"language": "tr", "topic": "beratung"}, ["Migrationsberatung"]),
    ],
)
def test_filters_by_topic_target_group_and_language(client, landscape, params, expected):
    assert titles(client.get(LIST, params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"district": "abc"},
        {"district": "9" * 40},
        {"quarter": "123456789"},
        {"topic": "kochen"},
        {"language": "xx"},
        {"q": "x" * 201},
    ],
)
def test_bad_filters_are_german_messages(client, landscape, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Auswahl." in html
    assert 'aria-invalid="true"' in html


def test_quarter_outside_the_district_is_refused(client, landscape):
    response = client.get(
        LIST, {"district": Area.objects.get(code="III").pk, "quarter": quarter().pk}
    )
    assert response.status_code == 400
    assert "liegt nicht im gewählten Stadtbezirk" in response.content.decode()


def test_detail_page_shows_provider_place_times_contact(client, landscape):
    response = client.get(reverse("catalogue:detail", args=[landscape["cafe"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Verein",
        "Borbeck-Mitte",
        "dienstags 10–12 Uhr",
        "sprachcafe@example.org",
        "Marktstraße 1",
        "Arabisch",
    ):
        assert text in html


@pytest.mark.parametrize("key", ["ended", "inactive"])
def test_detail_of_an_offering_not_listed_is_404(client, landscape, key):
    assert client.get(reverse("catalogue:detail", args=[landscape[key].pk])).status_code == 404


@pytest.mark.parametrize("pk", ["abc", "9" * 40, "0"])
def test_detail_with_a_bad_id_is_404(client, db, pk):
    assert client.get(reverse("catalogue:detail", args=[pk])).status_code == 404


def test_gap_view_counts_offerings_per_quarter_and_topic(client, landscape):
    district_iv = Area.objects.get(code="IV")
    response = client.get(reverse("catalogue:gaps"), {"district": district_iv.pk})
    assert response.status_code == 200
    view = response.context["view"]
    borbeck = next(row for row in view.rows if row.label == "Borbeck-Mitte")
    assert borbeck.counts["sprache"] == 1
    assert borbeck.counts["sport"] == 0
    assert view.citywide.counts["beratung"] == 1
    other = [row for row in view.rows if row.label != "Borbeck-Mitte"]
    assert all(sum(row.counts.values()) == 0 for row in other)
    assert "keine" in response.content.decode()


def test_gap_view_for_a_target_group_counts_offerings_for_everyone(client, landscape):
    district_iv = Area.objects.get(code="IV")
    view = client.get(
        reverse("catalogue:gaps"), {"district": district_iv.pk, "target_group": "senioren"}
    ).context["view"]
    assert sum(sum(row.counts.values()) for row in view.rows) == 0  # no Sprachcafé for them
    assert view.citywide.counts["beratung"] == 1  # "für alle"


@pytest.mark.parametrize("params", [{"district": "x"}, {"district": "1", "target_group": "x"}])
def test_gap_view_refuses_bad_values(client, db, params):
    assert client.get(reverse("catalogue:gaps"), params).status_code == 400


def test_open_data_json_and_csv_hold_every_listed_offering(client, landscape):
    data = json.loads(b"".join(client.get(reverse("catalogue:open_data_json")).streaming_content))
    assert [record["title"] for record in data] == [
        "Sprachcafé Borbeck",
        "Mädchenfußball",
        "Migrationsberatung",
    ]
    cafe = data[0]
    assert cafe["district"] == "IV"
    assert cafe["languages"] == ["de", "ar"]
    assert cafe["url"].endswith(reverse("catalogue:detail", args=[cafe["id"]]))
    assert data[2]["citywide"] is True
    assert data[2]["quarter"] is None
    raw = b"".join(client.get(reverse("catalogue:open_data_csv")).streaming_content)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [row["title"] for row in rows] == [record["title"] for record in data]
    assert rows[0]["languages"] == "de|ar"
    assert rows[2]["citywide"] == "true"


def test_open_data_csv_neutralises_formulas(client, essen):
    offering(essen, '=HYPERLINK("http://x")', provider="@evil")
    raw = b"".join(client.get(reverse("catalogue:open_data_csv")).streaming_content)
    row = next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert row["title"].startswith("'=")
    assert row["provider"] == "'@evil"


# --- GET /api/v1/catalogue/ (no login) -------------------------------------------------------

API = reverse("api:catalogue")


def test_api_catalogue_answers_without_login(client, landscape):
    response = client.get(API, {"q": "sprachcafe"})
    assert response.status_code == 200
    body = response.json()
    assert [record["title"] for record in body["results"]] == ["Sprachcafé Borbeck"]
    record = body["results"][0]
    assert record["languages"] == ["de", "ar"]
    assert record["funded_project"] is False
    assert record["url"].endswith(reverse("catalogue:detail", args=[record["id"]]))


def test_api_catalogue_filters_as_the_page(client, landscape):
    params = {"district": Area.objects.get(code="IV").pk, "topic": "beratung"}
    body = client.get(API, params).json()
    assert [record["title"] for record in body["results"]] == ["Migrationsberatung"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"topic": "kochen"}, "topic"), ({"district": "x"}, "district"), ({"suche": "x"}, "suche")],
)
def test_api_catalogue_refuses_bad_parameters(client, db, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.json()["errors"]


def test_citywide_offering_with_a_location_shows_it_and_counts_citywide(client, landscape, essen):
    """Issue #23: the Migrationsberatung at its address in Borbeck-Mitte is city-wide: the
    gap view counts it in the city-wide row, not in Borbeck-Mitte's; list and detail show
    where it is."""
    located = Offering.objects.create(
        city=essen,
        title="MBE Caritas",
        citywide=True,
        quarter=quarter("Borbeck-Mitte"),
        provider="Caritas",
        target_groups=["neuzugewanderte"],
        topics=["beratung"],
        external_id="mbe",
    )
    district_iv = Area.objects.get(code="IV")
    view = client.get(reverse("catalogue:gaps"), {"district": district_iv.pk}).context["view"]
    borbeck = next(row for row in view.rows if row.label == "Borbeck-Mitte")
    assert borbeck.counts["beratung"] == 0
    assert view.citywide.counts["beratung"] == 2
    detail = client.get(reverse("catalogue:detail", args=[located.pk])).content.decode()
    assert "stadtweit" in detail
    assert "Borbeck-Mitte" in detail
