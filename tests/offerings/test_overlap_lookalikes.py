"""The flag from the text alone, and its precision on look-alikes (issue #23)."""

from __future__ import annotations

from backend.areas.models import Area, AreaKind
from backend.offerings.selectors import offering_list_overlapping
from tests.offerings.factories import OfferingFactory


def quarter(name: str) -> Area:
    return Area.objects.get(kind=AreaKind.QUARTER, name=name)


def check(title: str, description: str = "", where: str = "Borbeck-Mitte", **tags):
    matches = offering_list_overlapping(
        title=title, description=description, quarter=quarter(where), **tags
    )
    return {m.offering.external_id: m for m in matches}


def sprachcafe(external_id: str = "sprachcafe", where: str = "Borbeck-Mitte", **kwargs):
    defaults = {
        "external_id": external_id,
        "quarter": quarter(where),
        "title": "Sprachcafé",
        "description": "Ehrenamtliche sprechen mit Neuzugewanderten Deutsch, bei Kaffee und Tee.",
        "target_groups": ["neuzugewanderte", "gefluechtete"],
        "topics": ["sprache", "begegnung"],
    }
    return OfferingFactory(**{**defaults, **kwargs})


def test_untagged_paraphrase_is_flagged(essen):
    """Without tags and without a shared word the engine used to never dare."""
    sprachcafe()
    matches = check(
        "Konversationsrunde für Menschen aus aller Welt",
        "Leute mit wenig Deutschkenntnissen kommen mit Nachbarn ins Gespräch.",
    )
    assert matches["sprachcafe"].likely_overlap


def test_same_words_other_target_group_is_not_flagged(essen):
    sprachcafe()
    sprachcafe(
        "sprachcafe-60",
        title="Sprachcafé 60+",
        description="Ältere lernen hier, ihr Smartphone zu bedienen: WhatsApp, Videoanrufe.",
        target_groups=["senioren"],
        topics=["bildung"],
    )
    matches = check("Sprachcafé für Neuzugewanderte", "Deutsch üben mit Nachbarn.")
    assert matches["sprachcafe"].likely_overlap
    assert "sprachcafe-60" in matches
    assert not matches["sprachcafe-60"].likely_overlap
    assert matches["sprachcafe-60"].score < matches["sprachcafe"].score


def test_same_words_other_purpose_is_not_flagged(essen):
    OfferingFactory(
        external_id="wohnungslos",
        quarter=quarter("Borbeck-Mitte"),
        title="Frühstück für Wohnungslose",
        description="Jeden Morgen ein warmes Frühstück und eine Dusche.",
        target_groups=["alle"],
        topics=["nachbarschaft"],
    )
    OfferingFactory(
        external_id="lehrkraefte",
        quarter=quarter("Borbeck-Mitte"),
        title="Hausaufgaben-Sprechstunde für Lehrkräfte",
        description="Fortbildung: Hausaufgaben in mehrsprachigen Klassen.",
        target_groups=[],
        topics=["bildung"],
    )
    breakfast = check("Frühstück für Frauen", "Frauen aus der Nachbarschaft frühstücken.")
    assert not breakfast["wohnungslos"].likely_overlap
    homework = check("Hausaufgabenhilfe für Grundschulkinder", "Hilfe bei den Hausaufgaben.")
    assert not homework["lehrkraefte"].likely_overlap


def test_women_only_offering_does_not_serve_an_idea_for_fathers(essen):
    OfferingFactory(
        external_id="daz-frauen",
        quarter=quarter("Borbeck-Mitte"),
        title="DaZ-Kurs für Frauen",
        description="Deutsch als Zweitsprache, mit Kinderbetreuung.",
        target_groups=["frauen", "neuzugewanderte"],
        topics=["sprache"],
    )
    assert not check("Deutschkurs für Väter", "Deutsch lernen am Abend.")[
        "daz-frauen"
    ].likely_overlap
    assert check("Deutschkurs für Mütter", "Deutsch lernen am Vormittag.")[
        "daz-frauen"
    ].likely_overlap


def test_an_idea_with_two_activities_finds_each(essen):
    sprachcafe(where="Dellwig")  # same district (Borbeck)
    OfferingFactory(
        external_id="hausaufgaben",
        quarter=quarter("Frintrop"),
        title="Hausaufgabenhilfe Frintrop",
        description="Grundschulkinder bekommen nachmittags Hilfe bei den Hausaufgaben.",
        target_groups=["kinder"],
        topics=["bildung"],
    )
    OfferingFactory(
        external_id="jugendtreff",
        quarter=quarter("Borbeck-Mitte"),
        title="Jugendtreff",
        description="Offene Tür für Jugendliche mit Kicker und Musik.",
        target_groups=["jugendliche"],
        topics=["freizeit"],
    )
    matches = check(
        "Sprachcafé und Hausaufgabenhilfe unter einem Dach",
        "Eltern üben Deutsch, ihre Kinder bekommen Hilfe bei den Hausaufgaben.",
    )
    assert matches["sprachcafe"].likely_overlap
    assert matches["hausaufgaben"].likely_overlap
    assert "jugendtreff" not in matches or not matches["jugendtreff"].likely_overlap


def test_the_same_activity_in_another_district_is_not_flagged(essen):
    sprachcafe(where="Steele")
    matches = check("Sprachcafé", "Deutsch üben mit Nachbarn.", where="Borbeck-Mitte")
    assert not matches["sprachcafe"].likely_overlap


def test_citywide_offering_with_location_counts_everywhere_and_nearest_at_home(essen):
    OfferingFactory(
        external_id="mbe",
        citywide=True,
        quarter=quarter("Steele"),
        title="Migrationsberatung für Erwachsene",
        description="Beratung zu Aufenthalt, Anträgen und Behördenpost.",
        target_groups=["neuzugewanderte"],
        topics=["beratung"],
    )
    idea = ("Hilfe bei Behördenpost", "Zugewanderte verstehen die Briefe vom Amt nicht.")
    far = check(*idea, where="Borbeck-Mitte")["mbe"]
    assert far.reasons[0].code == "citywide"
    assert far.likely_overlap
    home = check(*idea, where="Steele")["mbe"]
    assert home.reasons[0].code == "same_quarter"
    assert home.score > far.score
