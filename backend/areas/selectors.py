"""Read-side queries for areas and coordinator responsibility."""

from __future__ import annotations

from django.db.models import QuerySet

from backend.accounts.models import User
from backend.areas.models import (
    Area,
    AreaKind,
    AssignmentRole,
    CoordinatorAssignment,
    Office,
    district_order,
)


def district_responsible_user(*, district: Area) -> User:
    """Who receives new cases of ``district``: coordinator, else deputy, else central queue.

    A vacant district (Essen's II/VIII/IX office was "N.N.") therefore never leaves a case
    unassigned.
    """
    assignments = {
        a.role: a.user
        for a in CoordinatorAssignment.objects.filter(
            district=district, user__is_active=True
        ).select_related("user")
    }
    for role in (AssignmentRole.COORDINATOR, AssignmentRole.DEPUTY):
        if role in assignments:
            return assignments[role]
    return district.city.central_queue


def districts_of_user(*, user: User) -> QuerySet[Area]:
    """Districts the user coordinates or deputises for."""
    return Area.objects.filter(kind=AreaKind.DISTRICT, assignments__user=user).distinct()


def office_of_district(*, district: Area) -> Office | None:
    """The integration office that serves ``district`` (None if the city has none listed)."""
    return Office.objects.filter(districts=district).first()


def quarter_choices(*, city_slug: str | None = None) -> QuerySet[Area]:
    """Quarters with their district, ordered for a grouped choice list."""
    qs = Area.objects.filter(kind=AreaKind.QUARTER).select_related("parent", "city")
    if city_slug:
        qs = qs.filter(city__slug=city_slug)
    return qs.order_by("city__name", district_order("parent__"), "parent__code", "name")
