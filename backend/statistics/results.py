"""What the figures are made of: the filters and one dataclass per table
(``backend.statistics.selectors`` fills them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from backend.areas.models import Area, City
from backend.programs.models import FundingProgram

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class StatsFilters:
    """What the figures are narrowed to; None means "all the user may see"."""

    city: City | None = None
    district: Area | None = None
    program: FundingProgram | None = None
    year: int | None = None


@dataclass(frozen=True)
class Money:
    requested: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    repaid: Decimal = ZERO


@dataclass(frozen=True)
class DistrictRow:
    """Cases of one district by state, and their money."""

    district: Area
    by_state: dict[str, int]
    total: int
    money: Money


@dataclass(frozen=True)
class ProgramYearRow:
    """One programme in one year. ``budget``, ``committed`` and ``remaining`` are the
    programme's whole budget of the year (None without one), whatever the other filters;
    the case figures count only the cases in scope."""

    program: FundingProgram
    year: int
    cases: int
    money: Money
    budget: Decimal | None
    committed: Decimal | None
    remaining: Decimal | None


@dataclass(frozen=True)
class VocabularyRow:
    """Cases naming one topic or target group (a case names several: rows overlap)."""

    slug: str
    label: str
    cases: int
    approved_cases: int
    approved: Decimal


@dataclass(frozen=True)
class DurationRow:
    """Days from the idea (its submission) to the decision, of the decided cases."""

    district: Area | None  # None: all districts in scope
    decided: int
    mean_days: Decimal | None
    median_days: Decimal | None
    min_days: int | None
    max_days: int | None


@dataclass(frozen=True)
class Figures:
    """Everything the statistics page, its exports and the API show."""

    filters: StatsFilters
    total: int
    districts: list[DistrictRow]
    state_totals: dict[str, int]
    money: Money
    programs: list[ProgramYearRow]
    topics: list[VocabularyRow]
    target_groups: list[VocabularyRow]
    durations: list[DurationRow] = field(default_factory=list)
