"""Service: check a case against the landscape again (offerings and open ideas as they are now).

The snapshot taken at submission stays the case's record of what the association was shown;
a later check replaces ``Case.overlap_snapshot`` and keeps what it replaced in the audit event,
so every earlier result can be read again (``workspace.selectors.case_overlap_history``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case
from backend.cases.overlap import case_overlap_check
from workflows.actors import COORDINATOR, Actor, actor_has_role
from workflows.audit import case_event_record
from workflows.errors import Forbidden
from workflows.locking import case_bump, case_lock
from workflows.policy import Record, require_recordable
from workflows.states import EventKind


@transaction.atomic
def case_overlap_refresh(*, case: Case, actor: Actor, expected_version: int | None = None) -> Case:
    """Run the overlap check for the case again and store its result; returns the case."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not actor_has_role(actor, locked, COORDINATOR):
        raise Forbidden(_("Sie dürfen diesen Fall nicht bearbeiten."))
    require_recordable(Record.OVERLAP_CHECK, locked)
    check = case_overlap_check(locked)
    before = locked.overlap_snapshot
    locked.overlap_snapshot = check.as_snapshot()
    case_bump(locked, ["overlap_snapshot"])
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.OVERLAP_CHECK,
        comment=gettext_noop(
            "Überschneidungsprüfung wiederholt: %(offerings)s Angebote, %(ideas)s ähnliche Ideen"
        )
        % {"offerings": len(check.offerings), "ideas": len(check.similar_ideas)},
        payload={"before": before, "after": locked.overlap_snapshot},
    )
    return locked
