"""Read-side queries for areas and coordinator responsibility."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from backend.accounts.models import User
from backend.areas.models import (
    Area,
    AreaKind,
    AssignmentRole,
    City,
    CoordinatorAssignment,
    Office,
    district_order,
)


def district_responsible_user(*, district: Area) -> User:
    """Who receives new cases of ``district``: coordinator, else deputy, else central queue.

    A vacant district (Essen's II/VIII/IX office was "N.N.") therefore never leaves a case
    unassigned.
    """
    return districts_responsible_users(districts=[district])[district.pk]


def districts_responsible_users(*, districts: Sequence[Area]) -> dict[int, User]:
    """``district_responsible_user`` for many districts in two queries (district id → user),
    one when the districts come with their city's queue
    (``select_related("city__central_queue")``)."""
    found: dict[int, dict[str, User]] = {}
    assignments = CoordinatorAssignment.objects.filter(
        district__in=districts, user__is_active=True
    ).select_related("user")
    for assignment in assignments:
        found.setdefault(assignment.district_id, {})[assignment.role] = assignment.user
    queues = {
        d.city_id: d.city.central_queue
        for d in districts
        if Area.city.is_cached(d) and City.central_queue.is_cached(d.city)
    }
    missing = {d.city_id for d in districts} - set(queues)
    if missing:
        loaded = City.objects.filter(pk__in=missing).select_related("central_queue")
        queues.update({city.pk: city.central_queue for city in loaded})
    result = {}
    for district in districts:
        roles = found.get(district.pk, {})
        result[district.pk] = (
            roles.get(AssignmentRole.COORDINATOR)
            or roles.get(AssignmentRole.DEPUTY)
            or queues[district.city_id]
        )
    return result


def office_of_district(*, district: Area) -> Office | None:
    """The integration office that serves ``district`` (None if the city has none listed)."""
    return Office.objects.filter(districts=district).first()


def offices_of_districts(*, districts: Sequence[Area]) -> dict[int, Office]:
    """``office_of_district`` for many districts in one query (district id → office)."""
    links = (
        Office.districts.through.objects.filter(area__in=districts)
        .select_related("office")
        .order_by("office__city__name", "office__name")
    )
    result: dict[int, Office] = {}
    for link in links:
        result.setdefault(link.area_id, link.office)
    return result


def quarter_choices(*, city_slug: str | None = None) -> QuerySet[Area]:
    """Quarters with their district, ordered for a grouped choice list."""
    qs = Area.objects.filter(kind=AreaKind.QUARTER).select_related("parent", "city")
    if city_slug:
        qs = qs.filter(city__slug=city_slug)
    return qs.order_by("city__name", district_order("parent__"), "parent__code", "name")
