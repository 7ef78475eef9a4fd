"""What the user may choose in the figures' filters: the cities, districts and programmes
whose cases they see (their city's for the central office)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from backend.accounts.scope import visible_cities, visible_districts
from backend.areas.models import Area, City, district_order
from backend.programs.models import FundingProgram


def stats_city_choices(*, user: Any) -> QuerySet[City]:
    """Cities whose cases the user sees: their own (every city for a superuser)."""
    return visible_cities(user=user).order_by("name")


def stats_district_choices(*, user: Any) -> QuerySet[Area]:
    """Districts whose cases the user sees, in their natural order (IX after VIII)."""
    qs = visible_districts(user=user).select_related("city")
    return qs.order_by("city__name", district_order(), "code")


def stats_program_choices(*, user: Any) -> QuerySet[FundingProgram]:
    """Funding programmes of the user's cities."""
    return FundingProgram.objects.filter(city__in=stats_city_choices(user=user)).order_by("name")
