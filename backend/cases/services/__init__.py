"""Write-side of cases: creation, records per phase, reassignment.

State changes are not here: they go through ``workflows.services.case_transition``; the audit
trail is ``workflows.audit``. Every service here locks the case row with
``workflows.locking.case_lock`` (refusing a stale ``expected_version``, the version the
caller's page or If-Match showed) and bumps its version with ``case_bump``, so an ETag taken
before is stale after. Which state allows which record is ``workflows.policy``.

Import from the package; ``creation``, ``records``, ``funding`` (remedy waiver, payouts),
``reporting`` (interim reports, receipts), ``overlap_refresh`` and ``links`` are its layout.
"""

from backend.cases.services.creation import CaseCreated, case_create, token_hash
from backend.cases.services.funding import (
    available_for_payout,
    payout_decide,
    payout_request,
    remedy_waive,
)
from backend.cases.services.links import (
    status_link_expired,
    status_link_expires_at,
    status_link_renew,
    status_link_touch,
    status_links_for_address,
)
from backend.cases.services.overlap_refresh import case_overlap_refresh
from backend.cases.services.records import (
    IDEA_EDITABLE_FIELDS,
    MAX_PLAN_LINES,
    advice_session_record,
    case_idea_update,
    case_reassign,
    change_request_answer,
    financing_plan_save,
    overlap_assessment_record,
)
from backend.cases.services.reporting import (
    interim_report_submit,
    receipt_add,
    receipt_delete,
    receipts_import,
)
from workflows.settlement import interim_due_dates

__all__ = [
    "IDEA_EDITABLE_FIELDS",
    "MAX_PLAN_LINES",
    "CaseCreated",
    "advice_session_record",
    "available_for_payout",
    "case_create",
    "case_idea_update",
    "case_overlap_refresh",
    "case_reassign",
    "change_request_answer",
    "financing_plan_save",
    "interim_due_dates",
    "interim_report_submit",
    "overlap_assessment_record",
    "payout_decide",
    "payout_request",
    "receipt_add",
    "receipt_delete",
    "receipts_import",
    "remedy_waive",
    "status_link_expired",
    "status_link_expires_at",
    "status_link_renew",
    "status_link_touch",
    "status_links_for_address",
    "token_hash",
]
