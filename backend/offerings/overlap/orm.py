"""The score on querysets (``overlap_rank``): any candidate model, ORM-composed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db import models
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from backend.common.vocabularies import TargetGroup, vocabulary_bit, vocabulary_mask
from backend.offerings.inference import (
    AGE_MASK,
    EXCLUSIVE_BITS,
    MAENNER_BIT,
    group_neighbourhood,
)
from backend.offerings.overlap.reasons import overlap_reasons, reason_catalogue
from backend.offerings.overlap.scoring import (
    CODE_WEIGHT,
    FTS_SCALE,
    PENALTY_ACTIVITY,
    PENALTY_GROUP,
    PLACE_CITYWIDE,
    PLACE_DISTRICT,
    PLACE_ELSEWHERE,
    PLACE_QUARTER,
    M,
    OverlapFields,
    OverlapProbe,
    Scored,
    probe_lexemes,
)


def _bits_sql(fields: OverlapFields) -> str | None:
    """The candidate's topics and target groups as ``vocabulary_bit``s: its tags and, if the
    model stores them, those inferred from its text; None without stored bits."""
    if not fields.vocabulary_bits:
        return None
    bits = fields.column(fields.vocabulary_bits)
    if fields.inferred_bits:
        return f"({bits} | {fields.column(fields.inferred_bits)})"
    return bits


def _shared_sql(fields: OverlapFields, column: str, slugs: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL counting how many of ``slugs`` the candidate's array ``column`` contains (from
    ``fields.vocabulary_bits`` if the model stores them), as a float."""
    if not slugs:
        return "0.0", []
    bits = _bits_sql(fields)
    if bits:
        return f"bit_count(({bits} & %s)::bit(32))::float", [vocabulary_mask(slugs)]
    terms = " + ".join(f"({fields.column(column)} @> ARRAY[%s]::varchar[])::int" for _ in slugs)
    return f"({terms})::float", list(slugs)


def _place_sql(probe: OverlapProbe, fields: OverlapFields) -> tuple[str, list[Any]]:
    quarter_column = fields.column(fields.quarter)
    whens: list[str] = []
    params: list[Any] = []
    if probe.quarter is not None:
        whens.append(f"WHEN {quarter_column} = %s THEN {PLACE_QUARTER}::float8")
        # A subquery, not a join: PostgreSQL hashes the district's few quarters once.
        district = "SELECT id FROM areas_area WHERE parent_id = %s"
        whens.append(f"WHEN {quarter_column} IN ({district}) THEN {PLACE_DISTRICT}::float8")
        params += [probe.quarter.pk, probe.quarter.parent_id]
    if fields.citywide:
        whens.append(f"WHEN {fields.column(fields.citywide)} THEN {PLACE_CITYWIDE}::float8")
    return f"(CASE {' '.join(whens)} ELSE {PLACE_ELSEWHERE}::float8 END)", params


def _vocabulary_sql(probe: OverlapProbe, fields: OverlapFields) -> tuple[str, list[Any]]:
    """Shared topics and target groups, weighted: the vocabulary part of the content."""
    weights = probe.weights
    topics_sql, params = _shared_sql(fields, fields.topics, probe.topics)
    sql = f"{weights.topics!r} * {topics_sql} / {max(len(probe.topics), 1)}"
    if fields.activity_bits and probe.activities:
        shared = f"({fields.column(fields.activity_bits)} & {int(probe.activities)}) <> 0"
        sql += f" + {weights.activity!r} * (CASE WHEN {shared} THEN 1.0 ELSE 0.0 END)"
    groups = [g for g in probe.target_groups if g != TargetGroup.ALLE]
    if groups:
        covered, group_params = _shared_sql(fields, fields.target_groups, groups)
        bits = _bits_sql(fields)
        if bits:
            alle = f"({bits} & {vocabulary_bit(TargetGroup.ALLE)}) <> 0"
        else:
            alle = (
                f"{fields.column(fields.target_groups)} @> ARRAY['{TargetGroup.ALLE}']::varchar[]"
            )
        # An offering "für alle" serves every group, but less pointedly than a named one.
        sql += (
            f" + {weights.groups!r} * greatest({covered} / {len(groups)}, "
            f"CASE WHEN {alle} THEN 0.5 ELSE 0.0 END)"
        )
        params += group_params
    return f"({sql})", params


def _penalty_sql(probe: OverlapProbe, fields: OverlapFields) -> str:
    """The look-alike multiplier (``PENALTY_ACTIVITY``, ``PENALTY_GROUP``; 1.0 for none).

    Activities: both name some but share none, or one has an exclusive purpose the other
    lacks (``EXCLUSIVE_BITS``: a Fortbildung for professionals, pets, another language).
    Groups: both name age groups (none of them "alle") that do not meet, neighbours
    counted (``group_neighbourhood``), or the candidate is for seniors only and the idea
    names no age, or it is for (adult) women only and the idea for children or teenagers;
    or men only against women only. Constants only."""
    factors = []
    if fields.activity_bits:
        acts, mine = fields.column(fields.activity_bits), int(probe.activities)
        conflict = f"(({acts} # {mine}::bigint) & {EXCLUSIVE_BITS}::bigint) <> 0"
        if mine & ~EXCLUSIVE_BITS:
            conflict += f" OR ({acts} <> 0 AND ({acts} & {mine}::bigint) = 0)"
        factors.append(
            f"CASE WHEN {conflict} THEN {PENALTY_ACTIVITY!r}::float8 ELSE 1.0::float8 END"
        )
    mine = vocabulary_mask(probe.target_groups)
    alle, frauen = vocabulary_bit(TargetGroup.ALLE), vocabulary_bit(TargetGroup.FRAUEN)
    senioren = vocabulary_bit(TargetGroup.SENIOREN)
    bits = _bits_sql(fields)
    if bits and fields.inferred_bits:
        # Target groups conflict by age and by gender only: Geflüchtete, Neuzugewanderte,
        # Familien … can be anyone's neighbours, a Sprachcafé for seniors is not for all.
        theirs = f"({bits} & {AGE_MASK})"
        conflicts = []
        ages = mine & AGE_MASK
        if ages and not mine & alle:
            conflicts.append(
                f"({theirs} <> 0 AND ({bits} & {alle}) = 0 "
                f"AND ({theirs} & {group_neighbourhood(ages)}) = 0)"
            )
        elif not mine & alle:
            conflicts.append(f"({theirs} = {senioren} AND ({bits} & {alle}) = 0)")
        young = vocabulary_mask(["kinder", "jugendliche"])
        if mine & young and not mine & (frauen | alle):
            # Children or teenagers and an offering for women only (no age, not "alle").
            conflicts.append(f"(({bits} & {frauen}) <> 0 AND ({bits} & {alle | AGE_MASK}) = 0)")
        if mine & frauen and not probe.inferred & MAENNER_BIT:
            conflicts.append(f"(({bits} & {MAENNER_BIT}) <> 0 AND ({bits} & {frauen}) = 0)")
        if probe.inferred & MAENNER_BIT:
            conflicts.append(f"(({bits} & {frauen}) <> 0 AND ({bits} & {alle | MAENNER_BIT}) = 0)")
        if conflicts:
            factors.append(
                f"CASE WHEN {' OR '.join(conflicts)} THEN {PENALTY_GROUP!r}::float8 "
                "ELSE 1.0::float8 END"
            )
    return " * ".join(factors) if factors else "1.0::float8"


def shares_activity(row: Any, probe: OverlapProbe, fields: OverlapFields) -> bool:
    """Whether ``row`` may be flagged as far as activities go: the idea names none (besides
    exclusive purposes), or ``row`` does one of them."""
    wanted = probe.activities & ~EXCLUSIVE_BITS
    if not fields.activity_bits or not wanted:
        return True
    return bool((getattr(row, fields.activity_bits) or 0) & probe.activities)


def _word_rank_sql(shared: str, words: str) -> str:
    """The text part from shared word codes: ``FTS_SCALE`` · r / (r + 1), r = shared codes ×
    ``CODE_WEIGHT`` / the idea's words (NULL without words: the similarity alone counts)."""
    rank = f"{CODE_WEIGHT!r}::float8 * {shared} / nullif({words}, 0)"
    return f"{FTS_SCALE}::float8 * (1 - 1 / (1 + {rank}))"


def _text_sql(
    probe: OverlapProbe, fields: OverlapFields, lexemes: Sequence[str]
) -> tuple[str, list[Any]]:
    similarity = f"similarity({fields.column(fields.title)}, %s)"
    if not lexemes:
        return similarity, [probe.title]
    # The stored codes if there are (their trigram codes never meet the idea's word codes),
    # else all the vector's words: only a stored array needs a cap (an index entry's size).
    codes = (
        fields.column(fields.codes)
        if fields.codes
        else f"lexeme_codes({fields.vector_sql()}, NULL)"
    )
    shared = f"intarray.icount({codes} OPERATOR(intarray.&) probe_lexeme_codes(%s::text[]))"
    rank = _word_rank_sql(shared, str(len(lexemes)))
    return f"least(1.0, greatest({rank}, {similarity}))", [list(lexemes), probe.title]


def overlap_annotate(
    queryset: QuerySet[M], *, probe: OverlapProbe, fields: OverlapFields, lexemes: Sequence[str]
) -> QuerySet[M]:
    """Annotate ``overlap_score`` and its cheap parts ``overlap_place``, ``overlap_vocabulary``.

    The text part (shared word codes, similarity: the costly one) is computed once, inside
    the score.
    """
    place, place_params = _place_sql(probe, fields)
    vocabulary, vocabulary_params = _vocabulary_sql(probe, fields)
    text, text_params = _text_sql(probe, fields, lexemes)
    penalty = _penalty_sql(probe, fields)
    score = f"{place} * {penalty} * ({probe.weights.text!r}::float8 * {text} + {vocabulary})"
    floats = models.FloatField()
    # Every value from the idea travels as a parameter; the SQL text holds only our constants
    # and the column names of OverlapFields.
    annotated = queryset.annotate(
        overlap_place=RawSQL(place, place_params, output_field=floats),  # noqa: S611
        overlap_vocabulary=RawSQL(vocabulary, vocabulary_params, output_field=floats),  # noqa: S611
        overlap_penalty=RawSQL(penalty, [], output_field=floats),  # noqa: S611
        overlap_score=RawSQL(  # noqa: S611
            score, [*place_params, *text_params, *vocabulary_params], output_field=floats
        ),
    )
    return cast("QuerySet[M]", annotated)


def overlap_rank(
    branches: Sequence[QuerySet[M]],
    *,
    probe: OverlapProbe,
    fields: OverlapFields,
    lexemes: Sequence[str] | None = None,
    limit: int = 10,
) -> list[Scored[M]]:
    """The ``limit`` best rows for ``probe`` across ``branches``, best first, with reasons.

    Each branch is a queryset of candidates that an index can find cheaply (rows sharing a
    rare word, offerings of the same quarter ...); for a small table, one branch with every
    row will do. PostgreSQL scores every branch and keeps its best ``limit`` rows in one
    ``UNION ALL`` query; a second query loads the winners.
    """
    if lexemes is None:
        lexemes = probe_lexemes(probe)
    columns = ("pk", "overlap_score", "overlap_place", "overlap_vocabulary", "overlap_penalty")
    parts = [
        overlap_annotate(branch, probe=probe, fields=fields, lexemes=lexemes)
        .order_by("-overlap_score", "pk")
        .values_list(*columns)[:limit]
        for branch in branches
    ]
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    best: dict[Any, tuple[float, float, float, float]] = {}
    for pk, score, place, vocabulary, penalty in rows:
        text = (float(score) / (float(place) * float(penalty)) - float(vocabulary)) / (
            probe.weights.text or 1.0
        )
        best[pk] = (float(score), text, float(place), float(penalty))
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    objects = branches[0].model._default_manager.in_bulk([pk for pk, _ in ranked])
    catalogue = reason_catalogue(probe)
    return [
        Scored(
            obj=objects[pk],
            score=round(score, 3),
            likely_overlap=score >= probe.weights.threshold
            and penalty == 1.0
            and shares_activity(objects[pk], probe, fields),
            reasons=overlap_reasons(
                objects[pk],
                text=text,
                place=place,
                probe=probe,
                fields=fields,
                catalogue=catalogue,
            ),
            penalty=penalty,
        )
        for pk, (score, text, place, penalty) in ranked
    ]


#: In a candidate condition of ``overlap_rank_sql``: the idea's words to look up, a ``tsquery``
#: (the selective ones when the call passes ``common``, else all; NULL when there are none).
