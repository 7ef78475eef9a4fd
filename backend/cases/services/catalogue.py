"""Services: a funded project in the public offering catalogue, with the association's consent.

After an approval the association may agree that its project appears in ``/angebote/``. The
consent is stored (``offerings.CatalogueConsent``: when, by whom) and the project becomes an
offering made from the case and the texts the association chose to publish (source
``foerderlotse``, external id = the case reference). Withdrawing the consent takes the offering
down (inactive) and keeps the record of both. Each step locks the case and writes one audit
event, like every record."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case, DecisionOutcome
from backend.cases.services.records import _lock_for_change
from backend.offerings.models import CatalogueConsent, Offering
from backend.offerings.opendata import FUNDED_SOURCE as CATALOGUE_SOURCE
from workflows.actors import APPLICANT, COORDINATOR, Actor
from workflows.audit import case_event_record
from workflows.errors import TransitionNotAllowedInState
from workflows.locking import case_bump
from workflows.states import CaseState, EventKind

#: States of a funded project (approved, running, reported, closed).
FUNDED_STATES = (CaseState.DECISION, CaseState.REPORT, CaseState.CLOSED)


def catalogue_consent_allowed(case: Case) -> bool:
    """True for an approved project: only then may it appear in the catalogue."""
    decision = getattr(case, "decision", None)
    return (
        case.state in FUNDED_STATES
        and decision is not None
        and decision.outcome == DecisionOutcome.APPROVED
    )


@transaction.atomic
def catalogue_consent_give(
    *,
    case: Case,
    actor: Actor,
    description: str,
    schedule: str = "",
    address: str = "",
    contact: str = "",
    languages: Sequence[str] = (),
    expected_version: int | None = None,
) -> Offering:
    """The association agrees (or changes what is published): its project is an offering
    of the catalogue from now on. Refused before the approval or after a rejection."""
    locked = _lock_for_change(case, actor, (APPLICANT, COORDINATOR), expected_version)
    if not catalogue_consent_allowed(locked):
        raise TransitionNotAllowedInState(
            _("Ein Projekt kann erst nach der Bewilligung im Angebotskatalog erscheinen."),
            state=locked.state,
        )
    consent = CatalogueConsent.objects.filter(case=locked).select_related("offering").first()
    offering = consent.offering if consent else Offering(city_id=locked.quarter.city_id)
    decision = locked.decision
    offering.source, offering.external_id = CATALOGUE_SOURCE, locked.reference
    offering.title = locked.title
    offering.description = description
    offering.provider = locked.association.name
    offering.quarter, offering.citywide = locked.quarter, False
    offering.topics, offering.target_groups = list(locked.topics), list(locked.target_groups)
    offering.languages = list(dict.fromkeys(languages))
    offering.schedule, offering.address, offering.contact = schedule, address, contact
    offering.valid_from, offering.valid_to = decision.funding_start, decision.funding_end
    offering.active = True
    offering.full_clean(validate_unique=False)
    offering.save()
    if consent is None:
        consent = CatalogueConsent(case=locked, offering=offering)
    consent.given_at, consent.given_by = timezone.now(), actor.label
    consent.withdrawn_at = None
    consent.save()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Zustimmung zum Angebotskatalog erteilt"),
        payload={"catalogue_consent": consent.pk, "offering": offering.pk},
    )
    return offering


@transaction.atomic
def catalogue_consent_withdraw(
    *, case: Case, actor: Actor, expected_version: int | None = None
) -> None:
    """The association withdraws its consent: the offering leaves the catalogue."""
    locked = _lock_for_change(case, actor, (APPLICANT, COORDINATOR), expected_version)
    consent = CatalogueConsent.objects.filter(case=locked, withdrawn_at__isnull=True).first()
    if consent is None:
        raise TransitionNotAllowedInState(
            _("Das Projekt steht nicht im Angebotskatalog."), state=locked.state
        )
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at", "updated_at"])
    Offering.objects.filter(pk=consent.offering_id).update(active=False, updated_at=timezone.now())
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Zustimmung zum Angebotskatalog zurückgenommen"),
        payload={"catalogue_consent": consent.pk, "offering": consent.offering_id},
    )
