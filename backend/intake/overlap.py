"""The one place the public idea form asks "what similar things exist already?".

It calls the overlap engine (``backend.offerings``, see docs/overlap.md) for existing
offerings and, with the engine's generic scoring, for other open ideas of the district; and
turns the answers into what the form shows and what the case stores
(``Case.overlap_snapshot``): plain dicts with the reasons as sentences, so the snapshot stays
readable after offerings change or disappear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from backend.areas.models import Area
from backend.cases.models import Case
from backend.offerings.overlap import SEARCH_CONFIG, OverlapFields, OverlapProbe, overlap_rank
from backend.offerings.selectors import offering_list_overlapping
from workflows.states import OPEN_STATES

#: At most this many of each kind are shown: enough to orient, few enough to read on a phone.
LIMIT = 5
#: Below this score a match shares little more than the district: not worth anyone's time.
MIN_SCORE = 0.2
ENGINE = "overlap-engine"


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

    def as_snapshot(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.pk,
            "title": self.title,
            "where": self.where,
            "provider": self.provider,
            "score": round(self.score, 3),
            "likely_overlap": self.likely_overlap,
            "reasons": self.reasons,
        }


@dataclass(frozen=True)
class SimilarFound:
    offerings: list[Similar]
    ideas: list[Similar]
    engine: str  # which engine found them, stored with the snapshot for the record

    def __bool__(self) -> bool:
        return bool(self.offerings or self.ideas)

    def snapshot(self) -> list[dict[str, Any]]:
        return [s.as_snapshot() | {"engine": self.engine} for s in self.offerings + self.ideas]


def similar_find(probe: Probe) -> SimilarFound:
    """Similar existing offerings and similar open ideas for ``probe`` (best first)."""
    if not probe.title.strip() or probe.quarter is None:
        return SimilarFound([], [], ENGINE)
    matches = offering_list_overlapping(
        title=probe.title,
        description=probe.description,
        quarter=probe.quarter,
        target_groups=list(probe.target_groups),
        topics=list(probe.topics),
        limit=LIMIT,
    )
    offerings = [
        _similar("offering", m.offering, m.score, m.likely_overlap, m.reasons)
        for m in matches
        if m.score >= MIN_SCORE
    ]
    return SimilarFound(offerings, _similar_open_ideas(probe), ENGINE)


#: Open ideas are few per district: score them all with the engine's formula, no index needed.
CASE_FIELDS = OverlapFields(
    table="cases_case",
    vector=(
        f"to_tsvector('{SEARCH_CONFIG}', \"cases_case\".\"title\" || ' ' || "
        '"cases_case"."challenge" || \' \' || "cases_case"."intended_result")'
    ),
    citywide=None,
)


def _similar_open_ideas(probe: Probe) -> list[Similar]:
    assert probe.quarter is not None
    candidates = Case.objects.filter(
        state__in=OPEN_STATES, quarter__parent_id=probe.quarter.parent_id
    )
    engine_probe = OverlapProbe(
        title=probe.title.strip(),
        description=probe.description.strip(),
        quarter=probe.quarter,
        target_groups=tuple(dict.fromkeys(probe.target_groups)),
        topics=tuple(dict.fromkeys(probe.topics)),
    )
    scored = overlap_rank([candidates], probe=engine_probe, fields=CASE_FIELDS, limit=LIMIT)
    return [
        _similar("idea", s.obj, s.score, s.likely_overlap, s.reasons)
        for s in scored
        if s.score >= MIN_SCORE
    ]


def _similar(kind: str, obj: Any, score: float, likely: bool, reasons: Sequence[Any]) -> Similar:
    if kind == "offering":
        where = str(obj.quarter) if obj.quarter_id else gettext("ganze Stadt")
        provider = obj.provider
    else:  # an open idea of another association: only what and where, never who
        where, provider = str(obj.quarter), ""
    texts = [{"code": str(r.code), "text": str(r.text)} for r in reasons]
    return Similar(kind, obj.pk, obj.title, where, provider, float(score), likely, texts)
