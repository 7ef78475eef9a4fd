"""POST /api/v1/offerings/import/: other systems load the offering catalogue (CSV or JSON),
through ``offering_import``; all or nothing unless ``partial``."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from backend.offerings.models import Offering
from tests.api.conftest import assert_problem, token_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/offerings/import/"
HEADER = "external_id,title,description,provider,quarter,target_groups,topics,citywide\n"
GOOD = "a1,Sprachcafé,Deutsch sprechen,Verein A,Borbeck-Mitte,familien,sprache,no\n"
CITYWIDE = "a2,Beratung,Für alle,Caritas,,alle,beratung,yes\n"
BAD = "a3,Treff,x,Verein,Atlantis,familien,sprache,no\n"


def csv_file(*rows: str, name: str = "angebote.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "".join(rows)).encode(), "text/csv")


def json_row(**overrides):
    row = {
        "external_id": "j1",
        "title": "Hausaufgabenhilfe",
        "description": "Nachmittags",
        "provider": "Jugendhilfe",
        "quarter": "Borbeck-Mitte",
        "target_groups": ["kinder"],
        "topics": ["bildung"],
        "citywide": False,
    }
    row.update(overrides)
    return row


def test_csv_upload_imports_and_reports(central_api):
    """The central office imports for the whole city, citywide offerings included."""
    response = central_api.post(URL, {"file": csv_file(GOOD, CITYWIDE)}, format="multipart")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "ok": True,
        "stored": True,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "bad_rows": 0,
        "problems": [],
    }
    assert set(Offering.objects.values_list("external_id", flat=True)) == {"a1", "a2"}


def test_reimport_changes_nothing(api, coordinator):
    api.post(URL, {"file": csv_file(GOOD)}, format="multipart")

    again = api.post(URL, {"file": csv_file(GOOD)}, format="multipart").json()

    assert (again["created"], again["unchanged"]) == (0, 1)


def test_bad_row_stores_nothing_and_answers_400_with_the_report(api, coordinator):
    response = api.post(URL, {"file": csv_file(GOOD, BAD)}, format="multipart")

    body = assert_problem(response, 400, "import-rejected")
    assert body["stored"] is False
    assert body["bad_rows"] == 1
    [problem] = body["problems"]
    assert (problem["code"], problem["row"], problem["column"]) == ("unknown_quarter", 3, "quarter")
    assert not Offering.objects.exists()


def test_partial_stores_the_good_rows(api, coordinator):
    response = api.post(URL, {"file": csv_file(GOOD, BAD), "partial": "true"}, format="multipart")

    body = assert_problem(response, 400, "import-rejected")
    assert body["stored"] is True
    assert body["created"] == 1
    assert list(Offering.objects.values_list("external_id", flat=True)) == ["a1"]


def test_json_file_upload(api, coordinator):
    upload = SimpleUploadedFile(
        "angebote.json", json.dumps([json_row()]).encode(), "application/json"
    )

    response = api.post(URL, {"file": upload, "source": "portal"}, format="multipart")

    assert response.status_code == 200, response.content
    assert Offering.objects.get().source == "portal"


def test_json_rows_in_the_body(central_api):
    response = central_api.post(
        URL,
        {"rows": [json_row(), json_row(external_id="j2", quarter="", citywide=True)]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("a.csv", b"\xff\xfe\x00", "text/csv"), "not_utf8"),
        (SimpleUploadedFile("a.csv", HEADER.encode(), "text/csv"), "empty_file"),
        (SimpleUploadedFile("a.csv", b"foo,bar\n1,2\n", "text/csv"), "bad_header"),
        (SimpleUploadedFile("a.json", b"{not json", "application/json"), "malformed_json"),
    ],
)
def test_unreadable_file_is_400_with_the_file_problem(api, coordinator, upload, code):
    body = assert_problem(
        api.post(URL, {"file": upload}, format="multipart"), 400, "import-rejected"
    )

    assert [p["code"] for p in body["problems"]] == [code]


@pytest.mark.parametrize(
    "upload",
    [
        lambda: csv_file("n1,Sprach\x00café,,,,alle,sprache,yes"),
        lambda: SimpleUploadedFile(
            "a.json", b'[{"external_id": "s1", "title": "Caf\\ud800", "citywide": true}]'
        ),
        lambda: SimpleUploadedFile("a.json", b"[" * 100_000 + b"]" * 100_000),
    ],
)
def test_nul_bytes_surrogates_and_deep_json_are_400_not_500(api, coordinator, upload):
    response = api.post(URL, {"file": upload()}, format="multipart")

    body = assert_problem(response, 400, "import-rejected")
    assert body["stored"] is False
    assert not Offering.objects.exists()


def test_nul_byte_in_json_rows_is_400(api, coordinator):
    row = json_row(schedule="mo\u0000")
    response = api.post(URL, {"rows": [row]}, format="json")

    assert_problem(response, 400, "import-rejected")
    assert not Offering.objects.exists()


def test_unknown_format_needs_the_format_field(api, coordinator):
    upload = SimpleUploadedFile("angebote.txt", (HEADER + GOOD).encode(), "text/plain")

    errors = assert_problem(api.post(URL, {"file": upload}, format="multipart"), 400, "validation")
    assert "format" in errors["errors"]
    response = api.post(URL, {"file": csv_file(GOOD, name="x.txt"), "format": "csv"}, "multipart")
    assert response.status_code == 200


def test_unknown_city_is_400(api, coordinator):
    response = api.post(URL, {"rows": [json_row()], "city": "atlantis"}, format="json")

    assert "city" in assert_problem(response, 400, "validation")["errors"]


@override_settings(API_MAX_IMPORT_BYTES=100)
def test_too_large_file_is_413(api, coordinator):
    response = api.post(URL, {"file": csv_file(GOOD, GOOD, GOOD)}, format="multipart")

    assert_problem(response, 413, "payload-too-large")


def test_read_only_token_may_not_import(api_readonly, coordinator):
    response = api_readonly.post(URL, {"rows": [json_row()]}, format="json")

    assert_problem(response, 403, "read-only-token")
    assert not Offering.objects.exists()


def test_anonymous_may_not_import(anon, essen):
    assert_problem(anon.post(URL, {"rows": [json_row()]}, format="json"), 401, "not-authenticated")


def test_signed_in_coordinator_without_staff_may_not_import(coordinator):
    client = APIClient()
    client.force_login(coordinator)

    response = client.post(URL, {"rows": [json_row()]}, format="json")

    assert_problem(response, 403, "permission-denied")


def test_signed_in_central_office_may_import(central):
    client = APIClient()
    client.force_login(central)

    response = client.post(URL, {"rows": [json_row()]}, format="json")

    assert response.status_code == 200, response.content


def test_token_of_a_user_without_districts_may_not_import(essen):
    outsider = UserFactory(username="niemand")

    response = token_client(outsider).post(URL, {"rows": [json_row()]}, format="json")

    assert_problem(response, 403, "permission-denied")


@pytest.mark.parametrize(
    "row",
    [
        {"title": {"a": 1}, "external_id": ["x"], "citywide": "vielleicht"},
        {"external_id": "x", "quarter": 5, "target_groups": "sprache", "topics": [1, None]},
        {"unknown": True},
        {},
    ],
)
def test_odd_json_rows_are_reported_never_a_500(api, coordinator, row):
    response = api.post(URL, {"rows": [row]}, format="json")

    body = assert_problem(response, 400, "import-rejected")
    assert body["bad_rows"] == 1
    assert not Offering.objects.exists()
