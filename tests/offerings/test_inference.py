"""What the overlap check reads from a text alone (issue #23): topics, target groups and
activities, through compounds, abbreviations, gendered forms and typos."""

from __future__ import annotations

from typing import cast

import pytest

from backend.common.vocabularies import TargetGroup, Topic, bit_slugs
from backend.offerings.inference import (
    EXCLUSIVE_BITS,
    MAENNER_BIT,
    activity_slugs,
    infer,
    normalise,
)
from backend.offerings.models import Offering
from tests.offerings.factories import OfferingFactory


def groups(title: str, description: str = "") -> list[str]:
    return bit_slugs(infer(title, description).vocabulary, TargetGroup)


def topics(title: str, description: str = "") -> list[str]:
    return bit_slugs(infer(title, description).vocabulary, Topic)


def activities(title: str, description: str = "") -> list[str]:
    return activity_slugs(infer(title, description).activities)


def test_normalise_folds_umlauts_gender_markers_compounds_and_abbreviations():
    text = normalise("Senior*innen-Treff für Migrantinnen und Migranten, DaZ in der OGS, Ü60")
    assert "seniorentreff" in text
    assert "migranten" in text
    assert "migrantinnen" not in text
    assert "deutsch als zweitsprache" in text
    assert "offener ganztag" in text
    assert "60 plus" in text


@pytest.mark.parametrize(
    ("title", "description", "activity"),
    [
        ("Konversationsrunde in Karnap", "", "deutsch"),
        ("Café Deutsch", "", "deutsch"),
        ("Deutsch-Treff", "", "deutsch"),
        ("DaZ-Kurs für Frauen", "", "deutschkurs"),
        ("Hausafgabenhilfe", "", "lernhilfe"),  # typo
        ("Betreuung in der OGS", "", "lernhilfe"),  # abbreviation
        ("Lernstube", "", "lernhilfe"),
        ("OT Bergeborbeck", "", "jugendtreff"),
        ("Mütter-Frühstück", "", "frauentreff"),
        ("Reparaturcafé", "", "reparieren"),
        ("Radschrauber-Treff", "", "fahrrad"),
        ("Kaffeeklatsch für ältere Nachbarinnen", "", "seniorentreff"),  # group + word
        ("Spielen mit den Kleinsten", "", "kleinkind"),
    ],
)
def test_activities_from_compounds_abbreviations_typos_and_paraphrases(
    title, description, activity
):
    assert activity in activities(title, description)


def test_target_groups_from_gendered_forms_and_synonyms():
    assert groups("Treff für Senior*innen") == ["senioren"]
    assert groups("Computertreff Ü60") == ["senioren"]
    assert "gefluechtete" in groups("Hilfe für Menschen mit Fluchtgeschichte")
    assert "neuzugewanderte" in groups("Angebot der MSO Brücke")
    assert "kinder" in groups("Hausaufgaben für Grundschüler:innen")
    # "Kinderbetreuung" serves the parents; the offering is not for children.
    assert "kinder" not in groups("Frauenfrühstück", "Kinderbetreuung ist vorhanden.")
    # "Migrantinnen und Migranten" is everyone, not women.
    assert "frauen" not in groups("Treff für ältere Migrantinnen und Migranten")


def test_topics_come_with_activities():
    assert set(topics("Sprachcafé")) >= {"sprache", "begegnung"}
    assert "bildung" in topics("Hausaufgabenhilfe")


def test_activity_is_what_the_title_and_first_sentence_say_not_a_passing_mention():
    youth = activities(
        "OT Altendorf",
        "Die Offene Tür ist nachmittags offen: Billard, Hausaufgabenplatz und Beratung.",
    )
    assert youth == ["jugendtreff"]
    # The look-alike of the issue: a "Sprachcafé 60+" that teaches smartphones.
    smartphone = infer(
        "Sprachcafé 60+", "Ältere lernen hier, ihr Smartphone zu bedienen: WhatsApp."
    )
    assert "digital" in activity_slugs(smartphone.activities)
    assert bit_slugs(smartphone.vocabulary, TargetGroup) == ["senioren"]


def test_exclusive_purposes_and_men_only():
    teachers = infer("Hausaufgaben-Sprechstunde für Lehrkräfte", "Fortbildung für Lehrerinnen.")
    assert teachers.activities & EXCLUSIVE_BITS
    assert not infer("Hausaufgabenhilfe").activities & EXCLUSIVE_BITS
    assert infer("Deutschkurs für Väter").vocabulary & MAENNER_BIT
    assert not infer("Deutschkurs für Frauen").vocabulary & MAENNER_BIT


def test_nothing_to_infer_gives_zero():
    assert infer("", "") == infer("xyz", "123")
    assert infer("xyz").activities == 0


def test_saving_an_offering_stores_what_its_text_speaks_of(essen):
    offering = cast(
        "Offering",
        OfferingFactory(
            citywide=True, title="Hausaufgabenhilfe", description="Für Grundschulkinder."
        ),
    )
    assert "lernhilfe" in activity_slugs(offering.activity_bits)
    offering.title = "Sprachcafé"
    offering.save(update_fields=["title"])
    stored = Offering.objects.get(pk=offering.pk)
    assert activity_slugs(stored.activity_bits) == ["deutsch"]
    assert "kinder" in bit_slugs(stored.inferred_bits, TargetGroup)


def test_infer_offerings_command_recomputes_stored_bits(essen):
    import io

    from django.core.management import call_command

    offering = cast(
        "Offering", OfferingFactory(citywide=True, title="Hausaufgabenhilfe", description="")
    )
    Offering.objects.filter(pk=offering.pk).update(inferred_bits=0, activity_bits=0)
    out = io.StringIO()
    call_command("infer_offerings", stdout=out)
    assert "1 offerings changed" in out.getvalue()
    stored = Offering.objects.get(pk=offering.pk)
    assert activity_slugs(stored.activity_bits) == ["lernhilfe"]
    call_command("infer_offerings", stdout=out)
    assert "0 offerings changed" in out.getvalue()
