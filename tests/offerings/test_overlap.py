"""The overlap engine: ranking by place and content, reasons, the likely flag, bad input."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest

from backend.areas.models import Area, AreaKind
from backend.offerings.models import Offering
from backend.offerings.overlap import TRIGRAM_CODES_END
from backend.offerings.selectors import offering_list_overlapping, offering_probe
from tests import clock
from tests.offerings.factories import OfferingFactory


def quarter(name: str) -> Area:
    return Area.objects.get(kind=AreaKind.QUARTER, name=name)


def check(**kwargs):
    defaults = {
        "title": "Sprachcafé für geflüchtete Frauen",
        "description": "Deutsch sprechen bei Kaffee und Tee.",
        "quarter": quarter("Borbeck-Mitte"),
        "target_groups": ["gefluechtete"],
        "topics": ["sprache", "begegnung"],
    }
    return offering_list_overlapping(**{**defaults, **kwargs})


def codes(match) -> list[str]:
    return [reason["code"] for reason in (r.as_dict() for r in match.reasons)]


def test_same_offering_ranks_quarter_before_district_before_citywide_before_elsewhere(essen):
    elsewhere = OfferingFactory(quarter=quarter("Steele"))
    citywide = OfferingFactory(citywide=True)
    district = OfferingFactory(quarter=quarter("Dellwig"))  # Borbeck, like Borbeck-Mitte
    same = OfferingFactory(quarter=quarter("Borbeck-Mitte"))
    matches = check()
    assert [m.offering for m in matches] == [same, district, citywide, elsewhere]
    assert [codes(m)[0] for m in matches[:3]] == ["same_quarter", "same_district", "citywide"]
    assert matches[3].reasons[0].code.startswith("shared_")  # elsewhere: no place reason
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)


def test_reasons_name_shared_target_groups_topics_and_similar_text(essen):
    OfferingFactory(quarter=quarter("Borbeck-Mitte"), target_groups=["gefluechtete", "frauen"])
    [match] = check(target_groups=["frauen", "kinder"])
    # "geflüchtete" comes from the idea's title (inferred), after its tags.
    assert codes(match) == [
        "same_quarter",
        "shared_target_group:frauen",
        "shared_target_group:gefluechtete",
        "shared_topic:sprache",
        "shared_topic:begegnung",
        "similar_text",
    ]
    assert match.reasons[1].text == "Gleiche Zielgruppe: Frauen."


def test_content_beats_place_only_when_strong(essen):
    unrelated_here = OfferingFactory(
        quarter=quarter("Borbeck-Mitte"),
        title="Boxtraining",
        description="Sport gegen Gewalt.",
        target_groups=["jugendliche", "gefluechtete"],
        topics=["sport", "begegnung"],
    )
    same_kind_in_district = OfferingFactory(quarter=quarter("Dellwig"))
    matches = check()
    assert [m.offering for m in matches] == [same_kind_in_district, unrelated_here]
    assert matches[0].likely_overlap
    assert not matches[1].likely_overlap


def test_same_kind_in_another_district_is_not_a_likely_overlap(essen):
    OfferingFactory(quarter=quarter("Steele"))
    [match] = check()
    assert not match.likely_overlap


def test_finds_same_quarter_offering_without_a_shared_word(essen):
    open_door = OfferingFactory(
        quarter=quarter("Vogelheim"),
        title="Offene Tür",
        description="Kochgruppe und Nachmittag für Mädchen.",
        target_groups=["jugendliche"],
        topics=["freizeit"],
    )
    matches = check(
        title="Mädchentreff",
        description="",
        quarter=quarter("Vogelheim"),
        target_groups=["jugendliche"],
        topics=["freizeit"],
    )
    assert [m.offering for m in matches] == [open_door]


def test_accents_and_case_do_not_matter(essen):
    cafe = OfferingFactory(quarter=quarter("Borbeck-Mitte"), title="SPRACHCAFE BORBECK")
    assert [m.offering for m in check(title="Sprachcafé", topics=[], target_groups=[])] == [cafe]


def test_inactive_and_expired_and_future_offerings_are_excluded(essen):
    today = clock.today()
    here = quarter("Borbeck-Mitte")
    OfferingFactory(quarter=here, active=False)
    OfferingFactory(quarter=here, valid_to=today - dt.timedelta(days=1))
    OfferingFactory(quarter=here, valid_from=today + dt.timedelta(days=1))
    current = OfferingFactory(quarter=here, valid_from=today - dt.timedelta(days=1), valid_to=today)
    assert [m.offering for m in check()] == [current]


def test_returns_at_most_ten_and_respects_limit(essen):
    OfferingFactory.create_batch(12, quarter=quarter("Borbeck-Mitte"))
    assert len(check()) == 10
    assert len(check(limit=3)) == 3


def test_nothing_similar_gives_empty_list(essen):
    OfferingFactory(
        quarter=quarter("Steele"),
        title="Schachclub",
        description="Schach spielen.",
        target_groups=["senioren"],
        topics=["freizeit"],
    )
    assert check() == []


def test_title_of_only_stop_words_still_works(essen):
    OfferingFactory(quarter=quarter("Borbeck-Mitte"))
    matches = check(title="und für die", description="")
    assert all(0 <= m.score <= 1 for m in matches)


def test_match_serialises(essen):
    OfferingFactory(quarter=quarter("Borbeck-Mitte"))
    data = check()[0].as_dict()
    assert set(data) == {"offering", "score", "likely_overlap", "reasons"}
    assert data["reasons"][0] == {"code": "same_quarter", "text": "Im selben Stadtteil."}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "title"),
        ({"target_groups": ["kids"]}, "unknown slugs: kids"),
        ({"topics": ["sprachen"]}, "unknown slugs: sprachen"),
        ({"limit": 0}, "limit"),
        ({"limit": 11}, "limit"),
    ],
)
def test_bad_input_raises_value_error(essen, kwargs, message):
    with pytest.raises(ValueError, match=message):
        check(**kwargs)


def test_district_instead_of_quarter_is_rejected(essen):
    district = quarter("Borbeck-Mitte").parent
    with pytest.raises(ValueError, match="quarter"):
        check(quarter=district)


def test_without_quarter_only_citywide_counts_as_place(essen):
    citywide = OfferingFactory(citywide=True)
    local = OfferingFactory(quarter=quarter("Borbeck-Mitte"))
    matches = check(quarter=None)
    assert [m.offering for m in matches] == [citywide, local]


def test_quotes_and_symbols_in_text_are_safe(essen):
    OfferingFactory(quarter=quarter("Borbeck-Mitte"), title="Café 'O'Brien' & Co")
    matches = check(title="O'Brien's Café & Co | ! ( :*", description="'); DROP TABLE x; --")
    assert len(matches) == 1


@pytest.mark.parametrize("stored", [True, False])
def test_single_statement_ranks_like_scoring_every_offering(essen, stored):
    """The selector scores only candidates its indexes find (a word, or the quarter and the
    vocabulary); scoring every current offering with ``overlap_rank`` must give the same ten,
    whether it reads the stored codes and vocabulary bits or computes from the vector and
    compares the arrays."""
    import dataclasses
    import random

    from backend.offerings.overlap import overlap_rank, probe_lexemes
    from backend.offerings.selectors import OFFERING_FIELDS, offering_list_current

    fields = OFFERING_FIELDS if stored else dataclasses.replace(OFFERING_FIELDS, codes=None)

    rng = random.Random(6)
    places = [quarter(name) for name in ("Borbeck-Mitte", "Dellwig", "Vogelheim", "Steele")]
    titles = ["Sprachcafé", "Deutsch-Treff", "Frauenfrühstück", "Offene Tür", "Hausaufgaben"]
    words = ["Deutsch", "sprechen", "Kaffee", "Frauen", "Kinder", "Tee", "Nachbarn", "lesen"]
    groups = ["gefluechtete", "frauen", "kinder", "senioren", "alle"]
    topics = ["sprache", "begegnung", "bildung", "freizeit"]
    for _ in range(80):
        citywide = rng.random() < 0.1
        OfferingFactory(
            quarter=None if citywide else rng.choice(places),
            citywide=citywide,
            title=f"{rng.choice(titles)} {rng.choice(words)}",
            description=" ".join(rng.sample(words, 4)),
            target_groups=rng.sample(groups, rng.randint(1, 2)),
            topics=rng.sample(topics, rng.randint(1, 2)),
        )
    matches = check()
    kwargs = {
        "title": "Sprachcafé für geflüchtete Frauen",
        "description": "Deutsch sprechen bei Kaffee und Tee.",
        "quarter": quarter("Borbeck-Mitte"),
        "target_groups": ("gefluechtete",),
        "topics": ("sprache", "begegnung"),
    }
    probe = offering_probe(**kwargs)
    everything = overlap_rank(
        [offering_list_current()],
        probe=probe,
        fields=fields,
        lexemes=probe_lexemes(probe),
    )
    assert len(matches) == 10
    assert [(m.offering.pk, m.score, codes(m)) for m in matches] == [
        (s.obj.pk, s.score, [r.code for r in s.reasons]) for s in everything
    ]


def test_stored_trigram_codes_give_pg_trgm_similarity_exactly(essen):
    """The selector computes ``similarity`` from the trigram codes in ``overlap_codes``
    (migration 0006) as the statement does; it must equal pg_trgm's own value, bit for bit,
    also for umlauts, other scripts and digits."""
    from django.db import connection

    titles = [
        "Sprachcafé Borbeck",
        "SPRACHCAFE BORBECK",
        "Straße Ärger Öl Über ßß",
        "Привет мир",
        "日本語 l'été 123 x_y",
        "0x1 0x123456",
        "!!!",
        "a",
    ]
    for title in titles:
        OfferingFactory(quarter=quarter("Borbeck-Mitte"), title=title, description="Sprachcafé")
    end = TRIGRAM_CODES_END
    with connection.cursor() as cursor:
        for probe in [*titles, "Sprachtreff für Frauen", ""]:
            cursor.execute(
                "SELECT similarity(title, %s), "  # noqa: S608
                "common::real / greatest(trigrams + probe - common, 1)::real "
                f"FROM (SELECT title, width_bucket({end}, overlap_codes) AS trigrams, "
                f"width_bucket({end}, overlap_codes OPERATOR(intarray.&) p.codes) AS common, "
                f"width_bucket({end}, p.codes) AS probe FROM offerings_offering, "
                "(SELECT overlap_probe_codes(%s, '{sprachcaf}') AS codes) p) t",
                [probe, probe],
            )
            rows = cursor.fetchall()
            assert len(rows) == len(titles)
            assert all(expected == stored for expected, stored in rows), probe


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Sprachcafé für geflüchtete Frauen", ["sprachcaf", "gefluchtet", "frau"]),
        ("Привет мир 日本語 0x1", ["привет", "мир"]),
        ("!!!", []),
        ("", ["kind"]),
    ],
)
def test_probe_codes_in_the_statement_are_the_migration_s(essen, title, words):
    """``overlap_rank_sql`` spells ``overlap_probe_codes`` (migration 0006) out in its
    statement, to save planning the function's body; both must give the same codes."""
    from django.db import connection

    from backend.offerings.overlap import PROBE_TRIGRAM_CODES, PROBE_WORD_CODES

    with connection.cursor() as cursor:
        cursor.execute(
            "WITH probe_word AS (SELECT unnest(%s::text[]) AS lexeme) "
            f"SELECT intarray.sort({PROBE_TRIGRAM_CODES} || {PROBE_WORD_CODES}), "
            "overlap_probe_codes(%s, %s::text[])",
            [words, title, title, words],
        )
        inline, migration = cursor.fetchone()
    assert inline == migration
    assert len(migration) >= 5 * len(words)


def test_vocabulary_bits_hold_every_topic_and_target_group(essen):
    """``vocabulary_bits`` (migration 0006) is the OR of ``vocabulary_bit`` over the topics
    and target groups; every slug has its own bit within a signed 32-bit integer."""
    from backend.common.vocabularies import TargetGroup, Topic, vocabulary_bit

    slugs = [*Topic.values, *TargetGroup.values]
    bits = [vocabulary_bit(slug) for slug in slugs]
    assert len(set(bits)) == len(slugs)
    assert all(0 < bit < 2**31 for bit in bits)
    everything = cast(
        Offering,
        OfferingFactory(
            quarter=quarter("Borbeck-Mitte"), topics=Topic.values, target_groups=TargetGroup.values
        ),
    )
    nothing = cast(
        Offering, OfferingFactory(quarter=quarter("Borbeck-Mitte"), topics=[], target_groups=[])
    )
    some = cast(
        Offering,
        OfferingFactory(
            quarter=quarter("Borbeck-Mitte"), topics=["sport", "freizeit"], target_groups=["alle"]
        ),
    )
    stored = dict(
        Offering.objects.filter(pk__in=[everything.pk, nothing.pk, some.pk]).values_list(
            "pk", "vocabulary_bits"
        )
    )
    assert stored[everything.pk] == sum(bits)
    assert stored[nothing.pk] == 0
    assert stored[some.pk] == (
        vocabulary_bit("sport") | vocabulary_bit("freizeit") | vocabulary_bit("alle")
    )


def test_longest_title_and_a_long_description_fit_the_covering_index(essen):
    """``overlap_codes`` sits in a btree index entry, which PostgreSQL limits to 2,704 bytes:
    a 200-character title makes ~200 trigram codes, so ``lexeme_codes`` keeps at most 400
    word codes (title words first). A longer description must still save."""
    import random

    from django.db import connection

    rng = random.Random(4)
    letters = "abcdefghijklmnopqrstuvwxyz"
    title = "".join(rng.choice(letters) for _ in range(200))
    words = ["".join(rng.choice(letters) for _ in range(9)) for _ in range(1500)]
    offering = cast(
        Offering,
        OfferingFactory(quarter=quarter("Borbeck-Mitte"), title=title, description=" ".join(words)),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT width_bucket(%s, overlap_codes), cardinality(overlap_codes) "
            "FROM offerings_offering WHERE id = %s",
            [TRIGRAM_CODES_END, offering.pk],
        )
        trigrams, codes = cursor.fetchone()
        cursor.execute(
            "SELECT intarray.icount(overlap_codes OPERATOR(intarray.&) overlap_probe_codes('', "
            "tsvector_to_array(to_tsvector('german_unaccent', %s)))) "
            "FROM offerings_offering WHERE id = %s",
            [title, offering.pk],
        )
        title_word_codes = cursor.fetchone()[0]
    assert trigrams > 190
    assert codes - trigrams == 400
    assert title_word_codes == 5  # the title's word is kept first, with its five codes


def test_word_rank_is_ts_rank_for_words_that_occur_once(essen):
    """The text part counts shared word codes (5 title, 2 description, 1 provider): for
    words that occur once in an offering that is ``ts_rank``'s own value (normalised
    rank / (rank + 1)), so the calibration of the ts_rank engine carries over."""
    from django.db import connection

    from backend.offerings.overlap import CODE_WEIGHT

    OfferingFactory(
        quarter=quarter("Borbeck-Mitte"),
        title="Sprachcafé Dellwig",
        description="Deutsch üben bei Kaffee und Kuchen.",
        provider="Caritas Borbeck",
    )
    words = ["sprachcaf", "deutsch", "kuch", "caritas", "borbeck", "fahrrad"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_rank(search_vector, to_tsquery('simple', %s), 32), "
            "width_bucket(%s, overlap_codes OPERATOR(intarray.&) p.codes), "
            "intarray.icount(overlap_codes OPERATOR(intarray.&) p.codes) "
            "FROM offerings_offering, (SELECT overlap_probe_codes('', %s::text[]) AS codes) p",
            [" | ".join(words), TRIGRAM_CODES_END, words],
        )
        ts_rank, trigrams, shared = cursor.fetchone()
    assert trigrams == 0
    assert shared == 5 + 2 + 2 + 1 + 1  # title word; two description words; provider words
    rank = CODE_WEIGHT * shared / len(words)
    assert rank / (rank + 1) == pytest.approx(ts_rank, rel=1e-6)


def test_query_log_shows_the_prepared_statement_with_its_values(essen):
    """The check's statement is prepared (psycopg sends no text for it); the query log and
    ``CaptureQueriesContext`` must still show it, values included, as for Django's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OfferingFactory(quarter=quarter("Borbeck-Mitte"), title="Sprachcafé Borbeck")
    for _ in range(2):  # the second run executes the prepared statement
        with CaptureQueriesContext(connection) as queries:
            matches = check(title="Sprachcafé für Frauen")
        assert len(matches) == 1
        statement = queries.captured_queries[-1]["sql"]
        assert statement.startswith("WITH probe_word")
        assert "'Sprachcafé für Frauen'" in statement


def test_only_the_check_s_statement_is_prepared(essen):
    """The check prepares its own statement; psycopg stays off for Django's queries (as
    Django configures it, for connection poolers) and tracks none of them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # whatever earlier tests left on this connection
    OfferingFactory(quarter=quarter("Borbeck-Mitte"), title="Sprachcafé Borbeck")
    for _ in range(2):
        assert len(check()) == 1
        assert list(Offering.objects.filter(title="Sprachcafé Borbeck").values_list("title"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert len(prepared) == 1
    assert prepared[0].startswith("WITH probe_word")
    assert connection.connection.prepare_threshold is None


@pytest.mark.django_db(transaction=True)
def test_check_recovers_when_a_migration_changes_a_returned_column(essen):
    """A connection that prepared the statement before another connection changed the type of
    a column it returns gets "cached plan must not change result type" from PostgreSQL; the
    check drops its prepared statements and runs again instead of failing until the
    connection is recycled."""
    import psycopg
    from django.db import connection

    OfferingFactory(quarter=quarter("Borbeck-Mitte"), title="Sprachcafé Borbeck")
    assert len(check()) == 1  # prepared now
    with psycopg.connect(connection.connection.info.dsn, autocommit=True) as other:
        other.execute("ALTER TABLE offerings_offering ALTER COLUMN schedule TYPE varchar(300)")
        try:
            matches = check()
            assert [m.offering.title for m in matches] == ["Sprachcafé Borbeck"]
            assert len(check()) == 1
        finally:
            other.execute("ALTER TABLE offerings_offering ALTER COLUMN schedule TYPE varchar(200)")


def test_word_codes_are_capped_only_where_they_are_stored(essen):
    """``overlap_codes`` keeps 400 word codes (an index entry's size); the open-ideas path,
    which computes codes from the vector (``lexeme_codes(vector, NULL)``), keeps every word,
    so a word at the end of a long challenge still counts."""
    from django.db import connection

    filler = " ".join(f"wort{chr(97 + i // 26)}{chr(97 + i % 26)}x" for i in range(300))
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH v AS (SELECT setweight(to_tsvector('german_unaccent', 'Nachbarschaftstreff'), "
            "'A') || setweight(to_tsvector('german_unaccent', %s), 'B') AS vector) "
            "SELECT intarray.icount(lexeme_codes(vector, NULL) OPERATOR(intarray.&) p), "
            "intarray.icount(lexeme_codes(vector, 400) OPERATOR(intarray.&) p) "
            "FROM v, probe_lexeme_codes('{fahrradwerkstatt}') AS p",
            [f"{filler} Fahrradwerkstatt"],
        )
        uncapped, capped = cursor.fetchone()
    assert (uncapped, capped) == (2, 0)


def test_prepared_statements_can_be_turned_off(essen, settings):
    """``DATABASE_PREPARED_STATEMENTS=false`` (behind a pooler that does not keep prepared
    statements): the check runs the same, nothing is prepared."""
    from django.db import connection

    settings.OVERLAP_PREPARED_STATEMENT = False
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # whatever earlier tests left on this connection
    OfferingFactory(quarter=quarter("Borbeck-Mitte"), title="Sprachcafé Borbeck")
    for _ in range(3):
        assert [m.offering.title for m in check()] == ["Sprachcafé Borbeck"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0
