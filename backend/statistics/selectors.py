"""The figures of the statistics page, its exports and ``GET /api/v1/stats/`` (issue #16).

One module on purpose: every channel shows the same numbers because it calls these functions.

- Scope: every figure starts from ``stats_cases`` = ``cases_visible_to`` (a coordinator counts
  the cases of their districts, the central office all) narrowed by ``StatsFilters``.
- Money per case is one expression each (``MONEY``): requested, approved, paid, repaid. To
  change what a figure means (issue #14 brings payout records), change its expression here;
  the tables, exports and API follow.
- The year of a case (``CASE_YEAR``) is its budget year once decided, else the year its
  planned funding starts, else the year it was submitted as an idea (Berlin time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    DecimalField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as Conditional
from django.db.models.functions import Coalesce, ExtractYear, TruncDate

from backend.areas.models import Area
from backend.cases.models import Case, DecisionOutcome, Payout, PayoutStatus
from backend.cases.selectors import cases_visible_to
from backend.common.vocabularies import TargetGroup, Topic
from backend.programs.models import FundingProgram, ProgramBudget
from backend.statistics.choices import stats_district_choices, stats_program_choices
from backend.statistics.results import (
    ZERO,
    DistrictRow,
    DurationRow,
    Figures,
    Money,
    ProgramYearRow,
    StatsFilters,
    VocabularyRow,
)
from workflows.states import CaseState

TENTH = Decimal("0.1")
_MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


__all__ = [
    "CASE_PROGRAM",
    "CASE_YEAR",
    "MONEY",
    "DistrictRow",
    "DurationRow",
    "Figures",
    "Money",
    "ProgramYearRow",
    "StatsFilters",
    "VocabularyRow",
    "stats_by_district_state",
    "stats_by_program_year",
    "stats_by_vocabulary",
    "stats_cases",
    "stats_figures",
    "stats_idea_to_decision",
]

# --- What a case counts as -------------------------------------------------------------------

#: The programme of a case: the one it applied to, else the one its draft plan names.
CASE_PROGRAM = Coalesce(F("program_id"), F("financing_plan__program_id"))
#: The year a case is counted in (see the module docstring).
CASE_YEAR = Coalesce(
    F("decision__budget_year"),
    ExtractYear("financing_plan__funding_start"),
    ExtractYear("created_at"),
    output_field=IntegerField(),
)


def _money(expression: Any) -> Any:
    return Coalesce(expression, Value(ZERO), output_field=_MONEY_FIELD)


_APPROVED = Conditional(
    When(decision__outcome=DecisionOutcome.APPROVED, then=F("decision__amount")),
    default=Value(ZERO),
    output_field=_MONEY_FIELD,
)

#: Money per case, by figure. ``requested``: the plan's requested amount once an application
#: was submitted. ``approved``: the approved amount of an approval. ``paid``: the case's
#: payouts that were paid out. ``repaid``: the repayment the coordination recorded as received.
MONEY: dict[str, Any] = {
    "requested": _money(
        Conditional(
            When(
                submitted_at__isnull=False,
                then=F("financing_plan__requested_amount"),
            ),
            default=Value(ZERO),
            output_field=_MONEY_FIELD,
        )
    ),
    "approved": _money(_APPROVED),
    "paid": _money(
        Subquery(
            Payout.objects.filter(case=OuterRef("pk"), status=PayoutStatus.PAID)
            .values("case")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=_MONEY_FIELD,
        )
    ),
    "repaid": _money(F("repayment__received_amount")),
}
MONEY_FIGURES = tuple(MONEY)


def _money_sums(prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}{name}": Coalesce(Sum(expr), Value(ZERO)) for name, expr in MONEY.items()}


# --- Scope -----------------------------------------------------------------------------------


def stats_cases(*, user: Any, filters: StatsFilters) -> QuerySet[Case]:
    """The cases ``user`` may see, narrowed by ``filters`` (the base of every figure)."""
    qs = cases_visible_to(user=user)
    if filters.city is not None:
        qs = qs.filter(quarter__city=filters.city)
    if filters.district is not None:
        qs = qs.filter(quarter__parent=filters.district)
    if filters.program is not None:
        qs = qs.alias(scope_program=CASE_PROGRAM).filter(scope_program=filters.program.pk)
    if filters.year is not None:
        qs = qs.alias(scope_year=CASE_YEAR).filter(scope_year=filters.year)
    return qs


# --- Figures ---------------------------------------------------------------------------------


def stats_figures(*, user: Any, filters: StatsFilters) -> Figures:
    """All figures for ``user`` under ``filters`` (a fixed number of queries)."""
    cases = stats_cases(user=user, filters=filters)
    districts = stats_by_district_state(user=user, cases=cases, filters=filters)
    state_totals = {
        state.value: sum(row.by_state[state.value] for row in districts) for state in CaseState
    }
    return Figures(
        filters=filters,
        total=sum(row.total for row in districts),
        districts=districts,
        state_totals=state_totals,
        money=Money(
            **{name: sum((getattr(r.money, name) for r in districts), ZERO) for name in MONEY}
        ),
        programs=stats_by_program_year(user=user, cases=cases, filters=filters),
        topics=stats_by_vocabulary(cases=cases, column="topics", vocabulary=Topic),
        target_groups=stats_by_vocabulary(
            cases=cases, column="target_groups", vocabulary=TargetGroup
        ),
        durations=stats_idea_to_decision(user=user, cases=cases, filters=filters),
    )


def _districts_in_scope(*, user: Any, filters: StatsFilters) -> list[Area]:
    qs = stats_district_choices(user=user)
    if filters.city is not None:
        qs = qs.filter(city=filters.city)
    if filters.district is not None:
        qs = qs.filter(pk=filters.district.pk)
    return list(qs)


def stats_by_district_state(
    *, user: Any, cases: QuerySet[Case], filters: StatsFilters
) -> list[DistrictRow]:
    """Per district in scope (also those without cases): cases by state and their money."""
    rows: Iterable[Any] = (
        cases.order_by()
        .values("quarter__parent_id", "state")
        .annotate(n=Count("pk"), **_money_sums())
    )
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    money: dict[int | None, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(MONEY, ZERO))
    for row in rows:
        district_id = row["quarter__parent_id"]
        counts[district_id][row["state"]] = row["n"]
        for name in MONEY:
            money[district_id][name] += row[name]
    result = []
    for district in _districts_in_scope(user=user, filters=filters):
        by_state = {state.value: counts[district.pk].get(state.value, 0) for state in CaseState}
        result.append(
            DistrictRow(
                district=district,
                by_state=by_state,
                total=sum(by_state.values()),
                money=Money(**money[district.pk]),
            )
        )
    return result


def _budgets(*, user: Any, filters: StatsFilters) -> QuerySet[ProgramBudget]:
    programs = stats_program_choices(user=user)
    if filters.city is not None:
        programs = programs.filter(city=filters.city)
    if filters.program is not None:
        programs = programs.filter(pk=filters.program.pk)
    budgets = ProgramBudget.objects.filter(program__in=programs)
    if filters.year is not None:
        budgets = budgets.filter(year=filters.year)
    return budgets.select_related("program")


def stats_by_program_year(
    *, user: Any, cases: QuerySet[Case], filters: StatsFilters
) -> list[ProgramYearRow]:
    """Per programme and year: the cases' money and the year's budget (committed, remaining).

    A row exists where the programme has a budget or a case in scope that year; cases without
    a programme (ideas not yet planned) are in no row."""
    rows: Iterable[Any] = (
        cases.annotate(stats_program=CASE_PROGRAM, stats_year=CASE_YEAR)
        .filter(stats_program__isnull=False)
        .order_by()
        .values("stats_program", "stats_year")
        .annotate(n=Count("pk"), **_money_sums())
    )
    by_key: dict[tuple[int, int], dict[str, Any]] = {
        (row["stats_program"], row["stats_year"]): row for row in rows
    }
    budgets = {(b.program_id, b.year): b for b in _budgets(user=user, filters=filters)}
    programs = {
        p.pk: p
        for p in FundingProgram.objects.filter(
            pk__in={key[0] for key in by_key} | {key[0] for key in budgets}
        )
    }
    result = []
    for key in set(by_key) | set(budgets):
        row = by_key.get(key, {})
        budget = budgets.get(key)
        result.append(
            ProgramYearRow(
                program=programs[key[0]],
                year=key[1],
                cases=row.get("n", 0),
                money=Money(**{name: row.get(name, ZERO) for name in MONEY}),
                budget=budget.amount if budget else None,
                committed=budget.committed if budget else None,
                remaining=budget.remaining if budget else None,
            )
        )
    return sorted(result, key=lambda r: (r.program.name, r.year))


def stats_by_vocabulary(
    *, cases: QuerySet[Case], column: str, vocabulary: type[Topic] | type[TargetGroup]
) -> list[VocabularyRow]:
    """Per topic (or target group) of ``vocabulary``: cases naming it, approved ones and the
    approved money; every slug of the vocabulary gets a row, in the vocabulary's order."""
    approved = Q(decision__outcome=DecisionOutcome.APPROVED)
    rows: Iterable[Any] = (
        cases.annotate(slug=Func(F(column), function="unnest", output_field=CharField()))
        .order_by()
        .values("slug")
        .annotate(
            n=Count("pk"),
            approved_cases=Count("pk", filter=approved),
            approved=Coalesce(Sum(MONEY["approved"]), Value(ZERO)),
        )
    )
    found: dict[str, dict[str, Any]] = {row["slug"]: row for row in rows}
    return [
        VocabularyRow(
            slug=slug,
            label=str(label),
            cases=found.get(slug, {}).get("n", 0),
            approved_cases=found.get(slug, {}).get("approved_cases", 0),
            approved=found.get(slug, {}).get("approved", ZERO),
        )
        for slug, label in vocabulary.choices
    ]


class Median(Aggregate):
    """The median (PostgreSQL's ``percentile_cont(0.5)``)."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


#: Days from the idea to the decision: the decision's date minus the day the idea came in.
DAYS_TO_DECISION = Func(
    F("decision__decided_on"),
    TruncDate("created_at"),
    template="(%(expressions)s)",
    arg_joiner=" - ",
    output_field=IntegerField(),
)


def stats_idea_to_decision(
    *, user: Any, cases: QuerySet[Case], filters: StatsFilters
) -> list[DurationRow]:
    """Per district in scope, then for all of them: days from idea to decision (count, mean,
    median, shortest, longest) of the cases with a decision (approval or rejection)."""
    decided = cases.filter(decision__isnull=False).annotate(days=DAYS_TO_DECISION).order_by()
    figures = {
        "decided": Count("pk"),
        "mean": Avg("days"),
        "median": Median("days"),
        "shortest": Min("days"),
        "longest": Max("days"),
    }
    grouped: Iterable[Any] = decided.values("quarter__parent_id").annotate(**figures)
    per_district = {row["quarter__parent_id"]: row for row in grouped}
    rows = [
        _duration_row(district, per_district.get(district.pk, {}))
        for district in _districts_in_scope(user=user, filters=filters)
    ]
    rows.append(_duration_row(None, decided.aggregate(**figures)))
    return rows


def _duration_row(district: Area | None, row: dict[str, Any]) -> DurationRow:
    def days(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(TENTH, ROUND_HALF_UP)

    return DurationRow(
        district=district,
        decided=row.get("decided", 0),
        mean_days=days(row.get("mean")),
        median_days=days(row.get("median")),
        min_days=row.get("shortest"),
        max_days=row.get("longest"),
    )
