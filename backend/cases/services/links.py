"""Service: a new private status link for a case (the association lost its mail, or the link
leaked). The old link stops working at once; the new one is mailed to the case's contact and
never shown to whoever asked (a coordinator, or anyone who knows the address)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case
from backend.cases.services.creation import token_hash
from workflows.actors import COORDINATOR, Actor, actor_has_role
from workflows.audit import case_event_record
from workflows.errors import Forbidden
from workflows.locking import case_bump, case_lock
from workflows.states import ActorKind, EventKind


@transaction.atomic
def status_link_renew(*, case: Case, actor: Actor) -> None:
    """Replace the case's status token and queue the mail with the new link.

    Coordinators of the case's district may ask for it, and the system on behalf of someone
    who proved nothing but an address (the public page; the mail goes to that address only)."""
    from backend.cases.submission import status_link_queue

    locked = case_lock(case=case)
    if actor.kind != ActorKind.SYSTEM and not actor_has_role(actor, locked, COORDINATOR):
        raise Forbidden(_("Sie dürfen diesen Fall nicht bearbeiten."))
    token = secrets.token_urlsafe(32)
    locked.tracking_token_hash = token_hash(token)
    case_bump(locked, ["tracking_token_hash"])
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
    cases = Case.objects.filter(contact__email__iexact=email.strip()).order_by("pk")
    count = 0
    for case in cases:
        status_link_renew(case=case, actor=Actor.system())
        count += 1
    return count
