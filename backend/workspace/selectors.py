"""Read side of the coordinators' workspace: the inbox, its deadlines panel and the case page.

Every query here starts from ``cases_visible_to``, so a coordinator never reads a case of
another district. The inbox runs a fixed number of queries however many cases there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.accounts.roles import is_central_office
from backend.areas.models import Area, AreaKind, City, CoordinatorAssignment, district_order
from backend.associations.models import LegalForm
from backend.cases.models import (
    AdviceSession,
    Case,
    CaseEvent,
    ChangeRequest,
    Decision,
    EventKind,
    FinancingPlan,
    OverlapAssessment,
    Report,
)
from backend.cases.overlap import snapshot_matches
from backend.cases.selectors import cases_visible_to
from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.models import Offering
from backend.programs.models import ApplicationDeadline, FundingProgram, ProgramBudget
from backend.programs.selectors import Booking, plan_booking
from workflows.registry import transitions
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
#: a report to check (and, in advice, an answered change request).
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
    """Cities whose cases the user works on: all for central office, else their districts'."""
    if is_central_office(user):
        return City.objects.all()
    return City.objects.filter(areas__assignments__user=user).distinct()


def inbox_quarter_choices(*, user: Any) -> QuerySet[Area]:
    """Quarters of the user's districts (all quarters for central office), by district."""
    qs = Area.objects.filter(kind=AreaKind.QUARTER).select_related("parent")
    if not is_central_office(user):
        districts = CoordinatorAssignment.objects.filter(user=user).values("district_id")
        qs = qs.filter(parent_id__in=districts)
    return qs.order_by(district_order("parent__"), "parent__code", "name")


def inbox_district_choices(*, user: Any) -> QuerySet[Area]:
    """Districts whose cases the user sees: every district for central office."""
    qs = Area.objects.filter(kind=AreaKind.DISTRICT).select_related("city")
    if not is_central_office(user):
        qs = qs.filter(assignments__user=user).distinct()
    return qs.order_by("city__name", district_order(), "code")


def inbox_program_choices(*, user: Any) -> QuerySet[FundingProgram]:
    """Funding programmes of the user's cities."""
    return FundingProgram.objects.filter(city__in=workspace_cities(user=user)).order_by("name")


def inbox_cases(*, user: Any, filters: InboxFilters) -> QuerySet[Case]:
    """The user's cases matching ``filters``, newest first (state filter included)."""
    qs = inbox_cases_unfiltered_by_state(user=user, filters=filters)
    if filters.state:
        qs = qs.filter(state=filters.state)
    # Answers to change requests the coordinator has not acted on yet (the case waits).
    waiting = Q(change_requests__resolved=False, change_requests__responded_at__isnull=False)
    qs = qs.annotate(
        answered_requests=Count("change_requests", filter=waiting),
        twin_reference=Subquery(_twins(user=user).values("reference")[:1]),
    )
    if filters.needs_action:
        qs = qs.filter(
            Q(state__in=ACTION_STATES) | Q(state=CaseState.ADVICE, answered_requests__gt=0)
        )
    return qs.order_by(*INBOX_SORTS.get(filters.sort, INBOX_SORTS["neu"])[1])


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


def case_for_page(*, user: Any, reference: str) -> Case | None:
    """The case with everything its page shows, or None if the user may not see it."""
    return (
        cases_visible_to(user=user)
        .select_related(
            "quarter__city", "financing_plan__program", "decision", "report", "referred_offering"
        )
        .prefetch_related(
            "financing_plan__lines",
            "change_requests",
            Prefetch(
                "advice_sessions", queryset=AdviceSession.objects.select_related("recorded_by")
            ),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch(
                "assessments", queryset=OverlapAssessment.objects.select_related("assessed_by")
            ),
        )
        .filter(reference=reference)
        .first()
    )


def case_exists(*, reference: str) -> bool:
    return Case.objects.filter(reference=reference).exists()


@dataclass(frozen=True)
class OverlapRow:
    """One stored match (an offering or another open idea) and the coordinator's judgement."""

    kind: str  # "offering" or "case"
    target_id: int
    title: str
    detail: str
    score: float | None
    likely_overlap: bool
    reasons: list[str]
    assessment: OverlapAssessment | None
    reference: str = ""  # of another case

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.target_id}"

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


@dataclass(frozen=True)
class OverlapPanel:
    offerings: list[OverlapRow]
    ideas: list[OverlapRow]

    def row(self, key: str) -> OverlapRow | None:
        return next((row for row in self.offerings + self.ideas if row.key == key), None)


def _row(
    kind: str,
    item: dict[str, Any],
    target: dict[str, Any],
    assessments: dict[str, OverlapAssessment],
) -> OverlapRow:
    score = item.get("score")
    detail = [target.get("provider") or "", target.get("quarter_name") or ""]
    if target.get("citywide"):
        detail[1] = "stadtweit"
    return OverlapRow(
        kind=kind,
        target_id=target["id"],
        title=str(target.get("title", "")),
        detail=" · ".join(part for part in detail if part),
        score=float(score) if isinstance(score, int | float) else None,
        likely_overlap=bool(item.get("likely_overlap")),
        reasons=[
            str(reason.get("text", "")) if isinstance(reason, dict) else str(reason)
            for reason in item.get("reasons") or []
        ],
        assessment=assessments.get(f"{kind}-{target['id']}"),
        reference=str(target.get("reference", "")),
    )


def case_overlap_panel(*, case: Case) -> OverlapPanel:
    """The matches stored at submission (``Case.overlap_snapshot``) with their assessments."""
    assessments = {}
    for assessment in case.assessments.all():
        if assessment.offering_id:
            assessments[f"offering-{assessment.offering_id}"] = assessment
        else:
            assessments[f"case-{assessment.other_case_id}"] = assessment
    return OverlapPanel(
        offerings=[
            _row("offering", item, target, assessments)
            for item, target in snapshot_matches(case, "offering")
        ],
        ideas=[
            _row("case", item, target, assessments)
            for item, target in snapshot_matches(case, "case")
        ],
    )


def referral_offering_choices(*, case: Case) -> QuerySet[Offering]:
    """Offerings a case can be referred to: current ones of its district or the whole city."""
    return (
        Offering.objects.filter(city_id=case.quarter.city_id, active=True)
        .filter(Q(citywide=True) | Q(quarter__parent_id=case.quarter.parent_id))
        .order_by("title")
    )


def reassign_candidates(*, case: Case) -> QuerySet[User]:
    """Active people who can take a case: coordinators and deputies of its district (the
    only ones besides the central office who can open it), central office."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(assignments__district_id=case.quarter.parent_id)
            | Q(is_central_office=True)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("display_name", "username")
    )


# --- the case page ------------------------------------------------------------------------


@dataclass(frozen=True)
class CasePage:
    """What the case page shows besides its forms, read once per request."""

    plan: FinancingPlan | None
    budgets: list[ProgramBudget]  # of the plan's programme, by year
    booking: Booking | None  # where an approval on the plan's dates is booked
    decision: Decision | None
    report: Report | None
    events: list[tuple[CaseEvent, Any]]  # the history, with each transition's label
    association_differs: list[tuple[Any, str, str]]
    target_groups: list[Any]
    topics: list[Any]
    overlap: OverlapPanel


def case_page(*, case: Case) -> CasePage:
    """The case page's facts; ``case`` comes from ``case_for_page`` (visible to the user)."""
    plan: FinancingPlan | None = getattr(case, "financing_plan", None)
    budgets = (
        list(ProgramBudget.objects.filter(program_id=plan.program_id).order_by("year"))
        if plan is not None and plan.program_id
        else []
    )
    labels = {name: spec.label for name, spec in transitions().items()}
    events = list(case.events.all())  # the history, and the submission's differences
    return CasePage(
        plan=plan,
        budgets=budgets,
        booking=plan_booking(plan),
        decision=getattr(case, "decision", None),
        report=getattr(case, "report", None),
        events=[(event, labels.get(event.transition, "")) for event in events],
        association_differs=_association_differences(events),
        target_groups=[TargetGroup(value).label for value in case.target_groups],
        topics=[Topic(value).label for value in case.topics],
        overlap=case_overlap_panel(case=case),
    )


def plan_program_choices(*, case: Case) -> QuerySet[FundingProgram]:
    """The programmes a plan of this case may name: the active ones of its city."""
    return FundingProgram.objects.filter(city_id=case.quarter.city_id, active=True)


def assessment_target(*, row: OverlapRow) -> dict[str, Any]:
    """The offering or open idea a stored match names (None if it is gone since)."""
    if row.kind == "offering":
        return {"offering": Offering.objects.filter(pk=row.target_id).first()}
    return {"other_case": Case.objects.filter(pk=row.target_id).first()}


_ASSOCIATION_LABELS = {
    "legal_form": _("Rechtsform"),
    "register_number": _("Registernummer"),
    "street": _("Straße"),
    "town": _("Ort"),
}


def _association_differences(events: list[CaseEvent]) -> list[tuple[Any, str, str]]:
    """(label, submitted, stored) for each association detail the submission gave otherwise
    than stored (``association_differences``, kept in the case's "created" event)."""
    created = next((e for e in events if e.kind == EventKind.CREATED), None)
    differences = (created.payload if created else {}).get("association_differs") or {}

    def shown(name: str, value: str) -> str:
        if name == "legal_form" and value in LegalForm.values:
            return str(LegalForm(value).label)
        return value or "–"

    return [
        (
            label,
            shown(name, differences[name]["submitted"]),
            shown(name, differences[name]["stored"]),
        )
        for name, label in _ASSOCIATION_LABELS.items()
        if name in differences
    ]
