"""The offering import: CSV and JSON, idempotent upsert, every bad-row reason, exit codes."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from backend.offerings.models import Offering
from backend.offerings.services import offering_import

HEADER = "external_id,title,description,provider,quarter,target_groups,topics,citywide"
GOOD = [
    "a1,Sprachcafé Borbeck,Deutsch üben,AWO,Borbeck-Mitte,gefluechtete;frauen,sprache,no",
    "a2,Migrationsberatung,Beratung,Caritas,,neuzugewanderte,beratung,yes",
]


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode("utf-8")


def run(essen, content: bytes, file_format="csv", **kwargs):
    return offering_import(city=essen, content=content, file_format=file_format, **kwargs)


def test_import_csv_creates_offerings_with_quarter_and_vocabularies(essen):
    report = run(essen, csv_bytes(*GOOD))
    assert report.ok
    assert report.stored
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    cafe = Offering.objects.get(external_id="a1")
    assert cafe.quarter.name == "Borbeck-Mitte"
    assert cafe.target_groups == ["gefluechtete", "frauen"]
    assert cafe.source == "import"
    assert Offering.objects.get(external_id="a2").citywide is True


def test_import_csv_reads_optional_columns(essen):
    header = HEADER + ",schedule,address,contact,valid_from,valid_to,active,source"
    row = GOOD[0] + ",mo 10 Uhr,Hauptstr. 1,0201 123,2026-01-01,2026-12-31,no,stadt"
    assert run(essen, csv_bytes(row, header=header)).ok
    offering = Offering.objects.get(external_id="a1", source="stadt")
    assert offering.schedule == "mo 10 Uhr"
    assert str(offering.valid_to) == "2026-12-31"
    assert offering.active is False


def test_import_json_with_lists_and_booleans(essen):
    rows = [
        {
            "external_id": "j1",
            "title": "Hausaufgabenhilfe",
            "description": "",
            "provider": "",
            "quarter": "Altendorf",
            "target_groups": ["kinder"],
            "topics": ["bildung"],
            "citywide": False,
        }
    ]
    report = run(essen, json.dumps(rows).encode(), file_format="json")
    assert report.ok
    assert Offering.objects.get(external_id="j1").quarter.name == "Altendorf"


def test_import_rows_directly_for_an_api(essen):
    report = offering_import(
        city=essen, rows=[{"external_id": "r1", "title": "X", "citywide": True}]
    )
    assert report.as_dict()["created"] == 1


def test_import_twice_is_idempotent_and_updates_changes(essen):
    run(essen, csv_bytes(*GOOD))
    again = run(essen, csv_bytes(*GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = run(essen, csv_bytes(GOOD[0].replace("Deutsch üben", "Neu"), GOOD[1]))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert Offering.objects.get(external_id="a1").description == "Neu"
    assert Offering.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        ("b,Titel,,,Borbeck-Mittte,,sprache,no", "unknown_quarter", "quarter"),
        ("b,Titel,,,Altendorf,kids,sprache,no", "unknown_slug", "target_groups"),
        ("b,Titel,,,Altendorf,,sprachen,no", "unknown_slug", "topics"),
        ("b,,,,Altendorf,,sprache,no", "missing_value", "title"),
        (",Titel,,,Altendorf,,sprache,no", "missing_value", "external_id"),
        ("b,Titel,,,,,sprache,no", "missing_value", "quarter"),
        ("b,Titel,,,Altendorf,,sprache,vielleicht", "invalid_value", "citywide"),
        ("b," + "T" * 201 + ",,,Altendorf,,sprache,no", "too_long", "title"),
        ("b,Titel,,,Altendorf,,sprache", "wrong_column_count", None),
    ],
)
def test_import_reports_bad_row_and_stores_nothing(essen, row, code, column):
    report = run(essen, csv_bytes(GOOD[0], row))
    assert not report.stored
    assert [(p.row, p.code, p.column) for p in report.problems] == [(3, code, column)]
    assert Offering.objects.count() == 0


def test_import_reports_invalid_dates(essen):
    header = HEADER + ",valid_from,valid_to"
    rows = [
        GOOD[0] + ",2026-05-01,2026-01-01",
        GOOD[1] + ",1.1.2026,",
        GOOD[1].replace("a2", "a3") + ",20260101,",  # Python would read these two,
        GOOD[1].replace("a2", "a4") + ",2026-W10-1,",  # the documented format is JJJJ-MM-TT
    ]
    report = run(essen, csv_bytes(*rows, header=header))
    assert [(p.row, p.code, p.column) for p in report.problems] == [
        (2, "invalid_value", "valid_to"),
        (3, "invalid_value", "valid_from"),
        (4, "invalid_value", "valid_from"),
        (5, "invalid_value", "valid_from"),
    ]


def test_import_reports_duplicate_external_id_in_file(essen):
    report = run(essen, csv_bytes(GOOD[0], GOOD[0]))
    assert [(p.row, p.code) for p in report.problems] == [(3, "duplicate_external_id")]


def test_partial_import_stores_good_rows_and_reports_bad(essen):
    bad = "b,,,,Nirgendwo,,,no"
    report = run(essen, csv_bytes(GOOD[0], bad, GOOD[1]), partial=True)
    assert report.stored
    assert report.created == 2
    assert report.bad_rows == 1
    assert {p.code for p in report.problems} == {"missing_value", "unknown_quarter"}
    assert Offering.objects.count() == 2


@pytest.mark.parametrize(
    "bad",
    [
        "n1,Sprach\x00café,,,Altendorf,kinder,sprache,no",
        "n1,Sprachcafé,,,Altendorf,kinder,sprache,no,mo\x00",
    ],
)
def test_nul_bytes_are_a_bad_row_not_a_crash_and_partial_keeps_the_good_rows(essen, bad):
    header = HEADER + (",schedule" if bad.count(",") == 8 else "")
    good = [row + ("," if header != HEADER else "") for row in GOOD]

    report = run(essen, csv_bytes(good[0], bad, good[1], header=header), partial=True)

    assert [(p.row, p.code) for p in report.problems] == [(3, "invalid_value")]
    assert "Nullzeichen" in report.problems[0].message
    assert report.stored
    assert report.created == 2
    assert Offering.objects.count() == 2


def test_lone_surrogate_in_json_is_a_bad_row(essen):
    rows = [{"external_id": "s1", "title": "Caf\ud800", "citywide": True}]
    report = run(essen, json.dumps(rows).encode(), file_format="json")

    assert [(p.row, p.code, p.column) for p in report.problems] == [(1, "invalid_value", "title")]
    assert Offering.objects.count() == 0


def test_partial_import_with_every_row_bad_stores_nothing_and_says_so(essen, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("b1,,,,Nirgendwo,,,no", "b2,,,,Altendorf,,sprache,no"))

    report = run(essen, bad.read_bytes(), partial=True)
    assert not report.stored
    with pytest.raises(SystemExit) as exit_code:
        call_command("import_offerings", str(bad), "--partial")
    assert exit_code.value.code == 1  # "nothing stored", as documented
    assert Offering.objects.count() == 0


def test_import_never_moves_another_citys_offering(essen):
    from backend.areas.services import areas_load_reference

    areas_load_reference(city_slug="oberhausen")
    from backend.areas.models import City

    oberhausen = City.objects.get(slug="oberhausen")
    assert run(essen, csv_bytes(GOOD[1])).ok
    row = "a2,Übernommen,,,,neuzugewanderte,beratung,yes"

    report = run(oberhausen, csv_bytes(row))

    assert [(p.row, p.code, p.column) for p in report.problems] == [(2, "conflict", "external_id")]
    offering = Offering.objects.get(external_id="a2")
    assert (offering.city, offering.title) == (essen, "Migrationsberatung")


@pytest.mark.parametrize(
    ("content", "file_format", "code"),
    [
        ("Sprachcafé".encode("latin-1") + b"\n", "csv", "not_utf8"),
        (b"", "csv", "empty_file"),
        (b"   \n", "json", "empty_file"),
        (HEADER.encode() + b"\n", "csv", "empty_file"),
        (b"id,titel\n1,x\n", "csv", "bad_header"),
        (b'[{"external_id": "x",', "json", "malformed_json"),
        (b'{"external_id": "x"}', "json", "malformed_json"),
        (b"[]", "json", "empty_file"),
        (b"[" * 100_000 + b"]" * 100_000, "json", "malformed_json"),  # too deep for Python
        (b'[{"external_id": ' + b"1" * 5000 + b"}]", "json", "malformed_json"),  # int limit
    ],
)
def test_import_rejects_unreadable_file(essen, content, file_format, code):
    report = run(essen, content, file_format=file_format)
    assert [(p.row, p.code) for p in report.problems] == [(None, code)]
    assert not report.stored
    assert Offering.objects.count() == 0


def test_import_json_reports_non_object_and_unknown_keys(essen):
    rows = [["not", "an", "object"], {"external_id": "x", "title": "T", "citywide": True, "x": 1}]
    report = run(essen, json.dumps(rows).encode(), file_format="json")
    assert [(p.row, p.code, p.column) for p in report.problems] == [
        (1, "invalid_row", None),
        (2, "unknown_column", "x"),
    ]


def test_command_exit_codes_and_report(essen, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(*GOOD))
    call_command("import_offerings", str(good))
    assert "2 created" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(GOOD[0].replace("a1", "a3"), "b,,,,Altendorf,,sprache,no"))
    with pytest.raises(SystemExit) as exit_all_or_nothing:
        call_command("import_offerings", str(bad))
    assert exit_all_or_nothing.value.code == 1
    assert "row 3, title" in capsys.readouterr().err
    assert not Offering.objects.filter(external_id="a3").exists()

    with pytest.raises(SystemExit) as exit_partial:
        call_command("import_offerings", str(bad), "--partial")
    assert exit_partial.value.code == 2
    assert Offering.objects.filter(external_id="a3").exists()


def test_command_prints_json_report(essen, tmp_path, capsys):
    path = tmp_path / "offerings.json"
    path.write_text("[1", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_offerings", str(path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["problems"][0]["code"] == "malformed_json"
    assert report["stored"] is False


def test_command_rejects_missing_file_and_unknown_format(essen, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("import_offerings", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="unknown format"):
        call_command("import_offerings", str(tmp_path / "offerings.xlsx"))


def test_semicolon_csv_from_a_german_spreadsheet_is_read(essen):
    """Excel with German settings saves "CSV" with semicolons; lists are then quoted."""
    header = HEADER.replace(",", ";")
    row = 'a1;Sprachcafé Borbeck;Deutsch üben;AWO;Borbeck-Mitte;"gefluechtete;frauen";sprache;no'

    report = run(essen, ("\ufeff" + header + "\n" + row + "\n").encode("utf-8"))

    assert report.ok, report.problems
    assert Offering.objects.get(external_id="a1").target_groups == ["gefluechtete", "frauen"]


@pytest.mark.parametrize("source", ["", "   ", "x" * 51])
def test_bad_source_is_one_problem_for_the_whole_import(essen, source):
    report = run(essen, csv_bytes(*GOOD), source=source)

    assert [(p.row, p.code, p.column) for p in report.problems] == [
        (None, "invalid_value", "source")
    ]
    assert not report.stored
    assert Offering.objects.count() == 0


def test_constraint_violations_read_as_german_sentences(essen):
    """The admin shows these; the constraint names meant nothing to people."""
    from django.core.exceptions import ValidationError

    offering = Offering(
        city=essen,
        title="x",
        citywide=False,
        quarter=None,
        valid_from="2026-05-01",
        valid_to="2026-01-01",
        external_id="c1",
    )
    with pytest.raises(ValidationError) as refused:
        offering.validate_constraints()

    messages = refused.value.messages
    assert "Ein Angebot ist entweder stadtweit oder liegt in einem Stadtteil." in messages
    assert "„Gültig bis“ liegt vor „gültig ab“." in messages


def test_citywide_offering_keeps_its_location(essen):
    """Integrationsatlas lists city-wide services at their address: the import keeps the
    quarter, and the offering counts for every district (issue #23)."""
    from backend.areas.models import Area, AreaKind

    report = run(
        essen,
        csv_bytes(
            "mbe-1,Migrationsberatung für Erwachsene,Beratung zu Aufenthalt und Behörden,"
            "Caritas,Altendorf,neuzugewanderte,beratung,yes"
        ),
    )
    assert report.ok, report.as_dict()
    offering = Offering.objects.get(external_id="mbe-1")
    assert offering.citywide
    assert offering.quarter == Area.objects.get(city=essen, kind=AreaKind.QUARTER, name="Altendorf")
