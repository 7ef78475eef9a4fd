"""Role predicates: who may see and act on what."""

from __future__ import annotations

from typing import Any

from backend.areas.models import Area, CoordinatorAssignment


def is_central_office(user: Any) -> bool:
    """Central-office staff (and superusers) see all districts."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_central_office or user.is_superuser)
    )


def is_coordinator_for(user: Any, district: Area) -> bool:
    """True if the user coordinates or deputises for ``district``, or is central office."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_central_office(user):
        return True
    return CoordinatorAssignment.objects.filter(user=user, district=district).exists()


def is_coordinator(user: Any) -> bool:
    """True for anyone who works on cases (any assignment, or central office)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_central_office(user) or CoordinatorAssignment.objects.filter(user=user).exists()
