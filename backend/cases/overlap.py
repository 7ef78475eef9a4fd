"""Hold an idea against the landscape: existing offerings and other open ideas.

One entry point, ``overlap_check``, serves the public form (review step), the API
(``POST /api/v1/overlap-checks/``) and the snapshot a case stores at submission, so all three
see the same engine (``backend/offerings/overlap/``, docs/overlap.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone

from backend.areas.models import Area
from backend.cases.models import Case
from backend.offerings.lexeme_stats import selective_lexemes
from backend.offerings.overlap import (
    OverlapFields,
    OverlapProbe,
    Reason,
    any_of,
    overlap_rank,
    probe_lexemes,
)
from backend.offerings.selectors import OverlapMatch, offering_list_overlapping
from workflows.states import OPEN_STATES

#: Open ideas keep their words stored (``Case.search_vector``, migration 0012): a check no
#: longer builds the vector of every open idea of the city from its text.
CASE_FIELDS = OverlapFields(
    table="cases_case",
    vector="search_vector",
    citywide=None,  # a case always has a quarter
)
#: Similar ideas below this score are noise, not a chance for cooperation.
MIN_IDEA_SCORE = 0.25


@dataclass(frozen=True)
class SimilarIdeaMatch:
    case: Case
    score: float
    likely_overlap: bool
    reasons: list[Reason]


@dataclass(frozen=True)
class OverlapCheck:
    offerings: list[OverlapMatch]
    similar_ideas: list[SimilarIdeaMatch] = field(default_factory=list)

    def as_snapshot(self) -> dict[str, Any]:
        """JSON stored with the case: what the engine said at submission."""
        return {
            "checked_at": timezone.now().isoformat(),
            "offerings": [offering_match_dict(m) for m in self.offerings],
            "similar_ideas": [idea_match_dict(m) for m in self.similar_ideas],
        }


#: Where ``as_snapshot`` keeps each kind of match: offerings, and other cases (open ideas).
SNAPSHOT_LISTS = {"offering": "offerings", "case": "similar_ideas"}


def snapshot_matches(case: Case, kind: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(match, target) for each stored match of ``kind`` ("offering" or "case") in the case's
    overlap snapshot whose target has an id; anything else in the JSON is skipped."""
    snapshot = case.overlap_snapshot if isinstance(case.overlap_snapshot, dict) else {}
    matches = []
    for item in snapshot.get(SNAPSHOT_LISTS[kind]) or []:
        target = item.get(kind) if isinstance(item, dict) else None
        if isinstance(target, dict) and isinstance(target.get("id"), int):
            matches.append((item, target))
    return matches


def offering_match_dict(match: OverlapMatch) -> dict[str, Any]:
    offering = match.offering
    return {
        "offering": {
            "id": offering.pk,
            "external_id": offering.external_id,
            "title": offering.title,
            "quarter": offering.quarter_id,
            "quarter_name": offering.quarter.name if offering.quarter else None,
            "citywide": offering.citywide,
            "provider": offering.provider,
        },
        "score": match.score,
        "likely_overlap": match.likely_overlap,
        "reasons": [reason.as_dict() for reason in match.reasons],
    }


def idea_match_dict(match: SimilarIdeaMatch, *, public: bool = False) -> dict[str, Any]:
    """Another association's idea: what and where, never who. The stored snapshot (read by
    coordinators) also names the case; the ``public`` form (anyone) leaves out id and reference.
    """
    case: dict[str, Any] = (
        {} if public else {"id": match.case.pk, "reference": match.case.reference}
    )
    case.update(
        title=match.case.title,
        quarter=match.case.quarter_id,
        quarter_name=match.case.quarter.name,
    )
    return {
        "case": case,
        "score": match.score,
        "likely_overlap": match.likely_overlap,
        "reasons": [reason.as_dict() for reason in match.reasons],
    }


def case_list_similar_open(
    *, probe: OverlapProbe, exclude_case_id: int | None = None, limit: int = 10
) -> list[SimilarIdeaMatch]:
    """Other open ideas in the same city that resemble the probe, best first.

    Candidates, as for offerings, are what an index finds: open ideas sharing one of the
    idea's selective words (``Case.search_vector``'s GIN index; rare words first within
    ``lexeme_stats``' row budget), and the open ideas of the same district (where place and
    vocabulary alone can make a match). Not every open idea of the city is scored on every
    check (docs/performance.md).
    """
    # Open ideas store no activities (``CASE_FIELDS``): their content is text and vocabulary.
    probe = replace(probe, weights=probe.weights.without_activity())
    candidates = Case.objects.filter(state__in=OPEN_STATES).select_related("quarter")
    if probe.quarter is not None:
        candidates = candidates.filter(quarter__city_id=probe.quarter.city_id)
    if exclude_case_id is not None:
        candidates = candidates.exclude(pk=exclude_case_id)
    lexemes = probe_lexemes(probe)
    branches = [candidates]
    if probe.quarter is not None:
        branches = [candidates.filter(quarter__parent_id=probe.quarter.parent_id)]
        lookup = selective_lexemes(lexemes, table=Case._meta.db_table, column="search_vector")
        if lookup:
            branches.append(candidates.filter(search_vector=any_of(lookup)))
    scored = overlap_rank(branches, probe=probe, fields=CASE_FIELDS, lexemes=lexemes, limit=limit)
    return [
        SimilarIdeaMatch(s.obj, s.score, s.likely_overlap, s.reasons)
        for s in scored
        if s.score >= MIN_IDEA_SCORE
    ]


def overlap_check(
    *,
    title: str,
    description: str = "",
    quarter: Area | None,
    target_groups: Sequence[str] = (),
    topics: Sequence[str] = (),
    exclude_case_id: int | None = None,
) -> OverlapCheck:
    """Offerings and open ideas that resemble an idea. Raises ValueError for invalid input."""
    offerings = offering_list_overlapping(
        title=title,
        description=description,
        quarter=quarter,
        target_groups=target_groups,
        topics=topics,
    )
    probe = OverlapProbe(
        title=title.strip(),
        description=description.strip(),
        quarter=quarter,
        target_groups=tuple(dict.fromkeys(target_groups)),
        topics=tuple(dict.fromkeys(topics)),
    )
    ideas = case_list_similar_open(probe=probe, exclude_case_id=exclude_case_id)
    # The snapshot names each match's quarter: one query for all, not one per match.
    prefetch_related_objects([m.offering for m in offerings], "quarter")
    prefetch_related_objects([m.case for m in ideas], "quarter")
    return OverlapCheck(offerings=offerings, similar_ideas=ideas)


def case_overlap_check(case: Case) -> OverlapCheck:
    """The check for a stored case, as it stands now (at submission, and when checked again)."""
    return overlap_check(
        title=case.title,
        description=idea_description(vars(case)),
        quarter=case.quarter,
        target_groups=case.target_groups,
        topics=case.topics,
        exclude_case_id=case.pk,
    )


def idea_description(idea: dict[str, Any]) -> str:
    """The text of an idea the engine reads besides its title."""
    parts = ("challenge", "affected", "intended_result", "first_ideas")
    return " ".join(str(idea.get(part) or "") for part in parts)
