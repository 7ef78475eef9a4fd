"""Payload of each transition, validated by a Django form.

The same forms validate the API's JSON and the workspace's HTML posts, and their fields tell
the API which data a transition requires. Every form takes the case and the actor, so rules
that depend on them (amount ≤ requested, only coordinators may waive a deadline) live here.

Import from the package; ``base`` (the base form, the steps before the decision),
``decision`` and ``closing`` (report and repayment) are its layout.
"""

from workflows.forms.base import (
    AMOUNT,
    ReferForm,
    RequestChangesForm,
    RequestReportChangesForm,
    StartAdviceForm,
    SubmitApplicationForm,
    TransitionForm,
    WithdrawForm,
    not_in_future,
)
from workflows.forms.closing import (
    AcceptReportForm,
    ConfirmRepaymentForm,
    DemandRepaymentForm,
    SpentByLineField,
    SubmitReportForm,
)
from workflows.forms.decision import AmendDecisionForm, ApproveForm, RejectForm

__all__ = [
    "AMOUNT",
    "AcceptReportForm",
    "AmendDecisionForm",
    "ApproveForm",
    "ConfirmRepaymentForm",
    "DemandRepaymentForm",
    "ReferForm",
    "RejectForm",
    "RequestChangesForm",
    "RequestReportChangesForm",
    "SpentByLineField",
    "StartAdviceForm",
    "SubmitApplicationForm",
    "SubmitReportForm",
    "TransitionForm",
    "WithdrawForm",
    "not_in_future",
]
