"""Guards: pure predicates on a case (no writes), each with a German message for people and a
stable code for machines. Import from the package; ``application`` (the guards of applying,
and the ``Guard`` type) and ``closing`` (after the decision) are its layout."""

from workflows.guards.application import (
    APPLICATION_COMPLETE,
    DEADLINE_OPEN,
    DOCUMENTS_PRESENT,
    OWN_SHARE_SUFFICIENT,
    PLAN_BALANCED,
    PLAN_HAS_LINES,
    PLAN_HAS_PERIOD,
    PLAN_HAS_PROGRAM,
    REQUESTED_WITHIN_MAX,
    Guard,
    relevant_deadlines,
)
from workflows.guards.closing import NOTHING_TO_REPAY, REPAYMENT_DUE, REPORT_PERIOD_ENDED

__all__ = [
    "APPLICATION_COMPLETE",
    "DEADLINE_OPEN",
    "DOCUMENTS_PRESENT",
    "NOTHING_TO_REPAY",
    "OWN_SHARE_SUFFICIENT",
    "PLAN_BALANCED",
    "PLAN_HAS_LINES",
    "PLAN_HAS_PERIOD",
    "PLAN_HAS_PROGRAM",
    "REPAYMENT_DUE",
    "REPORT_PERIOD_ENDED",
    "REQUESTED_WITHIN_MAX",
    "Guard",
    "relevant_deadlines",
]
