"""The one place the public idea form asks "what similar things exist already?".

It calls the overlap engine (``backend.offerings.selectors``) and turns its answer into what
the form shows and what the case stores (``Case.overlap_snapshot``): plain dicts with the
reasons as sentences, so the snapshot stays readable after offerings change or disappear.

Until the engine is in the code base, a deliberately simple stand-in (same district, shared
topics or target groups, a title word in common) keeps the review step working; it is used
only when the engine's selector cannot be imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.areas.models import Area
from backend.cases.models import Case
from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.models import Offering
from workflows.states import OPEN_STATES

LIMIT = 5


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
    engine: str  # "overlap-engine" or "fallback", stored with the snapshot for the record

    def __bool__(self) -> bool:
        return bool(self.offerings or self.ideas)

    def snapshot(self) -> list[dict[str, Any]]:
        return [s.as_snapshot() | {"engine": self.engine} for s in self.offerings + self.ideas]


def similar_find(probe: Probe) -> SimilarFound:
    """Similar existing offerings and similar open ideas for ``probe`` (best first)."""
    if not probe.title.strip():
        return SimilarFound([], [], "none")
    engine = _engine()
    if engine is None:
        return SimilarFound(_fallback_offerings(probe), _fallback_ideas(probe), "fallback")
    offerings = [_from_match("offering", m) for m in engine["offerings"](**_kwargs(probe))]
    ideas_fn = engine.get("ideas")
    ideas = [_from_match("idea", m) for m in ideas_fn(**_kwargs(probe))] if ideas_fn else []
    if not ideas_fn:
        ideas = _fallback_ideas(probe)
    return SimilarFound(offerings, ideas, "overlap-engine")


def _engine() -> dict[str, Any] | None:
    try:
        selectors = import_module("backend.offerings.selectors")
    except ImportError:
        return None
    offerings = getattr(selectors, "offering_list_overlapping", None)
    if offerings is None:
        return None
    ideas = None
    for module_name in ("backend.offerings.selectors", "backend.cases.selectors"):
        module = import_module(module_name)
        ideas = ideas or getattr(module, "case_list_similar_open", None)
    return {"offerings": offerings, "ideas": ideas}


def _kwargs(probe: Probe) -> dict[str, Any]:
    return {
        "title": probe.title,
        "description": probe.description,
        "quarter": probe.quarter,
        "target_groups": list(probe.target_groups),
        "topics": list(probe.topics),
        "limit": LIMIT,
    }


def _reason_dicts(reasons: Sequence[Any]) -> list[dict[str, str]]:
    result = []
    for reason in reasons:
        if isinstance(reason, dict):
            result.append({"code": str(reason["code"]), "text": str(reason["text"])})
        else:
            result.append({"code": str(reason.code), "text": str(reason.text)})
    return result


def _from_match(kind: str, match: Any) -> Similar:
    obj = getattr(match, "offering", None) or getattr(match, "case", None) or match.obj
    return _similar(kind, obj, float(match.score), bool(match.likely_overlap), match.reasons)


def _similar(kind: str, obj: Any, score: float, likely: bool, reasons: Sequence[Any]) -> Similar:
    if kind == "offering":
        where = str(obj.quarter) if obj.quarter_id else _("ganze Stadt")
        provider = obj.provider
    else:  # an open idea of another association: no name, no contact, only what and where
        where, provider = str(obj.quarter), ""
    return Similar(kind, obj.pk, obj.title, where, provider, score, likely, _reason_dicts(reasons))


# --- Stand-in until the overlap engine is merged ------------------------------------------------

_WORD = re.compile(r"\w{5,}")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _fallback_reasons(probe: Probe, obj: Any, *, place: Area | None) -> tuple[float, list[Any]]:
    reasons: list[dict[str, str]] = []
    score = 0.0
    if probe.quarter is not None and place is not None:
        if place.pk == probe.quarter.pk:
            score += 0.3
            reasons.append({"code": "same_quarter", "text": _("im selben Stadtteil")})
        elif place.parent_id == probe.quarter.parent_id:
            score += 0.2
            reasons.append({"code": "same_district", "text": _("im selben Stadtbezirk")})
    elif place is None:
        score += 0.1
        reasons.append({"code": "citywide", "text": _("gilt für die ganze Stadt")})
    topics = [Topic(t).label for t in probe.topics if t in (obj.topics or [])]
    if topics:
        score += 0.15 * len(topics)
        reasons.append(
            {"code": "shared_topic", "text": _("gleiches Thema: %s") % ", ".join(map(str, topics))}
        )
    groups = [TargetGroup(g).label for g in probe.target_groups if g in (obj.target_groups or [])]
    if groups:
        score += 0.1 * len(groups)
        reasons.append(
            {
                "code": "shared_target_group",
                "text": _("gleiche Zielgruppe: %s") % ", ".join(map(str, groups)),
            }
        )
    shared = _words(probe.title) & _words(f"{obj.title} {getattr(obj, 'description', '')}")
    if shared:
        score += 0.3
        reasons.append(
            {"code": "similar_text", "text": _("ähnliche Worte: %s") % ", ".join(sorted(shared))}
        )
    return min(score, 1.0), reasons


def _fallback_rank(probe: Probe, kind: str, rows: Sequence[Any]) -> list[Similar]:
    ranked = []
    for obj in rows:
        score, reasons = _fallback_reasons(probe, obj, place=obj.quarter)
        has_content = any(
            r["code"] not in ("same_quarter", "same_district", "citywide") for r in reasons
        )
        if has_content:
            ranked.append(_similar(kind, obj, score, score >= 0.6, reasons))
    ranked.sort(key=lambda s: -s.score)
    return ranked[:LIMIT]


def _fallback_offerings(probe: Probe) -> list[Similar]:
    if probe.quarter is None:
        return []
    today = timezone.localdate()
    rows = (
        Offering.objects.filter(active=True, city_id=probe.quarter.city_id)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(Q(citywide=True) | Q(quarter__parent_id=probe.quarter.parent_id))
        .select_related("quarter")[:200]
    )
    return _fallback_rank(probe, "offering", list(rows))


def _fallback_ideas(probe: Probe) -> list[Similar]:
    if probe.quarter is None:
        return []
    rows = (
        Case.objects.filter(state__in=OPEN_STATES, quarter__parent_id=probe.quarter.parent_id)
        .select_related("quarter")
        .order_by("-created_at")[:200]
    )
    return _fallback_rank(probe, "idea", list(rows))
