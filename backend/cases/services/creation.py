"""Services: a case comes into being (``case_create``), with its reference, association,
contact, private token and overlap snapshot. The public form and ``POST /ideas/`` reach it
through ``backend.cases.submission.idea_submit``."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.areas.models import Area
from backend.areas.selectors import district_responsible_user
from backend.associations.services import (
    association_differences,
    association_get_or_create,
    contact_get_or_create,
)
from backend.cases.models import (
    Case,
    ReferenceCounter,
)
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.states import EventKind


def token_hash(token: str) -> str:
    """Only the hash of a status token is stored; the token itself is shown and mailed once."""
    return hashlib.sha256(token.encode()).hexdigest()


def _next_reference(district: Area, year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        district=district, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    # District codes are unique only within a city: the city's prefix keeps the reference
    # unique across the installation (Essen has none: IV-2027-0001; Oberhausen OB-1-2027-0001).
    prefix = district.city.reference_prefix
    return f"{prefix + '-' if prefix else ''}{district.code}-{year}-{counter.last:04d}"


@dataclass(frozen=True)
class CaseCreated:
    case: Case
    token: str  # the private status token; not stored, show and send it now
    created: bool  # False when an idempotent resubmission returned the existing case


def case_create(
    *,
    idea: dict[str, Any],
    association: dict[str, Any],
    contact: dict[str, Any],
    idempotency_key: str | None = None,
    overlap_statement: str = "",
    overlap_snapshot: dict[str, Any] | None = None,
) -> CaseCreated:
    """Submit an idea: one case in state ``idea``, assigned to the district's coordinator.

    ``idempotency_key`` (from the form or an API header) makes a double submit return the
    first case instead of creating a second one; its token is then not shown again.
    """
    if idempotency_key:
        existing = _case_with_key(idempotency_key)
        if existing is not None:
            return CaseCreated(existing, "", created=False)
    try:
        return _case_create(
            idea, association, contact, idempotency_key, overlap_statement, overlap_snapshot
        )
    except IntegrityError:
        # A concurrent submission with the same key committed after the look-up above.
        existing = _case_with_key(idempotency_key) if idempotency_key else None
        if existing is not None:
            return CaseCreated(existing, "", created=False)
        raise


def _case_with_key(idempotency_key: str) -> Case | None:
    return Case.objects.filter(idempotency_key=idempotency_key).first()


@transaction.atomic
def _case_create(
    idea: dict[str, Any],
    association_data: dict[str, Any],
    contact_data: dict[str, Any],
    idempotency_key: str | None,
    overlap_statement: str,
    overlap_snapshot: dict[str, Any] | None,
) -> CaseCreated:
    association_data = dict(association_data)
    association, association_created = association_get_or_create(
        name=association_data.pop("name"),
        postal_code=association_data.pop("postal_code"),
        defaults=association_data,
    )
    differences = (
        {} if association_created else association_differences(association, association_data)
    )
    contact_data = dict(contact_data)
    contact = contact_get_or_create(
        association=association, email=contact_data.pop("email"), defaults=contact_data
    )
    quarter: Area = idea["quarter"]
    token = secrets.token_urlsafe(32)
    case = Case(
        **idea,
        city_id=quarter.city_id,
        association=association,
        contact=contact,
        assigned_to=district_responsible_user(district=quarter.district),
        tracking_token_hash=token_hash(token),
        status_link_issued_at=timezone.now(),
        idempotency_key=idempotency_key or None,
        overlap_statement=overlap_statement,
        reference=_next_reference(quarter.district, timezone.localdate().year),
    )
    # "state" is protected and set by its default. The key's uniqueness is left to the
    # database: a concurrent double submit then fails with IntegrityError, which case_create
    # answers with the first case (full_clean would raise a ValidationError instead).
    case.full_clean(exclude=["state", "idempotency_key"])
    with transaction.atomic():
        case.save()
    if overlap_snapshot is None:
        overlap_snapshot = _overlap_snapshot(case)
    case.overlap_snapshot = overlap_snapshot
    case.save(update_fields=["overlap_snapshot"])
    case_event_record(
        case=case,
        actor=Actor.applicant(case),
        kind=EventKind.CREATED,
        to_state=case.state,
        payload={
            "assigned_to": case.assigned_to.pk,
            "quarter": quarter.pk,
            **({"association_differs": differences} if differences else {}),
        },
    )
    return CaseCreated(case, token, created=True)


def _overlap_snapshot(case: Case) -> dict[str, Any]:
    """What the overlap engine finds for the new case (stored with it; a coordinator may check
    again later, ``case_overlap_refresh``)."""
    from backend.cases.overlap import case_overlap_check

    return case_overlap_check(case).as_snapshot()
