"""Read side of the workspace inbox: filters, sorting, per-state counts and the deadlines panel.

Every query starts from ``cases_visible_to``, so a coordinator never reads a case of another
district. The inbox runs a fixed number of queries however many cases there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from backend.accounts.scope import (
    is_central_office_of_city,
    is_superuser,
    visible_cities,
    visible_districts,
    visible_quarters,
)
from backend.areas.models import Area, City, district_order
from backend.cases.models import (
    Case,
    ChangeRequest,
)
from backend.cases.selectors import cases_visible_to
from backend.programs.models import ApplicationDeadline, FundingProgram
from workflows.states import OPEN_STATES, CaseState

#: How far ahead the deadlines panel looks.
CHANGE_REQUEST_HORIZON = timedelta(days=14)
REPORT_HORIZON = timedelta(days=42)
PROGRAM_DEADLINE_HORIZON = timedelta(days=120)


#: How the inbox can be sorted: key → (label, ordering).
INBOX_SORTS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "neu": (_("neueste zuerst"), ("-created_at", "-pk")),
    "alt": (_("älteste zuerst"), ("created_at", "pk")),
    "titel": (_("Titel A–Z"), ("title", "pk")),
    "geaendert": (_("zuletzt geändert"), ("-updated_at", "-pk")),
}
#: States in which the next step is the coordination's: a new idea, an application to decide,
#: a report to check (and any case with an answered change request, to read the answer).
ACTION_STATES = (CaseState.IDEA, CaseState.APPLICATION, CaseState.REPORT)


@dataclass(frozen=True)
class InboxFilters:
    state: str = ""
    quarter: Area | None = None
    program: FundingProgram | None = None
    text: str = ""
    district: Area | None = None
    needs_action: bool = False
    sort: str = "neu"


def workspace_cities(*, user: Any) -> QuerySet[City]:
    """Cities whose cases the user works on: their own (every city for a superuser)."""
    return visible_cities(user=user)


def inbox_quarter_choices(
    *, user: Any, district_id: int | None = None, quarter_id: int | None = None
) -> QuerySet[Area] | None:
    """Quarters to filter by, by district: those of the chosen district (``district_id``) or
    else of the user's districts, and the chosen quarter (``quarter_id``, if the user may
    see it). None for central office (and a superuser) without a chosen district or quarter:
    every quarter of a large city, or of the installation, is no list to choose from; the
    district comes first."""
    qs = visible_quarters(user=user).select_related("parent")
    if district_id is not None or quarter_id is not None:
        qs = qs.filter(Q(parent_id=district_id) | Q(pk=quarter_id))
    elif is_central_office_of_city(user) or is_superuser(user):
        return None
    return qs.order_by(district_order("parent__"), "parent__code", "name")


def inbox_district_choices(*, user: Any) -> QuerySet[Area]:
    """Districts whose cases the user sees: every district of the city for central office."""
    qs = visible_districts(user=user).select_related("city")
    return qs.order_by("city__name", district_order(), "code")


def inbox_program_choices(*, user: Any) -> QuerySet[FundingProgram]:
    """Funding programmes of the user's cities."""
    return FundingProgram.objects.filter(city__in=workspace_cities(user=user)).order_by("name")


def inbox_cases(*, user: Any, filters: InboxFilters) -> QuerySet[Case]:
    """The user's cases matching ``filters``, newest first (state filter included)."""
    qs = inbox_cases_unfiltered_by_state(user=user, filters=filters)
    if filters.state:
        qs = qs.filter(state=filters.state)
    # Answers to change requests the coordinator has not acted on yet (the case waits). A
    # subquery per listed case, not a join and GROUP BY over every case: the page is read
    # in index order and stops after its rows (docs/performance.md).
    answered = (
        ChangeRequest.objects.filter(
            case=OuterRef("pk"), resolved=False, responded_at__isnull=False
        )
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(
        answered_requests=Coalesce(Subquery(answered), 0),
        twin_reference=Subquery(_twins(user=user).values("reference")[:1]),
    )
    return qs.order_by(*inbox_sort(filters)[1])


def inbox_sort(filters: InboxFilters) -> tuple[Any, tuple[str, ...]]:
    """(label, ordering) of the chosen sort; newest first for an unknown key."""
    return INBOX_SORTS.get(filters.sort, INBOX_SORTS["neu"])


#: Titles this similar (pg_trgm) from one association mark each other as near-identical.
TWIN_SIMILARITY = 0.5


def _twins(*, user: Any) -> QuerySet[Case]:
    """Other open cases of the same association with a near-identical title that the user may
    see (for ``OuterRef`` in the inbox query: a second submission of the same idea is easy to
    miss)."""
    return (
        cases_visible_to(user=user)
        .filter(association=OuterRef("association"), state__in=OPEN_STATES)
        .exclude(pk=OuterRef("pk"))
        .annotate(title_similarity=TrigramSimilarity("title", OuterRef("title")))  # type: ignore[arg-type]
        .filter(title_similarity__gte=TWIN_SIMILARITY)
        .order_by("-title_similarity", "pk")
    )


def inbox_cases_unfiltered_by_state(*, user: Any, filters: InboxFilters) -> QuerySet[Case]:
    """Like ``inbox_cases`` without the state filter: the base of the per-state counts."""
    qs = cases_visible_to(user=user)
    if filters.needs_action:
        answered = ChangeRequest.objects.filter(
            case=OuterRef("pk"), resolved=False, responded_at__isnull=False
        )
        qs = qs.filter(Q(state__in=ACTION_STATES) | Exists(answered))
    if filters.district is not None:
        qs = qs.filter(quarter__parent=filters.district)
    if filters.quarter is not None:
        qs = qs.filter(quarter=filters.quarter)
    if filters.program is not None:
        qs = qs.filter(Q(program=filters.program) | Q(financing_plan__program=filters.program))
    if filters.text:
        text = filters.text
        # Accents do not matter ("Sprachcafe" finds "Sprachcafé"); the challenge counts too.
        qs = qs.filter(
            Q(title__unaccent__icontains=text)
            | Q(reference__icontains=text)
            | Q(challenge__unaccent__icontains=text)
            | Q(affected__unaccent__icontains=text)
            | Q(intended_result__unaccent__icontains=text)
            | Q(first_ideas__unaccent__icontains=text)
            | Q(association__name__unaccent__icontains=text)
            | Q(contact__name__unaccent__icontains=text)
            | Q(contact__email__icontains=text)
        )
    return qs


def inbox_state_counts(*, cases: QuerySet[Case]) -> dict[str, int]:
    """Number of cases per state key, in one query."""
    rows = cases.order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


@dataclass
class Deadlines:
    """What the deadlines panel shows: nothing here is older than it needs to be."""

    change_requests: list[ChangeRequest] = field(default_factory=list)
    reports: list[Case] = field(default_factory=list)
    program_deadlines: list[ApplicationDeadline] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.change_requests or self.reports or self.program_deadlines)


def inbox_deadlines(*, user: Any, today: date) -> Deadlines:
    """Change requests about to expire, reports due or overdue, programme deadlines ahead."""
    visible = cases_visible_to(user=user).values("pk")
    change_requests = (
        ChangeRequest.objects.filter(
            case__in=visible,
            resolved=False,
            due_on__lte=today + CHANGE_REQUEST_HORIZON,
            case__state__in=[CaseState.ADVICE, CaseState.DECISION],
        )
        .select_related("case")
        .order_by("due_on", "pk")[:20]
    )
    reports = (
        cases_visible_to(user=user)
        .filter(state=CaseState.DECISION, report_due_on__lte=today + REPORT_HORIZON)
        .order_by("report_due_on", "pk")[:20]
    )
    program_deadlines = (
        ApplicationDeadline.objects.filter(
            program__city__in=workspace_cities(user=user),
            program__active=True,
            due_on__gte=today,
            due_on__lte=today + PROGRAM_DEADLINE_HORIZON,
        )
        .select_related("program")
        .order_by("due_on", "program__name")[:20]
    )
    return Deadlines(list(change_requests), list(reports), list(program_deadlines))
