"""``make bench-export``: the case-list exports stream in constant memory.

Seeds 10k, then 100k cases (with plans and decisions for some) into a scratch database
(created and dropped here) and runs the workspace's export views - CSV and XLSX of the case
list - as the central office would, reading every chunk of the streamed answer and throwing it
away, as a client downloading the file does. For each size and format it prints the rows, the
bytes, the time and the peak of Python's memory (tracemalloc, in a second run: it slows
Python down). Constant memory means the 100k peak is about the 10k peak, not ten times it.
"""

from __future__ import annotations

import argparse
import gc
import resource
import time
import tracemalloc
from collections.abc import Callable

from tests.benchmarks.scratch_db import scratch_database, setup_django

SIZES = (10_000, 100_000)
FORMATS = ("csv", "xlsx")


def seed(upto: int) -> None:
    """Cases up to ``upto`` in all (copies of one real case with varied fields): every third
    with a submitted plan, every fifth of those approved, some with a formula-like title."""
    from django.db import connection

    from backend.cases.models import Case

    template = Case.objects.order_by("pk").first()
    have = Case.objects.count()
    assert template is not None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_case (created_at, updated_at, reference, state, version, title,
                challenge, affected, intended_result, first_ideas, next_steps, responsible,
                participants, quarter_id, target_groups, topics, estimated_cost, association_id,
                contact_id, assigned_to_id, tracking_token_hash, overlap_statement,
                overlap_snapshot, program_id, referral_kind, referral_reason, withdrawal_reason,
                deadline_exception, submitted_at)
            SELECT now() - (n %% 700) * interval '1 day', now(), 'B-' || n,
                (ARRAY['idea','advice','application','decision','closed'])[1 + n %% 5], 1,
                CASE WHEN n %% 97 = 0 THEN '=HYPERLINK("x")' ELSE 'Projekt Nummer ' || n END,
                c.challenge, c.affected, c.intended_result, '', '', '', '',
                (SELECT id FROM areas_area WHERE kind = 'quarter' ORDER BY id
                  OFFSET n %% 40 LIMIT 1),
                c.target_groups, c.topics, 1000 + n %% 5000, c.association_id, c.contact_id,
                c.assigned_to_id, md5('bench' || n), '', '{}'::jsonb, p.id, '', '', '', '',
                CASE WHEN n %% 3 = 0 THEN now() END
              FROM generate_series(%s, %s) n, cases_case c,
                   (SELECT id FROM programs_fundingprogram ORDER BY id LIMIT 1) p
             WHERE c.id = %s
            """,
            [have + 1, upto, template.pk],
        )
        cursor.execute(
            """
            INSERT INTO cases_financingplan (created_at, updated_at, case_id, program_id,
                financing_type, own_share, third_party, requested_amount, funding_start)
            SELECT now(), now(), c.id, c.program_id, 'fehlbedarf', 100, 0, 2500, current_date
              FROM cases_case c
             WHERE c.submitted_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM cases_financingplan f WHERE f.case_id = c.id)
            """
        )
        cursor.execute(
            """
            INSERT INTO cases_decision (created_at, updated_at, case_id, outcome, amount,
                budget_year, funding_start, conditions, reasons, deciding_body, decided_on)
            SELECT now(), now(), c.id, 'approved', 2400, extract(year FROM current_date),
                current_date, '', '', 'ASAGI', current_date
              FROM cases_case c
             WHERE c.submitted_at IS NOT NULL AND c.id % 5 = 0
               AND NOT EXISTS (SELECT 1 FROM cases_decision d WHERE d.case_id = c.id)
            """
        )
        cursor.execute("ANALYZE")


def _setup():
    """Essen's areas, one programme, one real case (the template), the central office."""
    from decimal import Decimal

    from backend.accounts.models import User
    from backend.areas.services import areas_load_reference
    from backend.cases.services import case_create
    from backend.programs.models import FundingProgram

    areas_load_reference(city_slug="essen")
    from backend.areas.models import Area, City

    FundingProgram.objects.create(
        city=City.objects.get(slug="essen"),
        name="Integrationsbudget",
        funder="Stadt",
        max_amount_per_case=Decimal("5000"),
    )
    case_create(
        idea={
            "title": "Sprachcafé",
            "challenge": "Eltern finden schwer Anschluss.",
            "affected": "Eltern",
            "intended_result": "Sie sprechen sicherer Deutsch.",
            "quarter": Area.objects.filter(kind="quarter").first(),
            "target_groups": ["familien"],
            "topics": ["sprache", "begegnung"],
        },
        association={"name": "Kulturbrücke e.V.", "postal_code": "45355", "legal_form": "ev"},
        contact={"name": "Ayşe Demir", "email": "ayse@example.org"},
    )
    return User.objects.create(username="bench-zentrale", is_central_office=True)


def export(user, fmt: str) -> Callable[[], int]:
    """A function that runs the case-list export view and reads its answer (→ bytes)."""
    from django.test import RequestFactory

    from backend.workspace.views.statistics import statistics_export

    def run() -> int:
        request = RequestFactory().get(f"/koordination/auswertung/faelle.{fmt}")
        request.user = user
        response = statistics_export(request, what="faelle", fmt=fmt)
        size = 0
        for chunk in response.streaming_content:  # type: ignore[attr-defined]
            size += len(chunk)
        response.close()
        return size

    return run


def measure(user, fmt: str) -> tuple[int, float, float]:
    """(bytes, seconds, peak MiB of Python memory) of one export."""
    run = export(user, fmt)
    gc.collect()
    started = time.perf_counter()
    size = run()
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    setup_django()
    with scratch_database("export_bench"):
        user = _setup()
        print(
            f"{'rows':>8}  {'format':6}  {'MiB out':>8}  {'seconds':>8}  "
            f"{'peak MiB (Python)':>18}  {'process RSS high-water MiB':>27}"
        )
        peaks: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        for size in sizes:
            seed(size)
            for fmt in FORMATS:
                out, seconds, peak = measure(user, fmt)
                peaks[fmt].append(peak)
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(
                    f"{size:>8}  {fmt:6}  {out / 2**20:>8.1f}  {seconds:>8.1f}  "
                    f"{peak:>18.1f}  {rss:>27.0f}"
                )
        for fmt, values in peaks.items():
            if len(values) > 1 and values[0] > 0:
                ratio = values[-1] / values[0]
                print(f"{fmt}: peak at {sizes[-1]} rows = {ratio:.2f} × the peak at {sizes[0]}")


if __name__ == "__main__":
    main()
