"""The overlap score: how much a candidate (an offering, or later an open idea) covers an idea.

Generic on purpose: ``overlap_rank`` takes querysets of candidates plus an ``OverlapFields``
that names the candidate's columns, so the selector for offerings and a future selector for
similar open ideas (cases) share one scoring. See ``docs/overlap.md`` for the formula, how
ideas plug in, and the calibration.

    score   = place × content
    content = 0.55·text + 0.25·topics + 0.20·target groups      (each in [0, 1])
    text    = max(4 · r / (r + 1), similarity(title, idea title))
              r = ts_rank's weights of the idea's words the candidate contains (1.0 title,
                  0.4 description, 0.2 provider, over π²/6), divided by the idea's words
    place   = 1.0 same quarter, 0.8 same district, 0.7 city-wide, 0.35 elsewhere

PostgreSQL computes all of it (words stemmed by the ``german_unaccent`` configuration and
counted as integer codes, pg_trgm similarity, array containment) and returns only the best
rows; Python turns them into reasons.
The score is one SQL expression (``RawSQL``) rather than nested ORM expressions: the ORM
took longer to build a query of some forty CASE/WHEN nodes than PostgreSQL took to run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import psycopg
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from backend.areas.models import Area
from backend.common.vocabularies import TargetGroup, Topic, vocabulary_bit, vocabulary_mask
from backend.offerings.lexeme_stats import CommonLexemes

SEARCH_CONFIG = "german_unaccent"
M = TypeVar("M", bound=models.Model)

# Weights, calibrated on the evaluation set (make eval-overlap); see docs/overlap.md.
W_TEXT, W_TOPICS, W_GROUPS = 0.55, 0.25, 0.20
PLACE_QUARTER, PLACE_DISTRICT, PLACE_CITYWIDE, PLACE_ELSEWHERE = 1.0, 0.8, 0.7, 0.35
#: The word rank r (normalised to r/(r+1)) is scaled so a strong title match reaches ~1.
FTS_SCALE = 4.0
#: What one shared word code adds to r before it is divided by the idea's words:
#: ``lexeme_codes`` (migration offerings/0006) gives a word 5 codes in the title, 2 in the
#: description, 1 for the provider, so a word counts 1.0, 0.4 or 0.2 over π²/6, as
#: ``ts_rank`` counts a word that occurs once.
CODE_WEIGHT = 0.2 / 1.64493406685
#: Score from which a match is flagged as a likely overlap.
LIKELY_OVERLAP = 0.40
#: Text similarity from which the reason ``similar_text`` is given.
SIMILAR_TEXT = 0.35
#: At most this many query lexemes: enough for an idea's gist, bounded cost.
MAX_LEXEMES = 24


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
    """Where the candidate model keeps what the score needs, as SQL on its table.

    Columns are given by name and qualified with the model's table. ``vector`` is the name of
    a stored ``tsvector`` column, or an SQL expression for models without one, e.g. for cases
    ``to_tsvector('german_unaccent', "cases_case"."title" || ' ' || "cases_case"."challenge")``.
    ``citywide`` is None for models without such a flag. ``codes`` names a stored
    ``overlap_codes(title, vector)`` column (migration ``offerings/0006``), if the model has
    one: ``overlap_rank_sql`` needs it (it scores from indexes and stored columns), and
    ``overlap_rank`` reads it instead of computing the codes from ``vector``.
    ``vocabulary_bits`` names a stored integer of ``vocabulary_bit``s of the topics and target
    groups, if the model has one; the arrays are compared otherwise (same result).
    """

    table: str
    vector: str
    title: str = "title"
    quarter: str = "quarter_id"
    citywide: str | None = "citywide"
    target_groups: str = "target_groups"
    topics: str = "topics"
    codes: str | None = None
    vocabulary_bits: str | None = None

    def column(self, name: str) -> str:
        return f'"{self.table}"."{name}"'

    def vector_sql(self) -> str:
        return self.column(self.vector) if self.vector.isidentifier() else self.vector


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


#: The idea's words (title twice, then description) as the German configuration stems them,
#: most frequent first, then by first occurrence; only plain words (``\w+``: nothing else can
#: be quoted into a ``tsquery`` safely). One SQL text, used by ``probe_lexemes`` and inside
#: the ``overlap_rank_sql`` statement, so both pick the same words on any server.
_WORDS_SQL = (
    "SELECT lexeme, ord FROM (SELECT lexeme, "  # noqa: S608 - constants only
    "row_number() OVER (ORDER BY cardinality(positions) DESC, positions[1]) AS ord "
    "FROM unnest(to_tsvector(%s::regconfig, %s))) words "
    rf"WHERE ord <= {MAX_LEXEMES * 2} AND lexeme ~ '^\w+$' ORDER BY ord LIMIT {MAX_LEXEMES}"
)


def _probe_text(probe: OverlapProbe) -> str:
    return f"{probe.title} {probe.title} {probe.description}"


def probe_lexemes(probe: OverlapProbe) -> list[str]:
    """The idea's lexemes as the German configuration stems them; title words count twice."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT lexeme FROM ({_WORDS_SQL}) words ORDER BY ord",  # noqa: S608 - constants
            [SEARCH_CONFIG, _probe_text(probe)],
        )
        return [row[0] for row in cursor.fetchall()]


def raw_any_of(lexemes: Sequence[str]) -> str:
    """``to_tsquery('simple', …)`` input matching any of ``lexemes`` (stemmed already)."""
    return " | ".join(f"'{lexeme}'" for lexeme in lexemes)


def any_of(lexemes: Sequence[str]) -> SearchQuery:
    """A query matching any of ``lexemes``; "simple" keeps the stemmed words as they are."""
    return SearchQuery(raw_any_of(lexemes), search_type="raw", config="simple")


def _shared_sql(fields: OverlapFields, column: str, slugs: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL counting how many of ``slugs`` the candidate's array ``column`` contains (from
    ``fields.vocabulary_bits`` if the model stores them), as a float."""
    if not slugs:
        return "0.0", []
    if fields.vocabulary_bits:
        bits = fields.column(fields.vocabulary_bits)
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
    topics_sql, params = _shared_sql(fields, fields.topics, probe.topics)
    sql = f"{W_TOPICS} * {topics_sql} / {max(len(probe.topics), 1)}"
    groups = [g for g in probe.target_groups if g != TargetGroup.ALLE]
    if groups:
        covered, group_params = _shared_sql(fields, fields.target_groups, groups)
        if fields.vocabulary_bits:
            bits = fields.column(fields.vocabulary_bits)
            alle = f"({bits} & {vocabulary_bit(TargetGroup.ALLE)}) <> 0"
        else:
            alle = (
                f"{fields.column(fields.target_groups)} @> ARRAY['{TargetGroup.ALLE}']::varchar[]"
            )
        # An offering "für alle" serves every group, but less pointedly than a named one.
        sql += (
            f" + {W_GROUPS} * greatest({covered} / {len(groups)}, "
            f"CASE WHEN {alle} THEN 0.5 ELSE 0.0 END)"
        )
        params += group_params
    return f"({sql})", params


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
    score = f"{place} * ({W_TEXT}::float8 * {text} + {vocabulary})"
    floats = models.FloatField()
    # Every value from the idea travels as a parameter; the SQL text holds only our constants
    # and the column names of OverlapFields.
    annotated = queryset.annotate(
        overlap_place=RawSQL(place, place_params, output_field=floats),  # noqa: S611
        overlap_vocabulary=RawSQL(vocabulary, vocabulary_params, output_field=floats),  # noqa: S611
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
    columns = ("pk", "overlap_score", "overlap_place", "overlap_vocabulary")
    parts = [
        overlap_annotate(branch, probe=probe, fields=fields, lexemes=lexemes)
        .order_by("-overlap_score", "pk")
        .values_list(*columns)[:limit]
        for branch in branches
    ]
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    best: dict[Any, tuple[float, float, float]] = {}
    for pk, score, place, vocabulary in rows:
        text = (float(score) / float(place) - float(vocabulary)) / W_TEXT
        best[pk] = (float(score), text, float(place))
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    objects = branches[0].model._default_manager.in_bulk([pk for pk, _ in ranked])
    catalogue = reason_catalogue(probe)
    return [
        Scored(
            obj=objects[pk],
            score=round(score, 3),
            likely_overlap=score >= LIKELY_OVERLAP,
            reasons=overlap_reasons(
                objects[pk],
                text=text,
                place=place,
                probe=probe,
                fields=fields,
                catalogue=catalogue,
            ),
        )
        for pk, (score, text, place) in ranked
    ]


#: In a candidate condition of ``overlap_rank_sql``: the idea's words to look up, a ``tsquery``
#: (the selective ones when the call passes ``common``, else all; NULL when there are none).
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
    idea's words to look up. One statement stems the idea's text (unless ``lexemes`` are
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
        f"(SELECT {pk} AS id, {place} AS place, {vocabulary} AS vocabulary, {per_row} "  # noqa: S608
        f'FROM "{table}" WHERE {condition} OFFSET 0)'
        for condition, _params in candidates
    )
    counted = (
        f"SELECT id, place, vocabulary, trigrams, width_bucket({TRIGRAM_CODES_END}, hit) "  # noqa: S608
        f"AS common, intarray.icount(hit) AS found FROM ({branches}) candidates OFFSET 0"
    )
    sql = (
        f"WITH {probe_sql}, "  # noqa: S608
        f"scored AS (SELECT id, place * ({W_TEXT}::float8 * {text} + vocabulary) AS score, "
        f"place, vocabulary FROM ({counted}) counted), "
        "best AS (SELECT DISTINCT ON (score, id) * FROM (SELECT * FROM scored "
        "ORDER BY score DESC, id LIMIT %s) top ORDER BY score DESC, id LIMIT %s) "
        f"SELECT {', '.join(columns)}, best.score AS overlap_score, "
        f"best.place AS overlap_place, best.vocabulary AS overlap_vocabulary "
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
    for *values, score_value, place_selected, vocabulary_value in rows:
        for index, col, functions in converters:
            for function in functions:
                values[index] = function(values[index], col, db)
        row = model.from_db(using, names, values)
        score, place_value = float(score_value), float(place_selected)
        # The text part is derived, not selected: selecting it would compute it twice.
        text_value = (score / place_value - float(vocabulary_value)) / W_TEXT
        scored.append(
            Scored(
                obj=row,
                score=round(score, 3),
                likely_overlap=score >= LIKELY_OVERLAP,
                reasons=overlap_reasons(
                    row,
                    text=text_value,
                    place=place_value,
                    probe=probe,
                    fields=fields,
                    catalogue=catalogue,
                ),
            )
        )
    return scored


class _PreparedDebugCursor(CursorDebugWrapper):
    """Logs a prepared statement with its values, as Django logs its own queries: Django
    reads the text psycopg sent, and psycopg sends none for a prepared statement (the query
    log and ``CaptureQueriesContext`` would show None)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


# django-stubs know Django's psycopg cursor classes only by name.
_ServerBindingCursor: Any = ServerBindingCursor


class _PreparingCursor(_ServerBindingCursor):
    """Has PostgreSQL prepare its statements. Django turns psycopg's prepared statements off
    for the connection (``prepare_threshold`` None, for connection poolers); this cursor
    turns them on for its own statement only, so psycopg neither prepares nor keeps track of
    any other query."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        connection = self.connection
        previous = connection.prepare_threshold
        connection.prepare_threshold = 0
        try:
            try:
                return super().execute(query, params, prepare=True)
            except psycopg.errors.FeatureNotSupported:
                # "cached plan must not change result type": another connection (a migration)
                # changed a column this statement returns after this one prepared it. Outside
                # a transaction, drop this connection's prepared statements and run it again;
                # inside one, the rollback that follows drops them (psycopg deallocates on
                # ROLLBACK).
                if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    raise
                super().execute("DEALLOCATE ALL", prepare=False)
                return super().execute(query, params, prepare=True)
        finally:
            connection.prepare_threshold = previous


def prepared_cursor(db: BaseDatabaseWrapper) -> CursorWrapper:
    """A Django cursor (query log, ``execute_wrapper``, error translation) that sends the
    values apart from the statement (server-side binding) and, with the setting
    ``OVERLAP_PREPARED_STATEMENT`` (``DATABASE_PREPARED_STATEMENTS``), has it prepared the
    first time a connection runs it. Django's own cursors put the values into the SQL text,
    which cannot be prepared. A connection that runs the statement again, as a persistent
    one does (``DATABASE_CONN_MAX_AGE``), skips parsing it, and after five runs PostgreSQL
    keeps a generic plan if that is not costlier than planning with the values."""
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    cursor_class = _PreparingCursor if settings.OVERLAP_PREPARED_STATEMENT else _ServerBindingCursor
    raw = cursor_class(db.connection)
    return _PreparedDebugCursor(raw, db) if db.queries_logged else db.make_cursor(raw)


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
