"""Why a candidate matched: the reasons shown beside each match."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.overlap.scoring import (
    PLACE_CITYWIDE,
    PLACE_DISTRICT,
    PLACE_QUARTER,
    SIMILAR_TEXT,
    OverlapFields,
    OverlapProbe,
    Reason,
)


def reason_catalogue(probe: OverlapProbe) -> dict[str, Reason]:
    """Every reason ``probe`` can get, translated once per check rather than once per match."""
    catalogue = {
        "same_quarter": Reason("same_quarter", _("Im selben Stadtteil.")),
        "same_district": Reason("same_district", _("Im selben Stadtbezirk.")),
        "citywide": Reason("citywide", _("Stadtweites Angebot.")),
        "similar_text": Reason("similar_text", _("Ähnliche Beschreibung.")),
    }
    for slug in probe.target_groups:
        code = f"shared_target_group:{slug}"
        catalogue[code] = Reason(code, _("Gleiche Zielgruppe: %s.") % TargetGroup(slug).label)
    for slug in probe.topics:
        code = f"shared_topic:{slug}"
        catalogue[code] = Reason(code, _("Gleiches Thema: %s.") % Topic(slug).label)
    return catalogue


def overlap_reasons(
    row: Any,
    *,
    text: float,
    place: float,
    probe: OverlapProbe,
    fields: OverlapFields,
    catalogue: dict[str, Reason] | None = None,
) -> list[Reason]:
    """Why ``row`` was matched: place first, then shared vocabulary, then text.

    ``catalogue``: ``reason_catalogue(probe)``, when scoring several rows.
    """
    if catalogue is None:
        catalogue = reason_catalogue(probe)
    reasons: list[Reason] = []
    if place == PLACE_QUARTER:
        reasons.append(catalogue["same_quarter"])
    elif place == PLACE_DISTRICT:
        reasons.append(catalogue["same_district"])
    elif place == PLACE_CITYWIDE:
        reasons.append(catalogue["citywide"])
    groups = getattr(row, fields.target_groups) or ()
    reasons += [
        catalogue[f"shared_target_group:{slug}"] for slug in probe.target_groups if slug in groups
    ]
    topics = getattr(row, fields.topics) or ()
    reasons += [catalogue[f"shared_topic:{slug}"] for slug in probe.topics if slug in topics]
    if text >= SIMILAR_TEXT:
        reasons.append(catalogue["similar_text"])
    return reasons
