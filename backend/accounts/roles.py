"""Role predicates: who may see and act on what. Every role counts only in the user's city
(``backend.accounts.scope``); a superuser is the only cross-city role."""

from __future__ import annotations

from typing import Any

from backend.accounts.scope import is_central_office_of_city, is_superuser, user_city_id
from backend.areas.models import Area, CoordinatorAssignment


def is_central_office(user: Any) -> bool:
    """Central-office staff of their city (and superusers) see all districts of it."""
    return is_superuser(user) or is_central_office_of_city(user)


def is_coordinator_for(user: Any, district: Area) -> bool:
    """True if the user coordinates or deputises for ``district``, or is the central office
    of its city."""
    if is_superuser(user):
        return True
    city_id = user_city_id(user)
    if city_id is None or district.city_id != city_id:
        return False
    if is_central_office_of_city(user):
        return True
    return CoordinatorAssignment.objects.filter(user=user, district=district).exists()


def is_coordinator(user: Any) -> bool:
    """True for anyone who works on cases (any assignment in their city, or central office)."""
    if is_superuser(user) or is_central_office_of_city(user):
        return True
    city_id = user_city_id(user)
    if city_id is None:
        return False
    return CoordinatorAssignment.objects.filter(user=user, district__city_id=city_id).exists()
