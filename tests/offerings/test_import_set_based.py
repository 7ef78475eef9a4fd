"""The set-based import writer (issue #25, docs/performance.md): a batch is a few statements,
not five per row, and its report and stored data are those of the row-by-row write it falls
back to when the database refuses a row."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from backend.offerings import import_writer
from backend.offerings.models import Offering, OfferingEvent
from backend.offerings.services import offering_import

pytestmark = pytest.mark.django_db


def rows(count, *, prefix="x"):
    return [
        {"external_id": f"{prefix}{i}", "title": f"Angebot {i}", "citywide": True}
        for i in range(count)
    ]


MIXED = [
    {"external_id": "a0", "title": "Angebot 0 neu", "citywide": True},  # changed
    {"external_id": "a1", "title": "Angebot 1", "citywide": True},  # unchanged
    {"external_id": "n1", "title": "Sprachcafé", "quarter": "Borbeck-Mitte"},  # new
    {"external_id": "n2", "title": "", "citywide": True},  # missing title
    {"external_id": "n1", "title": "Doppelt", "quarter": "Borbeck-Mitte"},  # duplicate
    {"external_id": "n3", "title": "Kiosk", "quarter": "Altendorf"},  # district III
    {"external_id": "a2", "title": "x" * 500, "citywide": True},  # too long
    {"external_id": "n4", "title": "Treff", "quarter": "Bochold"},  # new
]


def state():
    stored = sorted(
        Offering.objects.values_list("external_id", "title", "quarter__name", "citywide")
    )
    events = sorted(
        (e.offering.external_id, e.kind, e.channel, sorted(e.changes.items()))
        for e in OfferingEvent.objects.select_related("offering")
    )
    return stored, events


def variant(essen, monkeypatch, *, row_by_row, **kwargs):
    """The report and the stored data of importing MIXED over three offerings, then undone."""
    with transaction.atomic():
        offering_import(city=essen, rows=rows(3, prefix="a"), source="s")
        with monkeypatch.context() as patch:
            if row_by_row:

                def refuse(writes, scope):
                    raise DatabaseError("forced: every row on its own")

                patch.setattr(import_writer, "_write_batch", refuse)
            report = offering_import(city=essen, rows=MIXED, source="s", partial=True, **kwargs)
        result = (report.as_dict(), *state())
        transaction.set_rollback(True)
    return result


def test_set_based_write_reports_and_stores_what_the_row_by_row_write_does(essen, monkeypatch):
    bulk = variant(essen, monkeypatch, row_by_row=False)
    single = variant(essen, monkeypatch, row_by_row=True)
    report = bulk[0]
    assert (report["created"], report["updated"], report["unchanged"]) == (3, 1, 1)
    assert [p["row"] for p in report["problems"]] == [4, 5, 7]
    assert bulk == single


def test_scoped_import_refuses_rows_outside_the_district_alike_in_both_writes(
    essen, district_iv, monkeypatch
):
    scope = {"districts": frozenset({district_iv.pk})}
    bulk = variant(essen, monkeypatch, row_by_row=False, **scope)
    single = variant(essen, monkeypatch, row_by_row=True, **scope)
    codes = [(p["row"], p["code"]) for p in bulk[0]["problems"]]
    assert (1, "forbidden_district") in codes  # a citywide offering
    assert (6, "forbidden_district") in codes  # Altendorf is district III
    assert bulk == single


def test_a_row_the_database_refuses_is_reported_and_the_rest_of_its_batch_stored(essen):
    with connection.cursor() as cursor:  # a rule only the database knows (undone with the test)
        cursor.execute(
            "ALTER TABLE offerings_offering ADD CONSTRAINT bench_no_boom CHECK (title <> 'Boom')"
        )
    batch = [
        *rows(3),
        {"external_id": "b", "title": "Boom", "citywide": True},
        *rows(2, prefix="y"),
    ]
    report = offering_import(city=essen, rows=batch, partial=True)
    assert [(p.row, p.code) for p in report.problems] == [(4, "invalid_value")]
    assert "Nicht speicherbar" in report.problems[0].message
    assert report.created == 5
    assert Offering.objects.count() == OfferingEvent.objects.count() == 5

    strict = offering_import(city=essen, rows=[*rows(2, prefix="z"), batch[3]])
    assert [(p.row, p.code) for p in strict.problems] == [(3, "invalid_value")]
    assert Offering.objects.count() == 5  # all or nothing


def test_a_large_import_is_a_few_statements_per_batch(essen, django_assert_max_num_queries):
    count = 2 * import_writer.BATCH + 10
    # Per batch: savepoint, staging table, COPY, INSERT (offerings and their events), drop,
    # release; plus the lookups. Row by row it was five statements per row.
    with django_assert_max_num_queries(25):
        report = offering_import(city=essen, rows=rows(count))
    assert report.created == count
    assert Offering.objects.count() == OfferingEvent.objects.count() == count
    changed = [{**row, "title": row["title"] + " neu"} for row in rows(count)]
    with django_assert_max_num_queries(25):
        report = offering_import(city=essen, rows=changed)
    assert (report.updated, report.unchanged) == (count, 0)
    assert Offering.objects.filter(title__endswith=" neu").count() == count
