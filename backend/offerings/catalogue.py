"""Read side of the public offering catalogue (``/angebote/``, its open data and
``GET /api/v1/catalogue/``): search, filters, the gap view of a district.

The search is the overlap check's full text: the stored ``search_vector`` (title weighs most,
then description, then provider) under the ``german_unaccent`` configuration, so "Sprachcafe"
finds "Sprachcafé" and "Frauen" finds "Frauentreff"'s stem; people type words, so the query is
``websearch_to_tsquery`` (quotes for phrases, ``-word`` to exclude).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case as DbCase
from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.fields import CharField
from django.db.models.functions import Lower
from django.utils import timezone

from backend.areas.models import Area, AreaKind, City, district_order
from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.models import SEARCH_CONFIG, Offering
from backend.offerings.selectors import offering_list_current

#: A search longer than this is cut (nobody types more; the index does not need more).
SEARCH_MAX = 200
#: Titles in the order people expect whatever the database's collation: "Mädchen" before
#: "Migration" (accents and case folded).
ALPHABETICAL = Lower(Func(F("title"), function="unaccent", output_field=CharField()))
#: German compounds are one word to the full text ("Migrationsberatung" holds no "Beratung"):
#: a title that contains the search as part of a word (pg_trgm's word similarity, as the
#: overlap check's title similarity) matches too.
TITLE_WORD_SIMILARITY = 0.6
PLAIN_WORD = re.compile(r"\w{3,}")
#: The target group that stands for everyone: such an offering fills every group's gap.
EVERYONE = TargetGroup.ALLE.value


@dataclass(frozen=True)
class CatalogueFilters:
    text: str = ""
    city: City | None = None
    district: Area | None = None
    quarter: Area | None = None
    topic: str = ""
    target_group: str = ""
    language: str = ""
    #: With a district or quarter chosen: also the city-wide offerings (they are open there).
    citywide: bool = True


def catalogue_listed() -> QuerySet[Offering]:
    """What the catalogue lists: active offerings that have not ended (also those that start
    later: people plan ahead; the page says from when)."""
    today = timezone.localdate()
    return Offering.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today), active=True
    ).select_related("city", "quarter__parent")


def catalogue_offerings(*, filters: CatalogueFilters) -> QuerySet[Offering]:
    """Listed offerings matching ``filters``; with a search, best match first, else by
    title. City-wide offerings count as being in every district and quarter (unless
    ``filters.citywide`` is off)."""
    qs = catalogue_listed()
    if filters.city is not None:
        qs = qs.filter(city=filters.city)
    place = Q()
    # A city-wide offering with a location (its address) is city-wide, not local.
    if filters.quarter is not None:
        place = Q(quarter=filters.quarter, citywide=False)
    elif filters.district is not None:
        place = Q(quarter__parent=filters.district, citywide=False)
    if place:
        if filters.citywide:
            city_id = (filters.quarter or filters.district).city_id  # type: ignore[union-attr]
            place |= Q(citywide=True, city_id=city_id)
        qs = qs.filter(place)
    if filters.topic:
        qs = qs.filter(topics__contains=[filters.topic])
    if filters.target_group:
        qs = qs.filter(
            Q(target_groups__contains=[filters.target_group])
            | Q(target_groups__contains=[EVERYONE])
        )
    if filters.language:
        qs = qs.filter(languages__contains=[filters.language])
    text = filters.text.strip()[:SEARCH_MAX]
    if not text:
        return qs.order_by(ALPHABETICAL, "pk")
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    match = Q(search_vector=query)
    if PLAIN_WORD.fullmatch(text):
        # One plain word may be the end of a compound in a title (the phrase and exclusion
        # syntax of longer searches stays pure full text).
        match |= Q(title_match__gte=TITLE_WORD_SIMILARITY)
    return (
        qs.annotate(
            rank=SearchRank(F("search_vector"), query),
            title_match=TrigramWordSimilarity(text, "title"),
        )
        .filter(match)
        .order_by((F("rank") + F("title_match")).desc(), ALPHABETICAL, "pk")
    )


def catalogue_offering(*, pk: int) -> Offering | None:
    """One offering of the catalogue (None if unknown, inactive or ended)."""
    return catalogue_listed().filter(pk=pk).first()


def catalogue_districts() -> QuerySet[Area]:
    return (
        Area.objects.filter(kind=AreaKind.DISTRICT)
        .select_related("city")
        .order_by("city__name", district_order(), "code")
    )


def catalogue_quarters() -> QuerySet[Area]:
    return (
        Area.objects.filter(kind=AreaKind.QUARTER)
        .select_related("parent")
        .order_by("city__name", district_order("parent__"), "parent__code", "name")
    )


# --- Gap view --------------------------------------------------------------------------------


@dataclass
class GapRow:
    """One quarter (or the city-wide offerings): current offerings per topic."""

    label: str
    quarter: Area | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def gaps(self) -> int:
        return sum(1 for n in self.counts.values() if n == 0)


@dataclass
class GapView:
    """Quarter × topic for one target group (or all): where offerings exist and where none
    do. City-wide offerings are a row of their own; a cell counts only the quarter's own."""

    district: Area
    target_group: str
    topics: list[tuple[str, str]]
    rows: list[GapRow]
    citywide: GapRow


def catalogue_gaps(*, district: Area, target_group: str = "") -> GapView:
    """The gap view of ``district``: current offerings per quarter and topic, for
    ``target_group`` (offerings "für alle" count for every group) or for any."""
    quarters = list(Area.objects.filter(kind=AreaKind.QUARTER, parent=district).order_by("name"))
    offerings = offering_list_current().filter(
        Q(quarter__parent=district) | Q(citywide=True, city_id=district.city_id)
    )
    if target_group:
        offerings = offerings.filter(
            Q(target_groups__contains=[target_group]) | Q(target_groups__contains=[EVERYONE])
        )
    rows = (
        offerings.annotate(topic=Func(F("topics"), function="unnest", output_field=CharField()))
        # City-wide offerings count in the city-wide row, also those with a location.
        .annotate(
            place=DbCase(
                When(citywide=True, then=Value(None)),
                default=F("quarter_id"),
                output_field=IntegerField(),
            )
        )
        .order_by()
        .values("place", "topic")
        .annotate(n=Count("pk"))
    )
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["place"]][row["topic"]] = row["n"]
    topics = [(slug, str(label)) for slug, label in Topic.choices]

    def row_for(label: str, quarter: Area | None, key: int | None) -> GapRow:
        return GapRow(label, quarter, {slug: counts[key].get(slug, 0) for slug, _ in topics})

    return GapView(
        district=district,
        target_group=target_group,
        topics=topics,
        rows=[row_for(q.name, q, q.pk) for q in quarters],
        citywide=row_for("", None, None),
    )


def open_data_rows(*, filters: CatalogueFilters | None = None) -> QuerySet[Offering]:
    """The offerings of the open data files (all current ones, or ``filters``), by id."""
    qs = catalogue_offerings(filters=filters or CatalogueFilters())
    return qs.order_by("pk")
