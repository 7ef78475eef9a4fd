"""Read side of the coordinators' workspace: the inbox (``inbox``), the case page
(``case``) and its overlap panel (``overlap``).

Import from the package; the modules are its layout.
"""

from backend.workspace.selectors.case import (
    CasePage,
    assessment_target,
    case_for_page,
    case_page,
    plan_program_choices,
    reassign_candidates,
    referral_offering_choices,
)
from backend.workspace.selectors.inbox import (
    ACTION_STATES,
    CHANGE_REQUEST_HORIZON,
    INBOX_SORTS,
    PROGRAM_DEADLINE_HORIZON,
    REPORT_HORIZON,
    TWIN_SIMILARITY,
    Deadlines,
    InboxFilters,
    inbox_cases,
    inbox_cases_unfiltered_by_state,
    inbox_deadlines,
    inbox_district_choices,
    inbox_program_choices,
    inbox_quarter_choices,
    inbox_sort,
    inbox_state_counts,
    workspace_cities,
)
from backend.workspace.selectors.overlap import (
    OverlapCheckEntry,
    OverlapPanel,
    OverlapRow,
    case_overlap_panel,
)

__all__ = [
    "ACTION_STATES",
    "CHANGE_REQUEST_HORIZON",
    "INBOX_SORTS",
    "PROGRAM_DEADLINE_HORIZON",
    "REPORT_HORIZON",
    "TWIN_SIMILARITY",
    "CasePage",
    "Deadlines",
    "InboxFilters",
    "OverlapCheckEntry",
    "OverlapPanel",
    "OverlapRow",
    "assessment_target",
    "case_for_page",
    "case_overlap_panel",
    "case_page",
    "inbox_cases",
    "inbox_cases_unfiltered_by_state",
    "inbox_deadlines",
    "inbox_district_choices",
    "inbox_program_choices",
    "inbox_quarter_choices",
    "inbox_sort",
    "inbox_state_counts",
    "plan_program_choices",
    "reassign_candidates",
    "referral_offering_choices",
    "workspace_cities",
]
