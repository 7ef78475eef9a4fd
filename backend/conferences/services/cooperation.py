"""Services: associations whose ideas resemble each other (or resemble an offering) get to
know each other — only if both want to.

1. The association asks on its status page (``cooperation_request``) for one of the matches
   the overlap check stored with its case. Nothing about the other side is shared.
2. The other side gets a mail with a private answer link (and, for an idea, sees the request
   on its own status page) and accepts or declines (``cooperation_answer``).
3. Only after the acceptance does each side learn the other's contact (mail and pages).
4. Coordinators see the requests and may join agreed ideas into one project
   (``cooperation_merge``), written to both cases' audit trails.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.accounts.roles import is_coordinator_for
from backend.cases.models import Case
from backend.cases.overlap import snapshot_matches
from backend.conferences.models import Cooperation, CooperationState
from backend.conferences.rules import (
    COOPERATION_ANSWER_CONSENT,
    COOPERATION_REQUEST_CONSENT,
    Refused,
)
from backend.conferences.selectors import cooperation_token_hash, offering_email
from backend.offerings.models import Offering
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.errors import Forbidden
from workflows.locking import case_bump, case_lock
from workflows.states import OPEN_STATES, EventKind


def _queue(task: str, **kwargs: Any) -> None:
    from procrastinate.contrib.django import app

    app.configure_task(task).defer(**kwargs)


def _matched_ids(case: Case, kind: str) -> set[int]:
    return {int(target["id"]) for _match, target in snapshot_matches(case, kind)}


def _partner_case(locked: Case, partner_case_id: int) -> Case:
    if partner_case_id not in _matched_ids(locked, "case"):
        raise Refused(_("Diese Idee wurde bei Ihrer Idee nicht als ähnlich gefunden."))
    partner = Case.objects.filter(pk=partner_case_id).first()
    if partner is None or partner.state not in OPEN_STATES:
        raise Refused(_("Die andere Idee ist nicht mehr in Bearbeitung."))
    if Cooperation.objects.filter(requester=partner, partner_case=locked).exists():
        raise Refused(
            _("Die andere Seite hat Sie schon angefragt. Bitte beantworten Sie deren Anfrage.")
        )
    return partner


def _partner_offering(locked: Case, offering_id: int) -> Offering:
    if offering_id not in _matched_ids(locked, "offering"):
        raise Refused(_("Dieses Angebot wurde bei Ihrer Idee nicht als ähnlich gefunden."))
    offering = Offering.objects.filter(pk=offering_id, active=True).first()
    if offering is None:
        raise Refused(_("Dieses Angebot gibt es nicht mehr."))
    if offering_email(offering=offering) is None:
        raise Refused(
            _(
                "Für dieses Angebot ist keine E-Mail-Adresse hinterlegt. Bitte fragen Sie die "
                "Integrationskoordination, sie stellt den Kontakt her."
            )
        )
    return offering


@transaction.atomic
def cooperation_request(
    *,
    case: Case,
    actor: Actor,
    partner_case_id: int | None = None,
    partner_offering_id: int | None = None,
) -> Cooperation:
    """The association of ``case`` (``actor``: its status link) asks to be introduced to a
    similar open idea or an offering its overlap check found; the other side is mailed."""
    locked = case_lock(case=case)
    if actor != Actor.applicant(locked):
        raise Forbidden(_("Nur die Ansprechperson der Idee kann ein Kennenlernen anfragen."))
    if locked.state not in OPEN_STATES:
        raise Refused(_("Ihre Idee ist abgeschlossen; ein Kennenlernen ist nicht mehr möglich."))
    if (partner_case_id is None) == (partner_offering_id is None):
        raise Refused(_("Bitte wählen Sie genau eine ähnliche Idee oder ein Angebot."))
    cooperation = Cooperation(
        requester=locked, requester_consent_text=str(COOPERATION_REQUEST_CONSENT)
    )
    if partner_case_id is not None:
        cooperation.partner_case = _partner_case(locked, partner_case_id)
        already = Cooperation.objects.filter(requester=locked, partner_case_id=partner_case_id)
    else:
        cooperation.partner_offering = _partner_offering(locked, partner_offering_id or 0)
        already = Cooperation.objects.filter(
            requester=locked, partner_offering_id=partner_offering_id
        )
    if already.exists():
        raise Refused(_("Sie haben hier schon angefragt."))
    token = secrets.token_urlsafe(32)
    cooperation.answer_token_hash = cooperation_token_hash(token)
    cooperation.full_clean(validate_constraints=False)
    cooperation.save()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Kennenlernen angefragt"),
        payload={"cooperation": cooperation.pk, "cooperation_state": cooperation.state},
    )
    _queue("conferences.cooperation_request_mail", cooperation_id=cooperation.pk, token=token)
    return cooperation


def _may_answer(cooperation: Cooperation, actor: Actor | None) -> None:
    """The answer link is the credential (``actor`` None); on a status page, only the
    partner case's own link may answer."""
    if actor is None:
        return
    partner = cooperation.partner_case
    if partner is None or actor != Actor.applicant(partner):
        raise Forbidden(_("Nur die angefragte Seite kann antworten."))


@transaction.atomic
def cooperation_answer(
    *, cooperation: Cooperation, accept: bool, actor: Actor | None = None
) -> Cooperation:
    """The other side accepts or declines. On acceptance both sides are mailed the other's
    contact; on refusal the asking side learns only that it was declined."""
    locked = Cooperation.objects.select_for_update().get(pk=cooperation.pk)
    _may_answer(locked, actor)
    if locked.state != CooperationState.PROPOSED:
        raise Refused(_("Diese Anfrage ist schon beantwortet."))
    cases = sorted(
        [c for c in (locked.requester, locked.partner_case) if c is not None], key=lambda c: c.pk
    )
    locked_cases = [case_lock(case=c) for c in cases]
    locked.state = CooperationState.AGREED if accept else CooperationState.DECLINED
    locked.answered_at = timezone.now()
    if accept:
        locked.partner_consent_text = str(COOPERATION_ANSWER_CONSENT)
    locked.save()
    partner = locked.partner_case
    by = Actor.applicant(partner) if partner is not None else Actor.system()
    comment = (
        gettext_noop("Kennenlernen vereinbart")
        if accept
        else gettext_noop("Kennenlernen abgelehnt")
    )
    for case in locked_cases:
        case_bump(case, ())
        case_event_record(
            case=case,
            actor=by,
            kind=EventKind.RECORD,
            comment=comment,
            payload={"cooperation": locked.pk, "cooperation_state": locked.state},
        )
    _queue(
        "conferences.cooperation_answer_mail"
        if accept
        else "conferences.cooperation_declined_mail",
        cooperation_id=locked.pk,
    )
    return locked


@transaction.atomic
def cooperation_merge(*, user: Any, cooperation: Cooperation) -> Cooperation:
    """Join two agreed ideas into one project: the cases link each other (both audit trails).
    Only someone who coordinates both cases' districts (or the central office) may."""
    locked = Cooperation.objects.select_for_update().get(pk=cooperation.pk)
    if locked.partner_case is None:
        raise Refused(_("Nur zwei Ideen lassen sich zu einem Projekt verbinden."))
    if not all(
        is_coordinator_for(user, c.district) for c in (locked.requester, locked.partner_case)
    ):
        raise Forbidden(_("Sie dürfen nicht beide Fälle bearbeiten."))
    if locked.state != CooperationState.AGREED:
        raise Refused(
            _("Erst wenn beide Seiten einverstanden sind, lassen sich die Ideen verbinden.")
        )
    pair = sorted([locked.requester, locked.partner_case], key=lambda c: c.pk)
    first, second = (case_lock(case=c) for c in pair)
    locked.state = CooperationState.MERGED
    locked.merged_at = timezone.now()
    locked.merged_by = user
    locked.save()
    for case, other in ((first, second), (second, first)):
        case_bump(case, ())
        case_event_record(
            case=case,
            actor=Actor.for_user(user),
            kind=EventKind.RECORD,
            comment=gettext_noop("Mit %(reference)s zu einem gemeinsamen Projekt verbunden")
            % {"reference": other.reference},
            payload={"cooperation": locked.pk, "merged_with": other.pk},
        )
    return locked
