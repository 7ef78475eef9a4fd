"""The statistics page (/koordination/auswertung/) and its CSV/XLSX exports."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse

from backend.areas.models import Area
from backend.cases.models import Case
from tests.factories import UserFactory, submit_idea
from tests.statistics.generate import central_office_user

URL = reverse("workspace:statistics")


def export_url(what: str, fmt: str) -> str:
    return reverse("workspace:statistics_export", kwargs={"what": what, "fmt": fmt})


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def two_districts(coordinator, other_coordinator):
    """A case in district IV (Borbeck-Mitte) and one in district III (Frohnhausen)."""
    return submit_idea("Borbeck-Mitte"), submit_idea("Frohnhausen")


def test_statistics_page_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("workspace:login") in response["Location"]


def test_statistics_page_refuses_people_without_a_role(client, db):
    client.force_login(UserFactory(username="ohne-rolle"))
    assert client.get(URL).status_code == 403
    assert client.get(export_url("faelle", "csv")).status_code == 403


def test_coordinator_sees_the_figures_of_their_district_only(client, two_districts, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [row.district.code for row in figures.districts] == ["IV"]
    assert figures.total == 1
    html = response.content.decode()
    assert 'role="img"' in html
    assert "<svg" in html
    assert 'scope="row"' in html
    assert "<caption" in html


def test_central_office_sees_every_district(client, two_districts):
    client.force_login(central_office_user())
    figures = client.get(URL).context["figures"]
    assert figures.total == 2
    assert len(figures.districts) == Area.objects.filter(kind="district").count()


def test_filters_narrow_the_figures(client, two_districts):
    client.force_login(central_office_user())
    district = Area.objects.get(code="III")
    figures = client.get(URL, {"district": district.pk, "year": ""}).context["figures"]
    assert [row.district.code for row in figures.districts] == ["III"]
    assert figures.total == 1


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "abc"}, "year", "Bitte ein Jahr angeben"),
        ({"year": "99999999999999999999"}, "year", "2100"),
        ({"year": "1900"}, "year", "2000"),
        ({"district": "abc"}, "district", "Diese Auswahl gibt es nicht"),
        ({"district": "999999999"}, "district", "Diese Auswahl gibt es nicht"),
        ({"district": "9" * 30}, "district", "Diese Auswahl gibt es nicht"),
        ({"program": "-1"}, "program", "Diese Auswahl gibt es nicht"),
        ({"city": "essen"}, "city", "Diese Auswahl gibt es nicht"),
    ],
)
def test_bad_filter_values_are_german_errors(client, coordinator, params, field, message):
    client.force_login(coordinator)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["figures"] is None
    assert message in response.content.decode()
    assert client.get(export_url("faelle", "csv"), params).status_code == 400


def test_a_coordinator_cannot_filter_by_another_district(client, two_districts, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"district": Area.objects.get(code="III").pk})
    assert response.status_code == 400
    assert "Diese Auswahl gibt es nicht" in response.content.decode()


def test_case_list_csv_is_german_and_scoped(client, two_districts, coordinator):
    client.force_login(coordinator)
    response = client.get(export_url("faelle", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["ID", "Vorgang", "Titel"]
    assert len(rows) == 2  # header and the one case of district IV
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Stadtbezirk"] == "IV"
    assert row["Status"] == "Idee eingereicht"
    assert row["Geschätzte Kosten (€)"] == "3000,00"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", row["Idee eingegangen am"])
    assert row["Themen"] == "Sprache, Begegnung"


FORMULAS = ['=HYPERLINK("http://x")', "+49 201", "-1+2", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.mark.parametrize("title", FORMULAS)
def test_case_list_csv_neutralises_formulas(client, coordinator, title):
    submit_idea(idea={"title": title}, association_name=f"={title[:10]} e.V.")
    client.force_login(coordinator)
    rows = csv_rows(client.get(export_url("faelle", "csv")))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Titel"] == "'" + title
    assert row["Träger"].startswith("'=")


def test_case_list_xlsx_is_a_workbook_with_text_cells(client, coordinator):
    submit_idea(idea={"title": "=1+1"})
    client.force_login(coordinator)
    response = client.get(export_url("faelle", "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(body(response))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    assert "'=1+1" in sheet
    assert "Borbeck-Mitte" in sheet


def test_figures_export_has_every_table(client, two_districts):
    client.force_login(central_office_user())
    rows = csv_rows(client.get(export_url("kennzahlen", "csv")))
    titles = [row[0] for row in rows if len(row) == 1]
    assert titles == [
        "Bezirke und Status",
        "Programme und Jahre",
        "Themen",
        "Zielgruppen",
        "Dauer bis zur Entscheidung",
    ]
    with zipfile.ZipFile(io.BytesIO(body(client.get(export_url("kennzahlen", "xlsx"))))) as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 5


def test_exports_change_nothing(client, two_districts, coordinator):
    before = list(Case.objects.values_list("pk", "version", "state"))
    client.force_login(coordinator)
    for what in ("faelle", "kennzahlen"):
        for fmt in ("csv", "xlsx"):
            assert client.get(export_url(what, fmt)).status_code == 200
    assert list(Case.objects.values_list("pk", "version", "state")) == before
