"""``make bench-scale``: the hot paths of a Land-wide installation, beside their floors.

Seeds a scratch database (created and dropped here) with ``--small`` cases and offerings
(default 10k), measures, grows it to ``--cases``/``--offerings`` (default 100k each) and
measures again. For every request it prints p50 and p95 over ``--runs`` calls (in-process,
Django's test client: the whole view, middleware and serializer, no network), the number of
queries, and a **baseline** measured in the same run: the bare indexed SQL that returns the
same rows, turned into JSON with the standard library (what a raw psycopg + json endpoint
would do). ``ratio`` = p50 / baseline p50; ``growth`` = p50 at the large size / p50 at the
small size (the curve: 1.0 is flat).

A Land (1M cases, 1M offerings, 400 cities)::

    make bench-scale ARGS="--cases 1000000 --offerings 1000000 --cities 400"

needs about 6 GB of disk and, on 2 cores, about 30-40 minutes (docs/performance.md). Figures,
never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib import parse

from tests.benchmarks.scratch_db import scratch_database, setup_django

Row = tuple[str, float, float, int, float]  # name, p50 ms, p95 ms, queries, baseline p50 ms


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    call()  # warm: caches, prepared plans, connection
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def queries_of(call: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def raw(sql: str, params: list[Any] | None = None) -> Callable[[], str]:
    """The baseline: one bare SQL statement, rows to JSON."""
    from django.db import connection

    def run() -> str:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            columns = [c.name for c in cursor.description]
            return json.dumps(
                [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()], default=str
            )

    return run


def get(client: Any, url: str, data: dict[str, Any] | None = None) -> Callable[[], Any]:
    def run() -> Any:
        response = client.get(url, data or {})
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
        return response

    return run


LIST_COLUMNS = "id, reference, title, state, quarter_id, created_at"


def deep_cursor(fraction: float) -> tuple[str, Any]:
    """A case-list cursor (as the API issues it) ``fraction`` of the way through the list."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        (total,) = cursor.fetchone()
        cursor.execute(
            "SELECT created_at FROM cases_case ORDER BY created_at DESC, id DESC OFFSET %s LIMIT 1",
            [int(total * fraction)],
        )
        (position,) = cursor.fetchone()
    from django.utils import timezone

    value = str(timezone.localtime(position))
    encoded = base64.b64encode(parse.urlencode({"p": value}).encode("ascii")).decode("ascii")
    return encoded, position


def targets(world: Any) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """(name, the request, its baseline)."""
    from django.test import Client
    from rest_framework.test import APIClient

    from backend.accounts.models import User
    from backend.areas.models import Area
    from backend.cases.overlap import overlap_check

    central = User.objects.get(pk=world.central_id)
    coordinator = User.objects.get(pk=world.coordinator_id)
    api = APIClient()
    api.force_authenticate(central)
    office, district_office, public = Client(), Client(), Client()
    office.force_login(central)
    district_office.force_login(coordinator)
    quarter = Area.objects.filter(parent_id=world.essen_district_id).order_by("pk").first()
    cursor, position = deep_cursor(0.9)
    district_ids = "SELECT id FROM areas_area WHERE parent_id = %s"
    page = f"SELECT {LIST_COLUMNS} FROM cases_case"
    newest = "ORDER BY created_at DESC, id DESC LIMIT 25"
    return [
        ("case list, first page", get(api, "/api/v1/cases/"), raw(f"{page} {newest}")),
        (
            "case list, deep cursor (90 %)",
            get(api, "/api/v1/cases/", {"cursor": cursor}),
            raw(f"{page} WHERE created_at < %s {newest}", [position]),
        ),
        (
            "case list, state=advice",
            get(api, "/api/v1/cases/", {"state": "advice"}),
            raw(f"{page} WHERE state = 'advice' {newest}"),
        ),
        (
            "case list, district (Essen IV)",
            get(api, "/api/v1/cases/", {"district": world.essen_district_id}),
            raw(f"{page} WHERE quarter_id IN ({district_ids}) {newest}", [world.essen_district_id]),
        ),
        (
            "case list, program",
            get(api, "/api/v1/cases/", {"program": world.program_id}),
            raw(f"{page} WHERE program_id = %s {newest}", [world.program_id]),
        ),
        (
            "case list, q=Sprachcafe",
            get(api, "/api/v1/cases/", {"q": "Sprachcafe"}),
            raw(f"{page} WHERE search_text LIKE '%%sprachcafe%%' {newest}"),
        ),
        (
            "inbox, central office",
            get(office, "/koordination/"),
            raw(f"{page} {newest}"),
        ),
        (
            "inbox, district IV",
            get(district_office, "/koordination/"),
            raw(f"{page} WHERE quarter_id IN ({district_ids}) {newest}", [world.essen_district_id]),
        ),
        (
            "case page",
            get(district_office, f"/koordination/faelle/{world.reference}/"),
            raw(
                "SELECT c.*, e.* FROM cases_case c JOIN cases_caseevent e ON e.case_id = c.id "
                "WHERE c.reference = %s",
                [world.reference],
            ),
        ),
        (
            "public form GET /essen/ideen/neu/",
            get(public, "/essen/ideen/neu/"),
            raw(
                "SELECT id, name, parent_id FROM areas_area WHERE city_id = "
                "(SELECT id FROM areas_city WHERE slug = 'essen')"
            ),
        ),
        (
            "status page",
            get(public, f"/ideen/status/{world.token}/"),
            raw("SELECT * FROM cases_case WHERE reference = %s", [world.reference]),
        ),
        (
            "overlap check (engine)",
            lambda: overlap_check(
                title="Sprachcafé für Eltern im Stadtteil",
                description="Eltern treffen sich zum Deutsch sprechen, mit Kinderbetreuung.",
                quarter=quarter,
                target_groups=["familien"],
                topics=["sprache"],
            ),
            raw(
                "SELECT id, title FROM offerings_offering WHERE search_vector @@ "
                "to_tsquery('german_unaccent', 'sprachcafe | elt') AND city_id = %s LIMIT 10",
                [quarter.city_id if quarter else 0],
            ),
        ),
        (
            "offerings list, first page",
            get(api, "/api/v1/offerings/"),
            raw("SELECT id, title FROM offerings_offering ORDER BY title, id LIMIT 100"),
        ),
        (
            "statistics page",
            get(office, "/koordination/auswertung/"),
            raw("SELECT state, count(*) FROM cases_case GROUP BY state"),
        ),
    ]


def explain(world: Any) -> None:
    """EXPLAIN ANALYZE of the slowest statement of each request (docs/performance.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, call, _baseline in targets(world):
        with CaptureQueriesContext(connection) as captured:
            call()
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        sql = slowest["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        print(
            f"\n-- {name}: slowest of {len(captured.captured_queries)} statements "
            f"({float(slowest['time']) * 1000:.1f} ms)\n{sql[:600]}"
        )
        print("\n".join(plan[:40]))


def measure(world: Any, runs: int) -> list[Row]:
    rows = []
    for name, call, baseline in targets(world):
        p50, p95 = timed(call, runs)
        base50, _ = timed(baseline, runs)
        rows.append((name, p50, p95, queries_of(call), base50))
        print(
            f"  {name:34} {p50:9.1f} {p95:9.1f} {rows[-1][3]:5} {base50:9.2f} "
            f"{p50 / max(base50, 0.001):8.0f}×",
            flush=True,
        )
    return rows


def export_figures(world: Any, limit: int) -> None:
    """The case-list CSV export of every case (up to ``limit`` rows) against COPY of them."""
    from django.db import connection
    from django.test import Client

    from backend.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=world.central_id))
    started = time.perf_counter()
    get(client, "/koordination/auswertung/faelle.csv")()
    view = time.perf_counter() - started
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            f"COPY (SELECT {LIST_COLUMNS}, challenge FROM cases_case LIMIT {int(limit)}) TO STDOUT "
            "WITH (FORMAT csv)"
        ) as copy,
    ):
        for _block in copy:
            pass
    floor = time.perf_counter() - started
    print(
        f"  export CSV (every case): {view:.1f} s; COPY of the same rows: {floor:.2f} s; "
        f"ratio {view / max(floor, 0.001):.0f}×"
    )


def import_figures(count: int) -> None:
    """``offering_import`` of ``count`` new rows, then of the same rows changed, as rows/s,
    against COPY of the same rows into a table of the same shape (the floor)."""
    from django.db import connection

    from backend.areas.models import City
    from backend.offerings.services import offering_import

    essen = City.objects.get(slug="essen")
    rows = [
        {
            "external_id": f"imp-{i}",
            "title": f"Sprachcafé Nummer {i}",
            "description": "Deutsch sprechen bei Kaffee und Kuchen, jeden Mittwoch.",
            "provider": f"Träger {i % 300}",
            "citywide": True,
            "topics": ["sprache", "begegnung"],
            "target_groups": ["familien"],
        }
        for i in range(count)
    ]
    for label, batch in (
        ("new", rows),
        ("changed", [{**r, "title": f"{r['title']}!"} for r in rows]),
    ):
        started = time.perf_counter()
        report = offering_import(city=essen, rows=batch, source="bench-import")
        seconds = time.perf_counter() - started
        assert report.ok, report.problems[:3]
        print(f"  import {count} {label} rows: {seconds:.1f} s = {count / seconds:,.0f} rows/s")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE import_floor (LIKE offerings_offering INCLUDING DEFAULTS); "
            "ALTER TABLE import_floor ALTER id DROP NOT NULL"
        )
        started = time.perf_counter()
        with cursor.copy(
            "COPY import_floor (created_at, updated_at, city_id, title, description, provider, "
            "citywide, target_groups, topics, schedule, address, contact, active, source, "
            "external_id, languages, inferred_bits, activity_bits) FROM STDIN"
        ) as copy:
            for r in rows:
                copy.write_row(
                    (
                        "now",
                        "now",
                        essen.pk,
                        r["title"],
                        r["description"],
                        r["provider"],
                        True,
                        r["target_groups"],
                        r["topics"],
                        "",
                        "",
                        "",
                        True,
                        "floor",
                        r["external_id"],
                        [],
                        0,  # the floor stores what it is given: no inference
                        0,
                    )
                )
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE import_floor")
    print(f"  COPY of the same rows (no checks, no indexes): {count / seconds:,.0f} rows/s")


HEADER = f"  {'request':34} {'p50 ms':>9} {'p95 ms':>9} {'qs':>5} {'base ms':>9} {'ratio':>9}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--offerings", type=int, default=100_000)
    parser.add_argument("--cities", type=int, default=40)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--explain", action="store_true", help="print the plans at the end")
    args = parser.parse_args()
    setup_django()
    from tests.benchmarks.scale_seed import seed_cases, seed_offerings, setup_world

    with scratch_database("scale_bench"):
        world = setup_world(args.cities)
        results = {}
        for cases, offerings in ((args.small, args.small), (args.cases, args.offerings)):
            started = time.perf_counter()
            seed_cases(cases, world)
            seed_offerings(offerings)
            seeded = time.perf_counter() - started
            print(
                f"\n{cases} cases, {offerings} offerings, {args.cities} cities + Essen "
                f"(seeded in {seeded:.0f} s)\n{HEADER}",
                flush=True,
            )
            results[cases] = measure(world, args.runs)
        export_figures(world, args.cases)
        import_figures(args.import_rows)
        if args.explain:
            explain(world)
        small, large = results[args.small], results[args.cases]
        print(f"\ngrowth {args.small} → {args.cases} cases (p50 large / p50 small; 1.0 = flat)")
        for (name, p50_small, *_), (_, p50_large, *_rest) in zip(small, large, strict=True):
            print(f"  {name:34} {p50_large / max(p50_small, 0.001):6.2f}")


if __name__ == "__main__":
    main()
