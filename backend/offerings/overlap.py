"""The overlap score: how much a candidate (an offering, or later an open idea) covers an idea.

Generic on purpose: ``overlap_rank`` takes any queryset plus an ``OverlapFields`` that names
the candidate's columns, so the selector for offerings and a future selector for similar open
ideas (cases) share one scoring. See ``docs/overlap.md`` for the formula and its calibration.

    score = content × place
    content = 0.55·text + 0.25·topics + 0.20·target groups      (each in [0, 1])
    place   = 1.0 same quarter, 0.8 same district, 0.7 city-wide, 0.35 elsewhere

PostgreSQL computes all of it (full-text rank with the ``german_unaccent`` configuration,
trigram similarity of titles, array containment), selects candidates through the GIN indexes
and returns only the best rows; Python only turns the winning rows into reasons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, models
from django.db.models import Case, Expression, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext as _

from backend.areas.models import Area
from backend.common.vocabularies import TargetGroup, Topic

SEARCH_CONFIG = "german_unaccent"
M = TypeVar("M", bound=models.Model)

# Weights, calibrated on tests/benchmarks/data (make eval-overlap); see docs/overlap.md.
W_TEXT, W_TOPICS, W_GROUPS = 0.55, 0.25, 0.20
PLACE_QUARTER, PLACE_DISTRICT, PLACE_CITYWIDE, PLACE_ELSEWHERE = 1.0, 0.8, 0.7, 0.35
#: ts_rank (normalised to rank/(rank+1)) is scaled so a strong title match reaches ~1.
FTS_SCALE = 4.0
#: Score from which a match is flagged as a likely overlap.
LIKELY_OVERLAP = 0.45
#: Text similarity from which the reason ``similar_text`` is given.
SIMILAR_TEXT = 0.35
#: At most this many query lexemes: enough for an idea's gist, bounded cost.
MAX_LEXEMES = 24
_LEXEME = re.compile(r"^\w+$")


@dataclass(frozen=True)
class OverlapProbe:
    """The idea being checked: its text, place and vocabulary."""

    title: str
    description: str = ""
    quarter: Area | None = None
    target_groups: Sequence[str] = ()
    topics: Sequence[str] = ()


@dataclass(frozen=True)
class OverlapFields:
    """Where the candidate model keeps what the score needs.

    ``vector`` is a stored ``tsvector`` column (fast, GIN-indexed) or an expression such as
    ``SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector("challenge", ...)``
    for models with few rows. ``citywide`` is None for models that have no such flag.
    """

    vector: str | Expression
    title: str = "title"
    quarter: str = "quarter"
    citywide: str | None = "citywide"
    target_groups: str = "target_groups"
    topics: str = "topics"


@dataclass(frozen=True)
class Reason:
    code: str  # e.g. "same_quarter", "shared_topic:sprache"
    text: str  # German sentence for the coordinator

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class Scored(Generic[M]):
    obj: M
    score: float
    likely_overlap: bool
    reasons: list[Reason] = field(default_factory=list)


def probe_lexemes(text: str) -> list[str]:
    """The idea's lexemes as PostgreSQL's German configuration stems them, most frequent first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)) "
            "ORDER BY cardinality(positions) DESC, positions[1] LIMIT %s",
            [SEARCH_CONFIG, text, MAX_LEXEMES * 2],
        )
        lexemes = [row[0] for row in cursor.fetchall()]
    return [lexeme for lexeme in lexemes if _LEXEME.match(lexeme)][:MAX_LEXEMES]


def _any_of(lexemes: Sequence[str]) -> SearchQuery:
    # The lexemes are stemmed already; the "simple" configuration keeps them as they are.
    return SearchQuery(" | ".join(f"'{lexeme}'" for lexeme in lexemes), search_type="raw", config="simple")


def _shared(field_name: str, slugs: Sequence[str]) -> Any:
    """How many of ``slugs`` the candidate's array column contains (0 when none given)."""
    total: Any = Value(0.0)
    for slug in slugs:
        total = total + Case(
            When(**{f"{field_name}__contains": [slug]}, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return total


def _place(probe: OverlapProbe, fields: OverlapFields) -> Any:
    whens = []
    if probe.quarter is not None:
        quarter = probe.quarter
        whens.append(When(**{f"{fields.quarter}_id": quarter.pk}, then=Value(PLACE_QUARTER)))
        whens.append(
            When(**{f"{fields.quarter}__parent_id": quarter.parent_id}, then=Value(PLACE_DISTRICT))
        )
    if fields.citywide:
        whens.append(When(**{fields.citywide: True}, then=Value(PLACE_CITYWIDE)))
    return Case(*whens, default=Value(PLACE_ELSEWHERE), output_field=FloatField())


def _groups(probe: OverlapProbe, fields: OverlapFields) -> Any:
    groups = [g for g in probe.target_groups if g != TargetGroup.ALLE]
    if not groups:
        return Value(0.0)
    covered = _shared(fields.target_groups, groups) / Value(float(len(groups)))
    # An offering "für alle" serves every group, but less pointedly than a named one.
    open_to_all = Case(
        When(**{f"{fields.target_groups}__contains": [TargetGroup.ALLE]}, then=Value(0.5)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return Greatest(covered, open_to_all)


def overlap_annotate(
    queryset: QuerySet[M], *, probe: OverlapProbe, fields: OverlapFields
) -> QuerySet[M]:
    """Annotate ``overlap_text``, ``overlap_place`` and ``overlap_score``; keep candidates only.

    Candidates share at least one lexeme with the idea, or have a similar title (trigram),
    so the GIN indexes pick them and the score is computed on those rows only.
    """
    lexemes = probe_lexemes(f"{probe.title} {probe.title} {probe.description}")
    vector = F(fields.vector) if isinstance(fields.vector, str) else fields.vector
    title_sim = TrigramSimilarity(fields.title, probe.title)
    candidates = Q(**{f"{fields.title}__trigram_similar": probe.title})
    text: Any = Least(Value(1.0), title_sim)
    if lexemes:
        query = _any_of(lexemes)
        queryset = queryset.annotate(overlap_vector=vector)
        candidates |= Q(overlap_vector=query)
        fts = SearchRank(F("overlap_vector"), query, normalization=Value(32)) * Value(FTS_SCALE)
        text = Least(Value(1.0), Greatest(fts, title_sim))
    topics = (
        _shared(fields.topics, probe.topics) / Value(float(len(probe.topics)))
        if probe.topics
        else Value(0.0)
    )
    content = Value(W_TEXT) * text + Value(W_TOPICS) * topics + Value(W_GROUPS) * _groups(probe, fields)
    return (
        queryset.filter(candidates)
        .annotate(
            overlap_text=text,
            overlap_place=_place(probe, fields),
        )
        .annotate(overlap_score=F("overlap_place") * content)
    )


def overlap_rank(
    queryset: QuerySet[M], *, probe: OverlapProbe, fields: OverlapFields, limit: int = 10
) -> list[Scored[M]]:
    """The ``limit`` best candidates of ``queryset`` for ``probe``, best first, with reasons."""
    annotated = overlap_annotate(queryset, probe=probe, fields=fields)
    rows = annotated.order_by("-overlap_score", "pk")[:limit]
    return [
        Scored(
            obj=row,
            score=round(float(row.overlap_score), 3),  # type: ignore[attr-defined]
            likely_overlap=float(row.overlap_score) >= LIKELY_OVERLAP,  # type: ignore[attr-defined]
            reasons=overlap_reasons(row, probe=probe, fields=fields),
        )
        for row in rows
    ]


def overlap_reasons(row: Any, *, probe: OverlapProbe, fields: OverlapFields) -> list[Reason]:
    """Why ``row`` was matched: place first, then shared vocabulary, then text."""
    reasons: list[Reason] = []
    place = float(row.overlap_place)
    if place == PLACE_QUARTER:
        reasons.append(Reason("same_quarter", _("Im selben Stadtteil.")))
    elif place == PLACE_DISTRICT:
        reasons.append(Reason("same_district", _("Im selben Stadtbezirk.")))
    elif place == PLACE_CITYWIDE:
        reasons.append(Reason("citywide", _("Stadtweites Angebot.")))
    groups = set(getattr(row, fields.target_groups) or ())
    for slug in probe.target_groups:
        if slug in groups:
            label = TargetGroup(slug).label
            reasons.append(
                Reason(f"shared_target_group:{slug}", _("Gleiche Zielgruppe: %s.") % label)
            )
    topics = set(getattr(row, fields.topics) or ())
    for slug in probe.topics:
        if slug in topics:
            label = Topic(slug).label
            reasons.append(Reason(f"shared_topic:{slug}", _("Gleiches Thema: %s.") % label))
    if float(row.overlap_text) >= SIMILAR_TEXT:
        reasons.append(Reason("similar_text", _("Ähnliche Beschreibung.")))
    return reasons
