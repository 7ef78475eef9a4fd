"""A city's overlap weights (``OverlapCalibration``), cached per process for a few minutes."""

from __future__ import annotations

import time

from backend.offerings.models import OverlapCalibration
from backend.offerings.overlap.scoring import DEFAULT_WEIGHTS, Weights

CACHE_SECONDS = 300.0
_cache: dict[int | None, tuple[float, Weights]] = {}


def calibration_weights(row: OverlapCalibration) -> Weights:
    return Weights(
        text=row.text,
        topics=row.topics,
        groups=row.groups,
        activity=row.activity,
        threshold=row.threshold,
    )


def overlap_weights(city_id: int | None) -> Weights:
    """The city's fitted weights, or ``DEFAULT_WEIGHTS`` when it has none."""
    cached = _cache.get(city_id)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    row = OverlapCalibration.objects.filter(city_id=city_id).first() if city_id else None
    weights = calibration_weights(row) if row else DEFAULT_WEIGHTS
    _cache[city_id] = (time.monotonic(), weights)
    return weights


def clear_cache() -> None:
    """Forget cached weights (after ``overlap_learn``, and in tests)."""
    _cache.clear()
