"""Which of an idea's words are selective enough to look up in a large catalogue.

A GIN index finds the rows containing a word quickly, but ranking them costs time per row.
A word in 10 % of 100,000 offerings ("treff", "frau") would make every check rank 10,000
rows, so candidate lookup uses the rarest words first, until an estimated row budget is
spent. The frequencies come from PostgreSQL's own statistics of the ``tsvector`` column
(``pg_stats.most_common_elems``, kept by ANALYZE/autovacuum), cached for a few minutes.
A word missing from that list is rarer than every listed one, so it always qualifies.
Ranking still uses all words; only the lookup is narrowed.

``selective_lexemes`` makes the choice in Python; ``common_lexemes`` hands the same table to
the overlap statement, which makes the same choice in SQL (``overlap_rank_sql``), so a check
needs no round trip for it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

#: Rows the lookup may return for ranking before rarer words are preferred.
ROW_BUDGET = 1000
CACHE_SECONDS = 300.0


@dataclass(frozen=True)
class CommonLexemes:
    """The lexemes the statistics list as common and the rows each is estimated to be in
    (frequency × rows, as ``selective_lexemes`` computes it), as PostgreSQL array literals,
    rendered once per statistics fetch: two parameters instead of a thousand."""

    lexemes: str  # text[] literal
    rows: str  # float8[] literal, same order
    budget: float


@dataclass(frozen=True)
class _Stats:
    rows: float
    frequencies: dict[str, float]
    fetched: float
    common: CommonLexemes


_cache: dict[tuple[str, str], _Stats] = {}


def _stats(table: str, column: str) -> _Stats:
    key = (table, column)
    cached = _cache.get(key)
    if cached is not None and time.monotonic() - cached.fetched < CACHE_SECONDS:
        return cached
    with connection.cursor() as cursor:
        cursor.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = %s",
            [table, column],
        )
        stats_row = cursor.fetchone()
    frequencies: dict[str, float] = {}
    if stats_row and stats_row[0]:
        frequencies = dict(zip(stats_row[0], stats_row[1], strict=False))
    rows = float(row[0]) if row else 0.0
    common = CommonLexemes(
        lexemes=_array_literal(_quoted(lexeme) for lexeme in frequencies),
        # repr() is the shortest string that reads back as the same double.
        rows=_array_literal(repr(frequency * rows) for frequency in frequencies.values()),
        budget=ROW_BUDGET,
    )
    stats = _Stats(rows, frequencies, time.monotonic(), common)
    _cache[key] = stats
    return stats


def _quoted(element: str) -> str:
    return '"' + element.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _array_literal(elements: Iterable[str]) -> str:
    return "{" + ",".join(elements) + "}"


def common_lexemes(*, table: str, column: str) -> CommonLexemes:
    """The statistics ``selective_lexemes`` uses, for the overlap statement (cached alike)."""
    return _stats(table, column).common


def clear_cache() -> None:
    """Forget cached statistics (after a large import, and in tests)."""
    _cache.clear()


def selective_lexemes(
    lexemes: Sequence[str], *, table: str, column: str, budget: int = ROW_BUDGET
) -> list[str]:
    """The subset of ``lexemes`` to look up: rare ones first, within ``budget`` estimated rows."""
    stats = _stats(table, column)
    chosen = [lexeme for lexeme in lexemes if lexeme not in stats.frequencies]
    spent = 0.0
    common = sorted(
        (lexeme for lexeme in lexemes if lexeme in stats.frequencies),
        key=stats.frequencies.__getitem__,
    )
    for lexeme in common:
        spent += stats.frequencies[lexeme] * stats.rows
        if spent > budget:
            break
        chosen.append(lexeme)
    return chosen
