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

The package, by part: ``scoring`` (the idea as a probe, the candidate's columns, weights,
reasons), ``orm`` (``overlap_rank`` on querysets), ``statement`` (``overlap_rank_sql``, one
statement over stored codes), ``prepared`` (the per-connection prepared statement) and
``reasons`` (why a candidate matched). Import from the package; the parts are its layout.
"""

from backend.offerings.overlap.orm import overlap_annotate, overlap_rank
from backend.offerings.overlap.prepared import prepared_cursor
from backend.offerings.overlap.reasons import overlap_reasons, reason_catalogue
from backend.offerings.overlap.scoring import (
    CODE_WEIGHT,
    DEFAULT_WEIGHTS,
    LIKELY_OVERLAP,
    SEARCH_CONFIG,
    SIMILAR_TEXT,
    OverlapFields,
    OverlapProbe,
    Reason,
    Scored,
    Weights,
    any_of,
    probe_lexemes,
    raw_any_of,
)
from backend.offerings.overlap.statement import (
    LOOKUP_QUERY,
    PROBE_TRIGRAM_CODES,
    PROBE_WORD_CODES,
    TRIGRAM_CODES_END,
    overlap_rank_sql,
)

__all__ = [
    "CODE_WEIGHT",
    "DEFAULT_WEIGHTS",
    "LIKELY_OVERLAP",
    "LOOKUP_QUERY",
    "PROBE_TRIGRAM_CODES",
    "PROBE_WORD_CODES",
    "SEARCH_CONFIG",
    "SIMILAR_TEXT",
    "TRIGRAM_CODES_END",
    "OverlapFields",
    "OverlapProbe",
    "Reason",
    "Scored",
    "Weights",
    "any_of",
    "overlap_annotate",
    "overlap_rank",
    "overlap_rank_sql",
    "overlap_reasons",
    "prepared_cursor",
    "probe_lexemes",
    "raw_any_of",
    "reason_catalogue",
]
