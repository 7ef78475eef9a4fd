"""What the user may choose in the figures' filters: the cities, districts and programmes
whose cases they see (all for the central office)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from backend.accounts.roles import is_central_office
from backend.areas.models import Area, AreaKind, City, CoordinatorAssignment, district_order
from backend.programs.models import FundingProgram


def stats_city_choices(*, user: Any) -> QuerySet[City]:
    """Cities whose cases the user sees: all for the central office."""
    if is_central_office(user):
        return City.objects.order_by("name")
    return City.objects.filter(areas__assignments__user=user).distinct().order_by("name")


def stats_district_choices(*, user: Any) -> QuerySet[Area]:
    """Districts whose cases the user sees, in their natural order (IX after VIII)."""
    qs = Area.objects.filter(kind=AreaKind.DISTRICT).select_related("city")
    if not is_central_office(user):
        districts = CoordinatorAssignment.objects.filter(user=user).values("district_id")
        qs = qs.filter(pk__in=districts)
    return qs.order_by("city__name", district_order(), "code")


def stats_program_choices(*, user: Any) -> QuerySet[FundingProgram]:
    """Funding programmes of the user's cities."""
    return FundingProgram.objects.filter(city__in=stats_city_choices(user=user)).order_by("name")
