"""Service: a new private status link for a case (the association lost its mail, the link
leaked or expired). The old link stops working at once; the new one is mailed to the case's
contact and never shown to whoever asked (a coordinator, or anyone who knows the address).

A link expires (issue #17, docs/data-protection.md) after ``STATUS_LINK_IDLE_DAYS`` without
being opened or anything happening on the case, and ``STATUS_LINK_FINISHED_MONTHS`` after the
case was finished (or after the link was issued, if that was later: a link renewed to read a
finished case works for as long).
An anonymised case's link never works again.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case, CaseEvent
from backend.cases.services.creation import token_hash
from workflows.actors import COORDINATOR, Actor, actor_has_role
from workflows.audit import case_event_record
from workflows.errors import Forbidden
from workflows.locking import case_bump, case_lock
from workflows.states import OPEN_STATES, ActorKind, EventKind

#: Opening the page records the use at most this often (one UPDATE per hour, not per click).
_TOUCH_EVERY = dt.timedelta(hours=1)


@transaction.atomic
def status_link_renew(*, case: Case, actor: Actor) -> None:
    """Replace the case's status token and queue the mail with the new link.

    Coordinators of the case's district may ask for it, and the system on behalf of someone
    who proved nothing but an address (the public page; the mail goes to that address only)."""
    from backend.cases.submission import status_link_queue

    locked = case_lock(case=case)
    if locked.anonymised_at is not None:
        raise Forbidden(_("Die Daten dieses Falls wurden anonymisiert."))
    if actor.kind != ActorKind.SYSTEM and not actor_has_role(actor, locked, COORDINATOR):
        raise Forbidden(_("Sie dürfen diesen Fall nicht bearbeiten."))
    token = secrets.token_urlsafe(32)
    locked.tracking_token_hash = token_hash(token)
    locked.status_link_issued_at = timezone.now()
    locked.status_link_used_at = None
    case_bump(locked, ["tracking_token_hash", "status_link_issued_at", "status_link_used_at"])
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Neuer Statuslink an die Ansprechperson verschickt"),
        payload={"status_link": "renewed"},
    )
    status_link_queue(case_id=locked.pk, token=token)


def status_links_for_address(*, email: str) -> int:
    """A new link for every case whose contact has this address (any case, also finished
    ones: the association may want to read them). Returns how many; says nothing to anyone
    but the address itself."""
    cases = Case.objects.filter(
        contact__email__iexact=email.strip(), anonymised_at__isnull=True
    ).order_by("pk")
    count = 0
    for case in cases:
        status_link_renew(case=case, actor=Actor.system())
        count += 1
    return count


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """``moment`` plus whole calendar months (31 January + 1 month = 28/29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def case_finished_at(case: Case) -> dt.datetime | None:
    """When the case reached its final state (None while it is open)."""
    if case.state in OPEN_STATES:
        return None
    return (
        CaseEvent.objects.filter(case=case, to_state=case.state)
        .order_by("-id")
        .values_list("created_at", flat=True)
        .first()
    )


def status_link_expires_at(case: Case) -> dt.datetime:
    """The moment the case's current status link stops working.

    Activity is the association opening the link and anything happening on the case (a
    change request, a decision: their mails send the association to its link)."""
    issued = case.status_link_issued_at or case.created_at
    last_event = (
        CaseEvent.objects.filter(case=case).order_by("-id").values_list("created_at", flat=True)
    ).first()
    last_activity = max(issued, case.status_link_used_at or issued, last_event or issued)
    expiry = last_activity + dt.timedelta(days=settings.STATUS_LINK_IDLE_DAYS)
    finished = case_finished_at(case)
    if finished is not None:
        expiry = min(
            expiry, add_months(max(finished, issued), settings.STATUS_LINK_FINISHED_MONTHS)
        )
    return expiry


def status_link_expired(case: Case) -> bool:
    return case.anonymised_at is not None or timezone.now() >= status_link_expires_at(case)


def status_link_touch(case: Case) -> None:
    """Record that the association opened its link (keeps it alive; no version bump, no event:
    reading changes nothing the coordinators see)."""
    now = timezone.now()
    if case.status_link_used_at is not None and now - case.status_link_used_at < _TOUCH_EVERY:
        return
    Case.objects.filter(pk=case.pk).update(status_link_used_at=now)
    case.status_link_used_at = now
