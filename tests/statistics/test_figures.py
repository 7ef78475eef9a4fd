"""Every figure of ``backend.statistics.selectors`` against a direct SQL aggregate on generated
data: the selectors and this SQL are written independently, so a wrong join, a lost filter or
a fan-out shows as a difference."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import connection

from backend.areas.models import Area
from backend.statistics.selectors import StatsFilters, stats_figures

ZERO = Decimal("0.00")

#: The facts of each case as plain SQL (the selectors use the ORM).
CASE_FACTS = """
    SELECT c.id, c.state, q.parent_id AS district, c.topics, c.target_groups,
           COALESCE(c.program_id, p.program_id) AS program,
           COALESCE(d.budget_year, EXTRACT(YEAR FROM p.funding_start)::int,
                    EXTRACT(YEAR FROM c.created_at AT TIME ZONE 'Europe/Berlin')::int) AS year,
           CASE WHEN c.submitted_at IS NOT NULL THEN p.requested_amount ELSE 0 END AS requested,
           CASE WHEN d.outcome = 'approved' THEN d.amount ELSE 0 END AS approved,
           (SELECT COALESCE(sum(po.amount), 0) FROM cases_payout po
             WHERE po.case_id = c.id AND po.status = 'paid') AS paid,
           COALESCE(r.received_amount, 0) AS repaid,
           d.decided_on - (c.created_at AT TIME ZONE 'Europe/Berlin')::date AS days
      FROM cases_case c
      JOIN areas_area q ON q.id = c.quarter_id
      LEFT JOIN cases_financingplan p ON p.case_id = c.id
      LEFT JOIN cases_decision d ON d.case_id = c.id
      LEFT JOIN cases_repayment r ON r.case_id = c.id
"""


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def facts(where: str = "TRUE", params=()) -> tuple[str, Any]:
    return f"SELECT * FROM ({CASE_FACTS}) f WHERE {where}", params


def _by_district_and_state(where, params):
    query, params = facts(where, params)
    rows = sql(f"SELECT district, state, count(*) FROM ({query}) x GROUP BY 1, 2", params)
    return {(district, state): n for district, state, n in rows}


def _money_by_district(where, params):
    query, params = facts(where, params)
    rows = sql(
        f"SELECT district, sum(requested), sum(approved), sum(paid), sum(repaid) "
        f"FROM ({query}) x GROUP BY 1",
        params,
    )
    return {district: tuple(money) for district, *money in rows}


SCOPES = {
    # name: (filters from the generated data, SQL condition, parameters)
    "all": (lambda g: StatsFilters(), lambda g: ("TRUE", ())),
    "district": (
        lambda g: StatsFilters(district=Area.objects.get(code="IV")),
        lambda g: ("district = %s", (Area.objects.get(code="IV").pk,)),
    ),
    "program": (
        lambda g: StatsFilters(program=g.programs[0]),
        lambda g: ("program = %s", (g.programs[0].pk,)),
    ),
    "year": (
        lambda g: StatsFilters(year=_busiest_year()),
        lambda g: ("year = %s", (_busiest_year(),)),
    ),
    "city": (
        lambda g: StatsFilters(city=Area.objects.get(code="IV").city),
        lambda g: ("TRUE", ()),
    ),
}


def _busiest_year() -> int:
    query, _ = facts()
    return sql(f"SELECT year FROM ({query}) x GROUP BY year ORDER BY count(*) DESC LIMIT 1")[0][0]


def scopes(generated) -> Iterator[tuple[Any, str, Any]]:
    """(filters, SQL condition, parameters) of each scope: one generation serves them all."""
    for make_filters, make_where in SCOPES.values():
        yield make_filters(generated), *make_where(generated)


def test_cases_by_district_and_state_match_sql(generated):
    for scope in scopes(generated):
        _check_district_states(generated, *scope)


def _check_district_states(generated, filters, where, params):
    figures = stats_figures(user=generated.central, filters=filters)
    expected = _by_district_and_state(where, params)
    got = {
        (row.district.pk, state): n
        for row in figures.districts
        for state, n in row.by_state.items()
        if n
    }
    assert got == expected
    assert figures.total == sum(expected.values())
    assert sum(figures.state_totals.values()) == figures.total


def test_money_by_district_matches_sql(generated):
    for scope in scopes(generated):
        _check_district_money(generated, *scope)


def _check_district_money(generated, filters, where, params):
    figures = stats_figures(user=generated.central, filters=filters)
    expected = _money_by_district(where, params)
    for row in figures.districts:
        money = row.money
        assert (money.requested, money.approved, money.paid, money.repaid) == expected.get(
            row.district.pk, (ZERO, ZERO, ZERO, ZERO)
        )


def test_programme_year_figures_match_sql(generated):
    for scope in scopes(generated):
        _check_programmes(generated, *scope)


def _check_programmes(generated, filters, where, params):
    figures = stats_figures(user=generated.central, filters=filters)
    query, params = facts(f"({where}) AND program IS NOT NULL", params)
    rows = sql(
        f"SELECT program, year, count(*), sum(requested), sum(approved), sum(paid), sum(repaid) "
        f"FROM ({query}) x GROUP BY 1, 2",
        params,
    )
    expected = {(p, y): tuple(rest) for p, y, *rest in rows}
    got = {
        (r.program.pk, r.year): (
            r.cases,
            r.money.requested,
            r.money.approved,
            r.money.paid,
            r.money.repaid,
        )
        for r in figures.programs
        if r.cases
    }
    assert got == expected
    # What is left of a year's budget: its amount, plus repayments returned to it, minus
    # what is committed (#14).
    budgets = {
        (p, y): (amount, committed, amount + returned - committed)
        for p, y, amount, committed, returned in sql(
            "SELECT program_id, year, amount, committed, returned FROM programs_programbudget"
        )
    }
    for row in figures.programs:
        if row.budget is not None:
            assert (row.budget, row.committed, row.remaining) == budgets[(row.program.pk, row.year)]


def test_generated_data_has_decisions_and_repayments(generated):
    """The comparisons above mean something only if the data has every kind of figure."""
    figures = stats_figures(user=generated.central, filters=StatsFilters())
    assert figures.durations[-1].decided > 3
    assert figures.money.requested > figures.money.approved > figures.money.paid > 0
    assert figures.money.repaid > 0
    assert all(figures.state_totals[state] for state in ("idea", "decision", "closed"))


def test_committed_budget_equals_the_budget_rows(generated):
    """The programmes' committed money is what their budget rows hold: each approval books
    its amount per budget year, a settled report releases what was not earned (#14)."""
    figures = stats_figures(user=generated.central, filters=StatsFilters())
    committed = sum((r.committed or ZERO) for r in figures.programs)
    programs = [p.pk for p in generated.programs]
    (expected,) = sql(
        "SELECT COALESCE(sum(committed), 0) FROM programs_programbudget WHERE program_id = ANY(%s)",
        [programs],
    )[0]
    assert committed == expected > 0
    assert committed <= figures.money.approved


def test_topics_and_target_groups_match_sql(generated):
    for scope in scopes(generated):
        for column in ("topics", "target_groups"):
            _check_vocabulary(generated, *scope, column)


def _check_vocabulary(generated, filters, where, params, column):
    figures = stats_figures(user=generated.central, filters=filters)
    query, params = facts(where, params)
    rows = sql(
        f"SELECT slug, count(*), count(*) FILTER (WHERE approved > 0), sum(approved) "
        f"FROM ({query}) x, unnest(x.{column}) slug GROUP BY slug",
        params,
    )
    expected = {slug: (n, approved_n, amount) for slug, n, approved_n, amount in rows}
    got = {
        row.slug: (row.cases, row.approved_cases, row.approved)
        for row in getattr(figures, column)
        if row.cases
    }
    assert got == expected


def test_days_from_idea_to_decision_match_sql(generated):
    for scope in scopes(generated):
        _check_durations(generated, *scope)


def _check_durations(generated, filters, where, params):
    figures = stats_figures(user=generated.central, filters=filters)
    query, params = facts(f"({where}) AND days IS NOT NULL", params)
    grouped = (
        "SELECT {key}, count(*), round(avg(days), 1), "
        "round(percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::numeric, 1), min(days), "
        "max(days) FROM ({query}) x {group}"
    )
    per_district = {
        row[0]: row[1:]
        for row in sql(
            grouped.format(key="district", query=query, group="GROUP BY district"), params
        )
    }
    overall = sql(grouped.format(key="NULL", query=query, group=""), params)[0][1:]
    for row in figures.durations:
        expected = overall if row.district is None else per_district.get(row.district.pk)
        got = (row.decided, row.mean_days, row.median_days, row.min_days, row.max_days)
        if expected is None:
            assert got == (0, None, None, None, None)
        else:
            assert got == tuple(expected)


def test_coordinator_sees_only_their_districts(generated, coordinator):
    figures = stats_figures(user=coordinator, filters=StatsFilters())
    district_iv = Area.objects.get(code="IV")
    assert [row.district for row in figures.districts] == [district_iv]
    assert figures.total == sum(_by_district_and_state("district = %s", (district_iv.pk,)).values())
    # Topic counts too: only cases of district IV.
    counts: dict[str, int] = defaultdict(int)
    for case in generated.cases:
        case.refresh_from_db()
        if case.quarter.parent_id == district_iv.pk:
            for slug in case.topics:
                counts[slug] += 1
    assert {r.slug: r.cases for r in figures.topics if r.cases} == dict(counts)


def test_someone_without_a_role_sees_nothing(generated):
    from tests.factories import UserFactory

    figures = stats_figures(user=UserFactory(username="niemand"), filters=StatsFilters())
    assert figures.total == 0
    assert figures.districts == []
    assert figures.programs == []
