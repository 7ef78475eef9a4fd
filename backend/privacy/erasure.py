"""Erasure requests (Art. 17 DSGVO; issue #17): the central office erases an association or a
contact person. Erasure is anonymisation (``backend.cases.services.anonymisation``), and only
where no retention duty applies: an open case, or a funded case within its Belegaufbewahrung,
refuses the whole request with the reason in German, and nothing changes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backend.accounts.roles import is_central_office, is_coordinator_for
from backend.associations.models import Association, ContactPerson
from backend.cases.models import Case
from backend.cases.services.anonymisation import (
    FINISHED_STATES,
    association_anonymise,
    case_anonymise,
    contact_anonymise,
)
from backend.cases.services.links import add_months, case_finished_at
from workflows.actors import Actor
from workflows.errors import Forbidden, GuardFailed
from workflows.states import CaseState


def retention_ends(case: Case) -> dt.datetime | None:
    """Until when a closed (funded) case must be kept; None if no retention duty applies."""
    if case.state != CaseState.CLOSED:
        return None
    finished = case_finished_at(case)
    assert finished is not None
    return add_months(finished, 12 * settings.RETENTION_CLOSED_YEARS)


def erasure_obstacles(cases: list[Case]) -> list[str]:
    """Why these cases cannot be erased now (empty: they can)."""
    reasons = []
    now = timezone.now()
    for case in cases:
        if case.anonymised_at is not None:
            continue
        if case.state not in FINISHED_STATES:
            reasons.append(
                _("Der Fall %(reference)s ist noch nicht abgeschlossen.")
                % {"reference": case.reference}
            )
            continue
        ends = retention_ends(case)
        if ends is not None and ends > now:
            reasons.append(
                _(
                    "Für den Fall %(reference)s gilt die Aufbewahrungspflicht für Belege "
                    "bis %(date)s."
                )
                % {"reference": case.reference, "date": date_format(ends.date(), "DATE_FORMAT")}
            )
    return reasons


def _check(actor: Actor, cases: list[Case]) -> None:
    if not is_central_office(actor.user):
        raise Forbidden(_("Nur die Zentrale kann Daten löschen."))
    if any(not is_coordinator_for(actor.user, case.district) for case in cases):
        # An association with cases in another city: that city's central office decides too.
        raise Forbidden(_("Nur die Zentrale kann Daten löschen."))
    reasons = erasure_obstacles(cases)
    if reasons:
        raise GuardFailed(
            _("Die Daten können noch nicht gelöscht werden:") + " " + " ".join(reasons)
        )


def _erase_cases(actor: Actor, cases: list[Case]) -> None:
    for case in cases:
        if case.anonymised_at is None:
            case_anonymise(case=case, actor=actor, reason="erasure")


@transaction.atomic
def contact_erase(*, contact: ContactPerson, actor: Actor) -> None:
    """Anonymise the contact and their cases (refused while a retention duty applies)."""
    cases = list(
        Case.objects.filter(contact=contact).select_related("quarter__parent").order_by("pk")
    )
    _check(actor, cases)
    _erase_cases(actor, cases)
    contact_anonymise(contact)
    association = contact.association
    cases_left = Case.objects.filter(association=association, anonymised_at__isnull=True)
    people_left = association.contacts.exclude(email__endswith="@invalid")
    if not cases_left.exists() and not people_left.exists():
        association_anonymise(association)


@transaction.atomic
def association_erase(*, association: Association, actor: Actor) -> None:
    """Anonymise the association, all its contacts and cases (refused as above)."""
    cases = list(
        Case.objects.filter(association=association)
        .select_related("quarter__parent")
        .order_by("pk")
    )
    _check(actor, cases)
    _erase_cases(actor, cases)
    for contact in association.contacts.all():
        contact_anonymise(contact)
    association_anonymise(association)
