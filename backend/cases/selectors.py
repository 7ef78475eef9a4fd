"""Read-side queries for cases: who sees which cases, lookup by the applicant's token."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from backend.accounts.roles import is_central_office
from backend.areas.models import CoordinatorAssignment
from backend.cases.models import Case


def cases_visible_to(*, user: Any) -> QuerySet[Case]:
    """Cases a user may see: all for central office, else those of their districts."""
    qs = Case.objects.select_related(
        "quarter__parent", "association", "contact", "assigned_to", "program"
    )
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if is_central_office(user):
        return qs
    districts = CoordinatorAssignment.objects.filter(user=user).values("district_id")
    return qs.filter(quarter__parent_id__in=districts)


def case_get_by_token(*, token: str) -> Case | None:
    """The case whose private status token is ``token`` (only its hash is stored)."""
    from backend.cases.services import token_hash

    if not token or len(token) > 200:
        return None
    return (
        Case.objects.select_related("quarter__parent", "association", "contact", "assigned_to")
        .filter(tracking_token_hash=token_hash(token))
        .first()
    )
