"""The overlap score's parts: the idea (probe), the candidate's columns, weights, reasons.

See ``backend/offerings/overlap/__init__.py`` for the formula and docs/overlap.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.contrib.postgres.search import SearchQuery
from django.db import connection, models

from backend.areas.models import Area

SEARCH_CONFIG = "german_unaccent"
M = TypeVar("M", bound=models.Model)

# Weights, calibrated on the evaluation set (make eval-overlap); see docs/overlap.md.
PLACE_QUARTER, PLACE_DISTRICT, PLACE_CITYWIDE, PLACE_ELSEWHERE = 1.0, 0.8, 0.7, 0.35
#: The word rank r (normalised to r/(r+1)) is scaled so a strong title match reaches ~1.
FTS_SCALE = 4.0
#: What one shared word code adds to r before it is divided by the idea's words:
#: ``lexeme_codes`` (migration offerings/0006) gives a word 5 codes in the title, 2 in the
#: description, 1 for the provider, so a word counts 1.0, 0.4 or 0.2 over π²/6, as
#: ``ts_rank`` counts a word that occurs once.
CODE_WEIGHT = 0.2 / 1.64493406685
#: The score's multiplier when the idea and the candidate both name activities but share none
#: (same words, another purpose), and when both name target groups that do not meet (same
#: words, other people): look-alikes. A match with either is never flagged.
PENALTY_ACTIVITY, PENALTY_GROUP = 0.5, 0.6


@dataclass(frozen=True)
class Weights:
    """The content's weights and the flag's threshold. ``DEFAULT_WEIGHTS`` were set by hand
    and checked on the evaluation set; ``manage.py overlap_learn`` fits a city's from its
    coordinators' assessments (``OverlapCalibration``). Content weights sum to 1."""

    text: float = 0.35
    topics: float = 0.15
    groups: float = 0.15
    activity: float = 0.35
    threshold: float = 0.40

    def without_activity(self) -> Weights:
        """For candidates that name no activities (open ideas, ``OverlapFields`` without
        ``activity_bits``): the other parts share the activity's weight, in proportion, so
        the content still reaches 1 and scores mean what they mean for offerings."""
        rest = self.text + self.topics + self.groups
        if not self.activity or not rest:
            return self
        return Weights(
            text=self.text / rest,
            topics=self.topics / rest,
            groups=self.groups / rest,
            activity=0.0,
            threshold=self.threshold,
        )

    def as_dict(self) -> dict[str, float]:
        return {
            "text": self.text,
            "topics": self.topics,
            "groups": self.groups,
            "activity": self.activity,
            "threshold": self.threshold,
        }


DEFAULT_WEIGHTS = Weights()
W_TEXT, W_TOPICS, W_GROUPS = DEFAULT_WEIGHTS.text, DEFAULT_WEIGHTS.topics, DEFAULT_WEIGHTS.groups
#: Score from which a match is flagged as a likely overlap (without a city's calibration).
LIKELY_OVERLAP = DEFAULT_WEIGHTS.threshold

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
    #: Activities the idea's text speaks of (``backend.offerings.inference.ACTIVITY_BITS``).
    activities: int = 0
    #: Topics and target groups its text speaks of (``vocabulary_bit`` layout, and
    #: ``MAENNER_BIT``); already merged into ``topics``/``target_groups`` by the selector.
    inferred: int = 0
    weights: Weights = DEFAULT_WEIGHTS


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
    #: Topics and target groups inferred from the candidate's text (``vocabulary_bit``
    #: layout), counted with its tags; and its activities. None: tags only, no activities.
    inferred_bits: str | None = None
    activity_bits: str | None = None

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
    #: ``PENALTY_*`` applied (1.0: none): the candidate looks alike but is not.
    penalty: float = 1.0


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
