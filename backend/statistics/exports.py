"""What the exports contain: the case list (a row per case, read with a server-side cursor)
and the figures (one table each), for people (German labels) and systems (keys, slugs).

The case list never holds more than one chunk of rows: ``QuerySet.iterator(chunk_size=…)``
reads through a server-side cursor on PostgreSQL, and the writers in ``formats`` pass each
row on as it comes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from backend.cases.models import Case, DecisionOutcome
from backend.common.vocabularies import TargetGroup, Topic
from backend.statistics.formats import Sheet
from backend.statistics.selectors import CASE_YEAR, MONEY, Figures
from workflows.states import CaseState

#: Rows fetched from the server-side cursor at a time.
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    key: str  # machine name (API, systems' CSV) and the queryset's value
    label: Any  # German heading (people's CSV, XLSX)


CASE_COLUMNS = (
    Column("id", _("ID")),
    Column("reference", _("Vorgang")),
    Column("title", _("Titel")),
    Column("state", _("Status")),
    Column("city", _("Stadt")),
    Column("district", _("Stadtbezirk")),
    Column("quarter", _("Stadtteil")),
    Column("association", _("Träger")),
    Column("program", _("Förderprogramm")),
    Column("topics", _("Themen")),
    Column("target_groups", _("Zielgruppen")),
    Column("year", _("Jahr")),
    Column("received_on", _("Idee eingegangen am")),
    Column("submitted_on", _("Antrag gestellt am")),
    Column("estimated_cost", _("Geschätzte Kosten (€)")),
    Column("requested", _("Beantragt (€)")),
    Column("approved", _("Bewilligt (€)")),
    Column("paid", _("Ausgezahlt (€)")),
    Column("repaid", _("Rückzahlung (€)")),
    Column("decision", _("Entscheidung")),
    Column("decided_on", _("Entschieden am")),
)


def case_export_values(cases: QuerySet[Case]) -> Iterator[dict[str, Any]]:
    """One dict per case (keys of ``CASE_COLUMNS``, raw values), by id, chunk by chunk."""
    qs = (
        cases.order_by("pk")
        .annotate(
            city_slug=F("city__slug"),
            district_code=F("quarter__parent__code"),
            quarter_name=F("quarter__name"),
            association_name=F("association__name"),
            program_name=F("program__name"),
            plan_program_name=F("financing_plan__program__name"),
            year=CASE_YEAR,
            received_on=TruncDate("created_at"),
            submitted_on=TruncDate("submitted_at"),
            decision_outcome=F("decision__outcome"),
            decided_on=F("decision__decided_on"),
            **MONEY,
        )
        .values(
            "id",
            "reference",
            "title",
            "state",
            "city_slug",
            "district_code",
            "quarter_name",
            "association_name",
            "program_name",
            "plan_program_name",
            "topics",
            "target_groups",
            "year",
            "received_on",
            "submitted_on",
            "estimated_cost",
            *MONEY,
            "decision_outcome",
            "decided_on",
        )
    )
    for row in qs.iterator(chunk_size=CHUNK_SIZE):
        row["city"] = row.pop("city_slug")
        row["district"] = row.pop("district_code")
        row["quarter"] = row.pop("quarter_name")
        row["association"] = row.pop("association_name")
        row["program"] = row.pop("program_name") or row.pop("plan_program_name")
        row.pop("plan_program_name", None)
        row["decision"] = row.pop("decision_outcome") or ""
        yield row


def case_rows_for_people(cases: QuerySet[Case]) -> Iterator[list[Any]]:
    """Case rows with German labels for states, topics, target groups and decisions."""
    states = dict(CaseState.choices)
    outcomes = dict(DecisionOutcome.choices)
    for row in case_export_values(cases):
        row["state"] = str(states.get(row["state"], row["state"]))
        row["topics"] = vocabulary_labels(row["topics"], Topic)
        row["target_groups"] = vocabulary_labels(row["target_groups"], TargetGroup)
        row["decision"] = str(outcomes.get(row["decision"], row["decision"]))
        yield [row[column.key] for column in CASE_COLUMNS]


def case_rows_for_systems(cases: QuerySet[Case]) -> Iterator[list[Any]]:
    """Case rows with machine values (state keys, slugs), in ``CASE_COLUMNS`` order."""
    for row in case_export_values(cases):
        yield [row[column.key] for column in CASE_COLUMNS]


def case_sheet(cases: QuerySet[Case]) -> Sheet:
    return Sheet(str(_("Fälle")), [str(c.label) for c in CASE_COLUMNS], case_rows_for_people(cases))


# --- The figures as tables -------------------------------------------------------------------

MONEY_LABELS = {
    "requested": _("Beantragt (€)"),
    "approved": _("Bewilligt (€)"),
    "paid": _("Ausgezahlt (€)"),
    "repaid": _("Rückzahlung (€)"),
}


def figure_sheets(figures: Figures) -> list[Sheet]:
    """The figures as tables with German headings: the statistics page's tables."""
    money_labels = [str(MONEY_LABELS[name]) for name in MONEY]
    states = list(CaseState)
    districts = Sheet(
        str(_("Bezirke und Status")),
        [str(_("Stadtbezirk")), *(str(s.label) for s in states), str(_("Fälle")), *money_labels],
        [
            [
                str(row.district),
                *(row.by_state[s] for s in states),
                row.total,
                *(getattr(row.money, name) for name in MONEY),
            ]
            for row in figures.districts
        ],
    )
    programs = Sheet(
        str(_("Programme und Jahre")),
        [
            str(_("Förderprogramm")),
            str(_("Jahr")),
            str(_("Fälle")),
            *money_labels,
            str(_("Budget (€)")),
            str(_("Gebunden (€)")),
            str(_("Restbudget (€)")),
        ],
        [
            [
                row.program.name,
                row.year,
                row.cases,
                *(getattr(row.money, name) for name in MONEY),
                row.budget,
                row.committed,
                row.remaining,
            ]
            for row in figures.programs
        ],
    )
    vocabulary_header = [str(_("Fälle")), str(_("davon bewilligt")), str(_("Bewilligt (€)"))]
    topics = Sheet(
        str(_("Themen")),
        [str(_("Thema")), *vocabulary_header],
        [[r.label, r.cases, r.approved_cases, r.approved] for r in figures.topics],
    )
    groups = Sheet(
        str(_("Zielgruppen")),
        [str(_("Zielgruppe")), *vocabulary_header],
        [[r.label, r.cases, r.approved_cases, r.approved] for r in figures.target_groups],
    )
    durations = Sheet(
        str(_("Dauer bis zur Entscheidung")),
        [
            str(_("Stadtbezirk")),
            str(_("Entschiedene Fälle")),
            str(_("Mittelwert (Tage)")),
            str(_("Median (Tage)")),
            str(_("Kürzeste (Tage)")),
            str(_("Längste (Tage)")),
        ],
        [
            [
                str(row.district) if row.district else str(_("Alle")),
                row.decided,
                _days(row.mean_days),
                _days(row.median_days),
                row.min_days,
                row.max_days,
            ]
            for row in figures.durations
        ],
    )
    return [districts, programs, topics, groups, durations]


def _days(value: Decimal | None) -> float | None:
    """Days with one decimal as a plain number (money gets two places, days do not)."""
    return None if value is None else float(value)


def vocabulary_labels(slugs: Iterable[str], vocabulary: type[Topic] | type[TargetGroup]) -> str:
    """Slugs as their German labels, comma-separated (for exports)."""
    labels = dict(vocabulary.choices)
    return ", ".join(str(labels.get(slug, slug)) for slug in slugs)
