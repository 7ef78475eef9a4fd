"""A case and its records. Import from the package; the modules are its layout:

- ``case``: the case, its advice sessions, financing plan and change requests;
- ``decision``: the decision, its amendments and its bookings per budget year;
- ``money``: payouts (Mittelabruf) and the repayment;
- ``report``: interim reports, the Verwendungsnachweis and its receipts (Belegliste);
- ``audit``: the audit trail, overlap assessments, reference counters.
"""

from backend.cases.models.audit import (
    AssessmentVerdict,
    CaseEvent,
    OverlapAssessment,
    ReferenceCounter,
)
from backend.cases.models.case import (
    NON_NEGATIVE,
    AdviceSession,
    Case,
    ChangeRequest,
    FinancingPlan,
    FinancingPlanLine,
    FinancingType,
    ReferralKind,
)
from backend.cases.models.decision import (
    BudgetBooking,
    Decision,
    DecisionAmendment,
    DecisionOutcome,
)
from backend.cases.models.money import Payout, PayoutStatus, Repayment
from backend.cases.models.report import InterimReport, Receipt, Report
from workflows.states import ActorKind, CaseState, EventKind

__all__ = [
    "NON_NEGATIVE",
    "ActorKind",
    "AdviceSession",
    "AssessmentVerdict",
    "BudgetBooking",
    "Case",
    "CaseEvent",
    "CaseState",
    "ChangeRequest",
    "Decision",
    "DecisionAmendment",
    "DecisionOutcome",
    "EventKind",
    "FinancingPlan",
    "FinancingPlanLine",
    "FinancingType",
    "InterimReport",
    "OverlapAssessment",
    "Payout",
    "PayoutStatus",
    "Receipt",
    "ReferenceCounter",
    "ReferralKind",
    "Repayment",
    "Report",
]
