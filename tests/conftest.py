"""Shared fixtures. Every test that touches data runs on a real PostgreSQL."""

from __future__ import annotations

import pytest

from backend.areas.services import areas_load_reference


@pytest.fixture
def essen(db):
    """Essen's reference areas and offices, loaded the way production loads them."""
    areas_load_reference(city_slug="essen")
    from backend.areas.models import City

    return City.objects.get(slug="essen")
