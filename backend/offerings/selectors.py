"""Read side of offerings: which existing offerings overlap with an idea."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from backend.areas.models import Area, AreaKind
from backend.common.vocabularies import TargetGroup, Topic, bit_slugs, vocabulary_mask
from backend.offerings.calibration import overlap_weights
from backend.offerings.inference import infer
from backend.offerings.lexeme_stats import common_lexemes
from backend.offerings.models import Offering
from backend.offerings.overlap import (
    LOOKUP_QUERY,
    OverlapFields,
    OverlapProbe,
    Reason,
    Weights,
    overlap_rank_sql,
)

MAX_MATCHES = 10
#: At most this many rows per activity branch of the candidates (district, city-wide).
ACTIVITY_ROWS = 20
OFFERING_FIELDS = OverlapFields(
    table=Offering._meta.db_table,
    vector="search_vector",
    codes="overlap_codes",
    vocabulary_bits="vocabulary_bits",
    inferred_bits="inferred_bits",
    activity_bits="activity_bits",
)


@dataclass(frozen=True)
class OverlapMatch:
    """One offering that may already cover the idea."""

    offering: Offering
    score: float  # in [0, 1]
    likely_overlap: bool
    reasons: list[Reason]

    def as_dict(self) -> dict[str, object]:
        return {
            "offering": self.offering.pk,
            "score": self.score,
            "likely_overlap": self.likely_overlap,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


def offering_list_current(*, today: dt.date | None = None) -> QuerySet[Offering]:
    """Active offerings whose validity includes ``today`` (default: today in Europe/Berlin)."""
    today = today or timezone.localdate()
    return Offering.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        active=True,
    )


def offering_list_overlapping(
    *,
    title: str,
    description: str = "",
    quarter: Area | None,
    target_groups: Sequence[str] = (),
    topics: Sequence[str] = (),
    limit: int = MAX_MATCHES,
    weights: Weights | None = None,
) -> list[OverlapMatch]:
    """Current offerings that overlap with an idea, best first (at most 10).

    ``weights``: the score's weights and flag threshold; default the city's calibration
    (``manage.py overlap_learn``) or ``DEFAULT_WEIGHTS``.

    Raises ``ValueError`` for input no form should let through: an empty title, a quarter
    that is not a quarter, an unknown slug, a limit outside 1..10.
    """
    _check_input(title=title, quarter=quarter, target_groups=target_groups, topics=topics)
    if not 1 <= limit <= MAX_MATCHES:
        raise ValueError(f"limit must be between 1 and {MAX_MATCHES}")
    probe = offering_probe(
        title=title,
        description=description,
        quarter=quarter,
        target_groups=target_groups,
        topics=topics,
        weights=weights,
    )
    # One round trip: the statement stems the idea's words and picks the selective ones
    # itself, from the word statistics (cached here for a few minutes).
    scored = overlap_rank_sql(
        Offering,
        _candidates(probe),
        probe=probe,
        fields=OFFERING_FIELDS,
        common=common_lexemes(table=Offering._meta.db_table, column="search_vector"),
        limit=limit,
    )
    return [
        OverlapMatch(
            offering=s.obj, score=s.score, likely_overlap=s.likely_overlap, reasons=s.reasons
        )
        for s in scored
    ]


def offering_probe(
    *,
    title: str,
    description: str,
    quarter: Area | None,
    target_groups: Sequence[str],
    topics: Sequence[str],
    weights: Weights | None = None,
) -> OverlapProbe:
    """The idea as the check sees it: its tags and what its text speaks of (inferred topics,
    target groups and activities, ``backend.offerings.inference``), with the city's weights."""
    inferred = infer(title, description)
    return OverlapProbe(
        title=title.strip(),
        description=description.strip(),
        quarter=quarter,
        target_groups=tuple(
            dict.fromkeys([*target_groups, *bit_slugs(inferred.vocabulary, TargetGroup)])
        ),
        topics=tuple(dict.fromkeys([*topics, *bit_slugs(inferred.vocabulary, Topic)])),
        activities=inferred.activities,
        inferred=inferred.vocabulary,
        weights=weights or overlap_weights(quarter.city_id if quarter is not None else None),
    )


#: Current offerings, as SQL on ``offerings_offering`` (same rule as ``offering_list_current``).
_CURRENT = (
    "active AND (valid_from IS NULL OR valid_from <= %s) AND (valid_to IS NULL OR valid_to >= %s)"
)


def _candidates(probe: OverlapProbe) -> list[tuple[str, list[object]]]:
    """Conditions for candidates, each set bounded and found through an index (see
    docs/overlap.md).

    - text: current offerings containing one of the idea's selective words (GIN index; the
      statement picks the words, ``LOOKUP_QUERY``);
    - place: current offerings of the same quarter that share a topic and a target group
      (tagged or inferred) or do one of the idea's activities (inferred from its text),
      found and scored from the partial index ``offering_local_vocabulary`` alone (an
      index-only scan: it holds the id, vocabulary and activity bits, city-wide flag,
      validity, city and codes, everything the score needs). They catch the Sprachcafé next
      to a proposed "Konversationsrunde" although they share no word;
    - district: the same activity in the district's other quarters (their ids from the
      narrow index ``offering_quarter_activity``, at most ``ACTIVITY_ROWS``, then those rows);
    - city-wide: city-wide offerings doing one of the activities (their ids from the narrow
      index ``offering_citywide_activity``, at most ``ACTIVITY_ROWS``, then those rows).
    """
    today = timezone.localdate()
    current = _CURRENT
    current_params: list[object] = [today, today]
    if probe.quarter is not None:
        current += " AND city_id = %s"
        current_params.append(probe.quarter.city_id)
    candidates: list[tuple[str, list[object]]] = [
        (f"search_vector @@ {LOOKUP_QUERY} AND {current}", current_params)
    ]
    bits = "(vocabulary_bits | inferred_bits)"
    if probe.quarter is not None and (probe.topics or probe.activities):
        # Shares a topic and a target group (tagged or inferred), or does one of the idea's
        # activities: the index holds all the bits.
        shares = "false"
        params: list[object] = [probe.quarter.pk, *current_params]
        if probe.topics:
            shares = f"({bits} & %s) <> 0"
            params.append(vocabulary_mask(probe.topics))
            if probe.target_groups:
                shares += f" AND ({bits} & %s) <> 0"
                params.append(vocabulary_mask(probe.target_groups))
        if probe.activities:
            shares = f"({shares} OR (activity_bits & %s) <> 0)"
            params.append(probe.activities)
        candidates.append((f"quarter_id = %s AND {current} AND {shares}", params))
    if probe.activities:
        # The same activity elsewhere in the district or city-wide, in other words than the
        # idea's ("Konversationsrunde" for a Sprachcafé): each from its covering index,
        # at most ``ACTIVITY_ROWS`` rows (a huge catalogue has hundreds of Sprachcafés per
        # district; the text branch still finds those that share the idea's words).
        activity = "(activity_bits & %s) <> 0"
        if probe.quarter is not None:
            others = "SELECT id FROM areas_area WHERE parent_id = %s AND id <> %s"
            district = (
                f"SELECT id FROM offerings_offering WHERE quarter_id IN ({others}) "  # noqa: S608
                f"AND {current} AND {activity} LIMIT {ACTIVITY_ROWS}"
            )
            candidates.append(
                (
                    f"id IN ({district})",
                    [probe.quarter.parent_id, probe.quarter.pk, *current_params, probe.activities],
                )
            )
        citywide = (
            f"SELECT id FROM offerings_offering WHERE citywide AND {current} AND {activity} "  # noqa: S608
            f"LIMIT {ACTIVITY_ROWS}"
        )
        candidates.append((f"id IN ({citywide})", [*current_params, probe.activities]))
    return candidates


def _check_input(
    *, title: str, quarter: Area | None, target_groups: Sequence[str], topics: Sequence[str]
) -> None:
    if not title or not title.strip():
        raise ValueError("title must not be empty")
    if quarter is not None and quarter.kind != AreaKind.QUARTER:
        raise ValueError("quarter must be a quarter (Stadtteil), not a district")
    unknown = [g for g in target_groups if g not in TargetGroup.values]
    unknown += [t for t in topics if t not in Topic.values]
    if unknown:
        raise ValueError(f"unknown slugs: {', '.join(unknown)}")
