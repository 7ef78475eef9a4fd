"""What each transition records besides the state change, inside the transition's database
transaction. Effects may still refuse (a budget exhausted under the row lock), which rolls
everything back. Mail and other side effects outside the database run after commit.

Import from the package; ``base`` (referral, application, change requests, withdrawal),
``decision`` (approval, amendment, rejection) and ``closing`` (report, settlement, repayment)
are its layout.
"""

from workflows.effects.base import (
    Effect,
    nothing,
    refer,
    request_changes,
    request_report_changes,
    resolve_change_requests,
    submit_application,
    withdraw,
)
from workflows.effects.closing import (
    accept_report,
    confirm_repayment,
    demand_repayment,
    repayment_terms,
    submit_report,
)
from workflows.effects.decision import amend_decision, approve, final_date, reject
from workflows.settlement import repayment_due

__all__ = [
    "Effect",
    "accept_report",
    "amend_decision",
    "approve",
    "confirm_repayment",
    "demand_repayment",
    "final_date",
    "nothing",
    "refer",
    "reject",
    "repayment_due",
    "repayment_terms",
    "request_changes",
    "request_report_changes",
    "resolve_change_requests",
    "submit_application",
    "submit_report",
    "withdraw",
]
