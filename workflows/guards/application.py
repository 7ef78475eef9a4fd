"""Guards of the application: pure predicates on a case (no writes). Each carries a German
message for people and a stable code for machines. A guard may be waivable by a payload field
(the coordinator records an exception, e.g. for a missed application deadline)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from backend.common.fields import money_text
from backend.common.vocabularies import UploadCategory
from backend.programs.models import ApplicationDeadline, DeadlineScope

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from backend.cases.models import Case, FinancingPlan
    from backend.programs.models import FundingProgram


@dataclass(frozen=True)
class Guard:
    code: str
    message: _StrPromise
    check: Callable[[Case], bool]
    waiver_field: str | None = None
    #: The figures the message names (``%(name)s``), read from the case when it fails.
    figures: Callable[[Case], dict[str, str]] | None = None

    def __call__(self, case: Case) -> bool:
        return self.check(case)

    def text(self, case: Case) -> str:
        """The message for people, with the case's figures (the limit, the amount) in it."""
        message = str(self.message)
        return message % self.figures(case) if self.figures is not None else message


def _plan(case: Case) -> FinancingPlan | None:
    return getattr(case, "financing_plan", None)


def _has_plan_lines(case: Case) -> bool:
    plan = _plan(case)
    return plan is not None and plan.lines.exists()


def _program(case: Case) -> FundingProgram | None:
    plan = _plan(case)
    return plan.program if plan is not None and plan.program_id is not None else None


def _has_program(case: Case) -> bool:
    program = _program(case)
    return program is not None and program.active


def _has_period(case: Case) -> bool:
    plan = _plan(case)
    return plan is not None and plan.funding_start is not None and plan.funding_end is not None


def _plan_balanced(case: Case) -> bool:
    """Income (own share + third-party money + requested) equals the total cost."""
    plan = _plan(case)
    if plan is None:
        return True  # no plan yet: PLAN_HAS_LINES says so, this one would only confuse
    if plan.requested_amount <= 0:
        return False
    return plan.own_share + plan.third_party + plan.requested_amount == plan.total_cost


def _own_share_sufficient(case: Case) -> bool:
    plan, program = _plan(case), _program(case)
    if plan is None or program is None:
        return True  # nothing to compare yet: PLAN_HAS_PROGRAM says so
    minimum = plan.total_cost * program.min_own_share_percent / Decimal(100)
    return plan.own_share >= minimum


def _requested_within_max(case: Case) -> bool:
    plan, program = _plan(case), _program(case)
    if plan is None or program is None:
        return True  # nothing to compare yet: PLAN_HAS_PROGRAM says so
    return plan.requested_amount <= program.max_amount_per_case


def relevant_deadlines(case: Case) -> list[ApplicationDeadline]:
    """The programme's deadlines that apply to this plan: those for all applications, and
    by the year the measure starts (Essen: current year and small measures by 31 March, the
    next year by 31 August). A small measure (requested amount up to the programme's
    threshold) has its own deadline if the programme names one for that year, else the
    current year's."""
    plan, program = _plan(case), _program(case)
    if plan is None or program is None:
        return []
    deadlines = list(program.deadlines.all())
    year = plan.funding_start.year if plan.funding_start else None
    threshold = program.small_measure_threshold
    small = threshold is not None and plan.requested_amount <= threshold
    small_own = small and any(
        d.applies_to == DeadlineScope.SMALL and d.due_on.year == year for d in deadlines
    )

    def applies(deadline: ApplicationDeadline) -> bool:
        scope, due_year = deadline.applies_to, deadline.due_on.year
        if scope == DeadlineScope.ANY:
            return True
        if year is None:
            return False  # no start yet: PLAN_HAS_PERIOD says so
        if scope == DeadlineScope.NEXT_YEAR:
            return due_year + 1 == year
        if scope == DeadlineScope.SMALL:
            return small and due_year == year
        return due_year == year and not small_own  # CURRENT_YEAR

    return [deadline for deadline in deadlines if applies(deadline)]


def _deadline_open(case: Case) -> bool:
    """Open if no deadline applies to the plan, or one of those lies today or later."""
    if _program(case) is None:
        return True  # no programme yet: PLAN_HAS_PROGRAM says so
    deadlines = relevant_deadlines(case)
    today = timezone.localdate()
    return not deadlines or any(deadline.due_on >= today for deadline in deadlines)


PLAN_HAS_LINES = Guard(
    "plan_has_lines",
    _("Der Finanzierungsplan braucht mindestens eine Kostenposition."),
    _has_plan_lines,
)
PLAN_HAS_PROGRAM = Guard(
    "plan_has_program", _("Bitte wählen Sie ein aktives Förderprogramm."), _has_program
)
PLAN_HAS_PERIOD = Guard(
    "plan_has_period", _("Bitte geben Sie Beginn und Ende des Projekts an."), _has_period
)
PLAN_BALANCED = Guard(
    "plan_balanced",
    _(
        "Eigenanteil, Drittmittel und beantragter Betrag müssen zusammen die Gesamtkosten "
        "ergeben, und der beantragte Betrag muss größer als 0 sein."
    ),
    _plan_balanced,
)


def _money(value: Decimal) -> str:
    return money_text(value) + "\u00a0€"


def _own_share_figures(case: Case) -> dict[str, str]:
    plan, program = _plan(case), _program(case)
    if plan is None or program is None:
        return {"percent": "?", "minimum": "?", "own_share": "?"}
    minimum = (plan.total_cost * program.min_own_share_percent / Decimal(100)).quantize(
        Decimal("0.01"), rounding=ROUND_UP
    )
    return {
        "percent": number_format(program.min_own_share_percent.normalize(), use_l10n=True),
        "minimum": _money(minimum),
        "own_share": _money(plan.own_share),
    }


def _maximum_figures(case: Case) -> dict[str, str]:
    plan, program = _plan(case), _program(case)
    if plan is None or program is None:
        return {"maximum": "?", "requested": "?"}
    return {
        "maximum": _money(program.max_amount_per_case),
        "requested": _money(plan.requested_amount),
    }


OWN_SHARE_SUFFICIENT = Guard(
    "own_share_sufficient",
    _(
        "Der Eigenanteil ist geringer, als das Förderprogramm verlangt: mindestens "
        "%(percent)s %% der Gesamtkosten, also %(minimum)s (bisher %(own_share)s)."
    ),
    _own_share_sufficient,
    figures=_own_share_figures,
)
REQUESTED_WITHIN_MAX = Guard(
    "requested_within_program_max",
    _(
        "Der beantragte Betrag (%(requested)s) ist höher als der Höchstbetrag des "
        "Förderprogramms (%(maximum)s)."
    ),
    _requested_within_max,
    figures=_maximum_figures,
)


def _missing_documents(case: Case) -> list[str]:
    """The programme's required categories of which the case has no document yet."""
    program = _program(case)
    if program is None or not program.required_documents:
        return []
    present = set(case.documents.values_list("category", flat=True))
    return [slug for slug in program.required_documents if slug not in present]


def _documents_figures(case: Case) -> dict[str, str]:
    labels = dict(UploadCategory.choices)
    return {"missing": ", ".join(str(labels.get(slug, slug)) for slug in _missing_documents(case))}


DOCUMENTS_PRESENT = Guard(
    "required_documents_present",
    _(
        "Das Förderprogramm verlangt diese Unterlagen mit dem Antrag: %(missing)s. Bitte "
        "laden Sie sie unter „Unterlagen“ hoch."
    ),
    lambda case: not _missing_documents(case),
    figures=_documents_figures,
)
DEADLINE_OPEN = Guard(
    "application_deadline_open",
    _(
        "Die Antragsfrist des Förderprogramms ist abgelaufen. Die Koordination kann eine "
        "Ausnahme mit Begründung eintragen."
    ),
    _deadline_open,
    waiver_field="deadline_exception",
)

#: The guards of ``submit_application``, in the order people should fix them. Guards that
#: compare the plan with its programme pass while there is no plan or programme: the first
#: two guards already say what is missing, and "amount above the maximum" would mislead.
APPLICATION_COMPLETE = (
    PLAN_HAS_PROGRAM,
    PLAN_HAS_LINES,
    PLAN_HAS_PERIOD,
    PLAN_BALANCED,
    OWN_SHARE_SUFFICIENT,
    REQUESTED_WITHIN_MAX,
    DOCUMENTS_PRESENT,
    DEADLINE_OPEN,
)
