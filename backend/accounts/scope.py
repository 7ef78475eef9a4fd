"""The tenant wall: what a user may see, city by city (issue #24).

The city is the tenant. Every role counts only within ``User.city``: a coordinator or deputy
sees the districts assigned to them there, the central office every district of its city, a
superuser every city (the only cross-city role). A user without a city, an inactive or an
anonymous user sees nothing: the wall fails closed.

This module is the one mechanism: every selector that reads for a user filters through
``scoped`` (or ``visible_districts`` / ``visible_cities`` where it lists areas), with the
lookup path from its rows to their city and, for rows that belong to a district, to their
district. The filters are subqueries, so scoping adds no query of its own. The cross-city
matrix test (``tests/common/test_tenant_matrix.py``) walks every page and API endpoint as a
user of another city and finds nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from backend.areas.models import Area, AreaKind, City

M = TypeVar("M", bound=Model)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_superuser(user: Any) -> bool:
    """The only role that crosses cities."""
    return _active(user) and bool(user.is_superuser)


def user_city_id(user: Any) -> int | None:
    """The user's city (None for anonymous users and users without one)."""
    return getattr(user, "city_id", None) if _active(user) else None


def is_central_office_of_city(user: Any) -> bool:
    """Central-office staff of their city (a central-office flag without a city is nothing)."""
    return _active(user) and bool(user.is_central_office) and user_city_id(user) is not None


def scoped(qs: QuerySet[M], *, user: Any, city: str, district: str | None = None) -> QuerySet[M]:
    """``qs`` limited to what ``user`` may see.

    ``city`` is the lookup path from a row to its city (``"city"``, ``"quarter__city"``);
    ``district`` the path to its district, for rows that belong to one (cases, events):
    coordinators see only their districts' rows there, the central office its whole city.
    Rows without a district (programmes, offerings of the city, webhooks) pass ``None``.
    """
    if is_superuser(user):
        return qs
    city_id = user_city_id(user)
    if city_id is None:
        return qs.none()
    qs = qs.filter(**{city: city_id})
    if is_central_office_of_city(user):
        return qs
    if district is None:  # a row of the whole city: for anyone with a role in it
        return qs.filter(**{f"{city}__in": _role_cities(user)})
    return qs.filter(**{f"{district}__in": _assigned_districts(user)})


def scoped_any(qs: QuerySet[M], *, user: Any, paths: tuple[tuple[str, str], ...]) -> QuerySet[M]:
    """Rows that belong to several districts (a cooperation between two cases): visible if
    any of the (city path, district path) pairs is in ``user``'s scope."""
    if is_superuser(user):
        return qs
    city_id = user_city_id(user)
    if city_id is None:
        return qs.none()
    central = is_central_office_of_city(user)
    condition = Q()
    for city, district in paths:
        part = Q(**{city: city_id})
        if not central:
            part &= Q(**{f"{district}__in": _assigned_districts(user)})
        condition |= part
    return qs.filter(condition)


def _assigned_districts(user: Any) -> QuerySet[Area, Any]:
    """The user's districts (coordinator or deputy) in their city, as a subquery (only
    called for a user with a city)."""
    return Area.objects.filter(
        kind=AreaKind.DISTRICT, assignments__user=user, city_id=user.city_id
    ).values("pk")


def _role_cities(user: Any) -> QuerySet[Area, Any]:
    return _assigned_districts(user).values("city_id")


def visible_districts(*, user: Any) -> QuerySet[Area]:
    """The districts whose rows ``user`` sees (all of the city for its central office)."""
    districts = Area.objects.filter(kind=AreaKind.DISTRICT)
    return scoped(districts, user=user, city="city", district="pk")


def visible_quarters(*, user: Any) -> QuerySet[Area]:
    """The quarters of ``visible_districts``."""
    quarters = Area.objects.filter(kind=AreaKind.QUARTER)
    return scoped(quarters, user=user, city="city", district="parent")


def visible_cities(*, user: Any) -> QuerySet[City]:
    """The cities ``user`` works in: their own, every city for a superuser."""
    return scoped(City.objects.all(), user=user, city="pk")
