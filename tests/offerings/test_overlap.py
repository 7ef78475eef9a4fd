"""The overlap engine: ranking by place and content, reasons, the likely flag, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.areas.models import Area, AreaKind
from backend.offerings.selectors import offering_list_overlapping
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
    assert codes(match) == [
        "same_quarter",
        "shared_target_group:frauen",
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
    today = dt.date.today()
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


@pytest.mark.parametrize("refine_first", [1, 10, 30])
def test_single_statement_ranks_like_scoring_every_offering(essen, monkeypatch, refine_first):
    """The selector scores only candidates that could make the list (bound and refine);
    scoring every current offering with ``overlap_rank`` must give the same ten."""
    import random

    from backend.offerings import overlap
    from backend.offerings.overlap import OverlapProbe, overlap_rank, probe_lexemes

    monkeypatch.setattr(overlap, "REFINE_FIRST", refine_first)
    from backend.offerings.selectors import OFFERING_FIELDS, offering_list_current

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
    probe = OverlapProbe(**kwargs)
    everything = overlap_rank(
        [offering_list_current()],
        probe=probe,
        fields=OFFERING_FIELDS,
        lexemes=probe_lexemes(probe),
    )
    assert len(matches) == 10
    assert [(m.offering.pk, m.score, codes(m)) for m in matches] == [
        (s.obj.pk, s.score, [r.code for r in s.reasons]) for s in everything
    ]


def test_stored_trigram_codes_give_pg_trgm_similarity_exactly(essen):
    """The selector computes ``similarity`` from ``title_trigrams`` (migration 0004); it must
    equal pg_trgm's own value, bit for bit, also for umlauts, other scripts and digits."""
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
        OfferingFactory(quarter=quarter("Borbeck-Mitte"), title=title)
    with connection.cursor() as cursor:
        for probe in [*titles, "Sprachtreff für Frauen", ""]:
            cursor.execute(
                "SELECT similarity(title, %s), CASE WHEN common = 0 THEN 0::real "
                "ELSE common::real / (intarray.icount(title_trigrams) + probe - common)::real END "
                "FROM (SELECT title, title_trigrams, "
                "intarray.icount(title_trigrams OPERATOR(intarray.&) trigram_codes(%s)) AS common, "
                "intarray.icount(trigram_codes(%s)) AS probe FROM offerings_offering) t",
                [probe, probe, probe],
            )
            rows = cursor.fetchall()
            assert len(rows) == len(titles)
            assert all(expected == stored for expected, stored in rows), probe
