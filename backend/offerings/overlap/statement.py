"""The score in one SQL statement over stored codes (``overlap_rank_sql``): the fast path
of the offerings' check (ADR 0004)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models

from backend.offerings.lexeme_stats import CommonLexemes
from backend.offerings.overlap.orm import (
    _penalty_sql,
    _place_sql,
    _vocabulary_sql,
    _word_rank_sql,
    shares_activity,
)
from backend.offerings.overlap.prepared import prepared_cursor
from backend.offerings.overlap.reasons import overlap_reasons, reason_catalogue
from backend.offerings.overlap.scoring import (
    _WORDS_SQL,
    SEARCH_CONFIG,
    M,
    OverlapFields,
    OverlapProbe,
    Scored,
    _probe_text,
)

LOOKUP_QUERY = "(SELECT lookup FROM probe)"
#: ``overlap_codes`` below this are trigram codes (24 bits), the others word codes.
TRIGRAM_CODES_END = 16777215
#: ``overlap_probe_codes(title, words)`` (migration offerings/0006) spelled out for the
#: statement: the title's trigram codes (``trigram_codes``, one parameter: the title) and
#: the five codes of every ``probe_word``; ``test_probe_codes_in_the_statement_are_the_
#: migration_s`` keeps them equal.
PROBE_TRIGRAM_CODES = (
    "(SELECT coalesce(array_agg(CASE WHEN length(t) = 8 "
    "THEN ('x' || substr(t, 3))::bit(24)::integer "
    "ELSE (ascii(substr(t, 1, 1)) << 16) | (ascii(substr(t, 2, 1)) << 8) "
    "| ascii(substr(t, 3, 1)) END), '{}') FROM unnest(show_trgm(%s)) AS t)"
)
PROBE_WORD_CODES = (
    "(SELECT coalesce(array_agg((hashtext(lexeme) & 2147483640) | 16777216 | k), '{}') "
    "FROM probe_word, generate_series(0, 4) AS k)"
)


def _probe_query_sql(
    probe: OverlapProbe, lexemes: Sequence[str] | None, common: CommonLexemes | None
) -> tuple[str, list[Any]]:
    """CTEs ``probe_word`` (lexeme, ord), ``probe_query`` and ``probe`` (lookup: the words to
    look up; words: how many; codes: the idea's title and words as ``overlap_probe_codes``
    makes them; trigrams: how many of the codes are the title's trigrams).

    ``lookup`` is the choice ``selective_lexemes`` makes, in SQL: every word the statistics
    do not list, then listed ones by estimated rows, ascending, while the running sum stays
    within the budget (same order of additions, so the same doubles), built like
    ``raw_any_of``; no words give NULL: no row matches, the rank is NULL and the text part is
    the similarity alone, as in ``_text_sql``. The codes are computed here rather than by
    calling ``overlap_probe_codes``: PostgreSQL plans an SQL function's body again in every
    statement that calls it, ~0.5 ms; a test holds both to the same result.
    """
    params: list[Any]
    if lexemes is None:
        words, params = _WORDS_SQL, [SEARCH_CONFIG, _probe_text(probe)]
    else:
        words = "SELECT lexeme, ord FROM unnest(%s::text[]) WITH ORDINALITY AS w(lexeme, ord)"
        params = [list(lexemes)]
    if common is None:
        common = CommonLexemes(lexemes="{}", rows="{}", budget=0.0)
    word = "'''' || w.lexeme || ''''"
    any_of = "string_agg(word, ' | ' ORDER BY ord)"
    sql = (
        f"probe_word AS MATERIALIZED ({words}), "  # noqa: S608 - constants; values are params
        f"probe_query AS MATERIALIZED (SELECT "
        f"to_tsquery('simple', {any_of} FILTER (WHERE chosen)) AS lookup, "
        f"count(*) AS words, intarray.sort({PROBE_TRIGRAM_CODES} || {PROBE_WORD_CODES}) AS codes "
        f"FROM (SELECT {word} AS word, w.ord, c.rows IS NULL OR sum(c.rows) OVER ("
        "ORDER BY c.rows, w.ord ROWS UNBOUNDED PRECEDING) <= %s AS chosen FROM probe_word w "
        "LEFT JOIN unnest(%s::text[], %s::float8[]) AS c(lexeme, rows) ON c.lexeme = w.lexeme"
        ") words), "
        f"probe AS MATERIALIZED (SELECT lookup, codes, words, "
        f"width_bucket({TRIGRAM_CODES_END}, codes) AS trigrams FROM probe_query)"
    )
    return sql, [*params, probe.title, common.budget, common.lexemes, common.rows]


def overlap_rank_sql(
    model: type[M],
    candidates: Sequence[tuple[str, Sequence[Any]]],
    *,
    probe: OverlapProbe,
    fields: OverlapFields,
    lexemes: Sequence[str] | None = None,
    common: CommonLexemes | None = None,
    limit: int = 10,
) -> list[Scored[M]]:
    """Like ``overlap_rank``, in one round trip, for callers that write their candidate SQL.

    ``candidates`` are ``(condition, params)`` pairs, each an SQL condition on ``model``'s
    table that an index answers cheaply (see ``backend/offerings/selectors.py``); the
    candidates are the rows meeting any of them. A condition may use ``LOOKUP_QUERY``, the
    idea's words to look up; it may end with ``LIMIT n`` to bound its branch (the rows
    an index gives first). One statement stems the idea's text (unless ``lexemes`` are
    given), picks the words to look up (the selective ones, when ``common`` gives the word
    statistics), finds the candidates, scores them and returns the ``limit`` best rows whole.
    ``fields.table`` must be ``model``'s table (the score's SQL names its columns that way),
    and ``fields.codes`` its stored ``overlap_codes``. Same result as ``overlap_rank`` with
    the same words.
    """
    if not candidates:
        return []
    meta = model._meta
    table = meta.db_table
    if fields.table != table:
        raise ValueError(f"fields.table is {fields.table!r}, the model's table is {table!r}")
    if not fields.codes:
        raise ValueError("overlap_rank_sql needs stored overlap_codes (OverlapFields.codes)")
    codes = fields.column(fields.codes)
    probe_sql, probe_params = _probe_query_sql(probe, lexemes, common)
    place, place_params = _place_sql(probe, fields)
    vocabulary, vocabulary_params = _vocabulary_sql(probe, fields)
    penalty_sql = _penalty_sql(probe, fields)
    weights = probe.weights
    # One intersection of the candidate's codes with the idea's (intarray): the codes below
    # 2^24 in it are shared title trigrams, the others shared word weights (migration
    # offerings/0006). pg_trgm's similarity is c / (a + b - c) in real with c shared
    # trigrams, a and b the trigrams per title, 0 when either title has none; greatest()
    # stands in for that case (then c = 0) and changes no other value.
    per_row = (
        f"{codes} OPERATOR(intarray.&) (SELECT codes FROM probe) AS hit, "  # noqa: S608
        f"width_bucket({TRIGRAM_CODES_END}, {codes}) AS trigrams"
    )
    similarity = (
        "common::real / greatest(trigrams + (SELECT trigrams FROM probe) - common, 1)::real"
    )
    # As _text_sql; without words the rank is NULL and greatest() ignores it.
    rank = _word_rank_sql("(found - common)", "(SELECT words FROM probe)")
    text = f"least(1.0, greatest({rank}, {similarity}))"
    # The stored vector and codes are not loaded (no reader of a match needs them; they stay
    # deferred fields).
    loaded = [f for f in meta.concrete_fields if not isinstance(f, models.GeneratedField)]
    columns = [f't."{f.column}"' for f in loaded]
    pk = f'"{table}"."{meta.pk.column}"'
    # Every candidate is scored where an index finds it: the text branch's rows as the GIN
    # lookup reads them, the place branch's from its covering index alone; no row is read
    # twice. The OFFSET keeps each branch's per-row parts in their own step, so each is
    # computed once. A row found by several branches has the same score in each; the best
    # ``limit`` × branches rows hold the best ``limit`` distinct ones.
    branches = " UNION ALL ".join(
        f"(SELECT {pk} AS id, {place} AS place, {vocabulary} AS vocabulary, "  # noqa: S608
        f"{penalty_sql} AS penalty, {per_row} "
        f'FROM "{table}" WHERE {condition} OFFSET 0)'
        for condition, _params in candidates
    )
    counted = (
        f"SELECT id, place, vocabulary, penalty, trigrams, "  # noqa: S608
        f"width_bucket({TRIGRAM_CODES_END}, hit) "
        f"AS common, intarray.icount(hit) AS found FROM ({branches}) candidates OFFSET 0"
    )
    sql = (
        f"WITH {probe_sql}, "  # noqa: S608
        f"scored AS (SELECT id, place * penalty * ({weights.text!r}::float8 * {text} "
        f"+ vocabulary) AS score, place, vocabulary, penalty FROM ({counted}) counted), "
        "best AS (SELECT DISTINCT ON (score, id) * FROM (SELECT * FROM scored "
        "ORDER BY score DESC, id LIMIT %s) top ORDER BY score DESC, id LIMIT %s) "
        f"SELECT {', '.join(columns)}, best.score AS overlap_score, "
        f"best.place AS overlap_place, best.vocabulary AS overlap_vocabulary, "
        f"best.penalty AS overlap_penalty "
        f'FROM best JOIN "{table}" t ON t."{meta.pk.column}" = best.id '
        f'ORDER BY best.score DESC, t."{meta.pk.column}"'
    )
    params: list[Any] = [*probe_params]
    for _condition, candidate_params in candidates:
        params += [*place_params, *vocabulary_params, *candidate_params]
    params += [limit * len(candidates), limit]
    catalogue = reason_catalogue(probe)
    scored = []
    # Model instances straight from the cursor (``from_db``, as querysets build them):
    # ``raw()`` spent more time mapping columns than building the ten instances.
    using = model._default_manager.db
    db = connections[using]
    converters = [
        (index, f.cached_col, converters)
        for index, f in enumerate(loaded)
        if (converters := f.get_db_converters(db))
    ]
    names = [f.attname for f in loaded]
    with prepared_cursor(db) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for *values, score_value, place_selected, vocabulary_value, penalty_value in rows:
        for index, col, functions in converters:
            for function in functions:
                values[index] = function(values[index], col, db)
        row = model.from_db(using, names, values)
        score, place_value, penalty = (
            float(score_value),
            float(place_selected),
            float(penalty_value),
        )
        # The text part is derived, not selected: selecting it would compute it twice.
        text_value = (score / (place_value * penalty) - float(vocabulary_value)) / (
            weights.text or 1.0
        )
        scored.append(
            Scored(
                obj=row,
                score=round(score, 3),
                likely_overlap=score >= weights.threshold
                and penalty == 1.0
                and shares_activity(row, probe, fields),
                reasons=overlap_reasons(
                    row,
                    text=text_value,
                    place=place_value,
                    probe=probe,
                    fields=fields,
                    catalogue=catalogue,
                ),
                penalty=penalty,
            )
        )
    return scored
