"""The one place the public idea form asks "what similar things exist already?".

It calls ``backend.cases.overlap.overlap_check`` (the same entry point the API and the case
snapshot use, so all see the same engine: docs/overlap.md) and turns its answer into what
the form shows: a few of the best matches with their reasons as sentences. What the case
stores (``Case.overlap_snapshot``) is the engine's own snapshot of that very check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from backend.areas.models import Area
from backend.cases.overlap import OverlapCheck, overlap_check

#: At most this many of each kind are shown: enough to orient, few enough to read on a phone.
LIMIT = 5
#: Offerings below this score share little more than the district: not worth anyone's time.
#: (Open ideas are filtered by the engine itself, ``MIN_IDEA_SCORE``.)
MIN_SCORE = 0.2


@dataclass(frozen=True)
class Probe:
    """The idea as typed so far."""

    title: str
    description: str
    quarter: Area | None
    target_groups: Sequence[str] = ()
    topics: Sequence[str] = ()


@dataclass(frozen=True)
class Similar:
    """One similar offering or open idea, ready to show and to store."""

    kind: str  # "offering" or "idea"
    pk: int
    title: str
    where: str
    provider: str
    score: float
    likely_overlap: bool
    reasons: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SimilarFound:
    offerings: list[Similar]
    ideas: list[Similar]
    check: OverlapCheck | None = None

    def __bool__(self) -> bool:
        return bool(self.offerings or self.ideas)

    def snapshot(self) -> dict[str, Any] | None:
        """The engine's snapshot of this check, for ``case_create(overlap_snapshot=)``."""
        return self.check.as_snapshot() if self.check is not None else None


def similar_find(probe: Probe) -> SimilarFound:
    """Similar existing offerings and similar open ideas for ``probe`` (best first)."""
    if not probe.title.strip() or probe.quarter is None:
        return SimilarFound([], [])
    check = overlap_check(
        title=probe.title,
        description=probe.description,
        quarter=probe.quarter,
        target_groups=list(probe.target_groups),
        topics=list(probe.topics),
    )
    offerings = [
        _similar("offering", m.offering, m.score, m.likely_overlap, m.reasons)
        for m in check.offerings
        if m.score >= MIN_SCORE
    ][:LIMIT]
    ideas = [
        _similar("idea", m.case, m.score, m.likely_overlap, m.reasons) for m in check.similar_ideas
    ][:LIMIT]
    return SimilarFound(offerings, ideas, check)


def _similar(kind: str, obj: Any, score: float, likely: bool, reasons: Sequence[Any]) -> Similar:
    if kind == "offering":
        where = str(obj.quarter) if obj.quarter_id else gettext("ganze Stadt")
        provider = obj.provider
    else:  # an open idea of another association: only what and where, never who
        where, provider = str(obj.quarter), ""
    texts = [{"code": str(r.code), "text": str(r.text)} for r in reasons]
    return Similar(kind, obj.pk, obj.title, where, provider, float(score), likely, texts)
