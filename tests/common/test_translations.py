"""The English translation: complete, compiled, faithful to its placeholders, and really served.

The catalogue is ``locale/en/LC_MESSAGES/django.po``; ``make messages`` updates it from the
code and compiles ``django.mo``, which is committed so a machine without gettext still serves
English. How to add and update translations: docs/i18n.md.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# %(name)s, %(n)d, %s, %d and the escaped percent sign %%.
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def entry_id(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) for each form: plural entries have one pair per form."""
    if entry.msgid_plural:
        return [
            (entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


def test_catalogue_is_not_empty_and_has_an_english_header(catalogue):
    assert len(catalogue) > 100
    assert catalogue.metadata["Language"] == "en"
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert not catalogue.metadata_is_fuzzy, "a fuzzy header is dropped by msgfmt"


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(catalogue):
    untranslated = [entry_id(e) for e in catalogue if any(not text.strip() for _, text in pairs(e))]
    fuzzy = [entry_id(e) for e in catalogue if "fuzzy" in e.flags]
    obsolete = [entry_id(e) for e in catalogue.obsolete_entries()]

    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy (check, then remove the flag): {fuzzy}"
    assert not obsolete, f"obsolete (run make messages): {obsolete}"


def test_plural_entries_have_both_english_forms(catalogue):
    for entry in catalogue:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry_id(entry)


def test_locations_are_relative_to_the_repository(catalogue):
    for entry in catalogue:
        for path, _line in entry.occurrences:
            assert not Path(path).is_absolute(), f"{path} in {entry_id(entry)}"
            assert (ROOT / path).exists(), f"{path} (run make messages)"


def test_compiled_mo_matches_the_po(catalogue):
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    expected: dict[object, str] = {}
    for entry in catalogue:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, index)] = text
        else:
            expected[key] = entry.msgstr
    # The raw catalogue (private, but stable since Python 2) also shows entries the .po lacks.
    raw: dict[object, str] = compiled._catalog  # type: ignore[attr-defined]
    actual = {key: text for key, text in raw.items() if key != ""}

    stale = sorted(str(k) for k in expected.keys() ^ actual.keys())
    assert not stale, f"django.mo is out of date (run make messages): {stale[:10]}"
    differ = sorted(str(k) for k in expected if expected[k] != actual[k])
    assert not differ, f"django.mo is out of date (run make messages): {differ[:10]}"
    # And through the public API, as Django reads it.
    for entry in catalogue:
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[1]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr


def test_placeholders_and_tags_survive_translation(catalogue):
    problems = []
    for entry in catalogue:
        for source, text in pairs(entry):
            for pattern in (PLACEHOLDER, TAG):
                if Counter(pattern.findall(source)) != Counter(pattern.findall(text)):
                    problems.append(f"{source!r} -> {text!r}")
            if source.startswith("\n") != text.startswith("\n") or source.endswith(
                "\n"
            ) != text.endswith("\n"):
                problems.append(f"line breaks at the ends: {source!r}")
    assert not problems, "\n".join(problems)


def test_placeholder_pattern_sees_what_it_must():
    assert PLACEHOLDER.findall("%(n)s Fälle, %(limit_value)d Zeichen, %s, %(p)s %%") == [
        "%(n)s",
        "%(limit_value)d",
        "%s",
        "%(p)s",
        "%%",
    ]
    assert PLACEHOLDER.findall("minimum own share (%)") == []


@pytest.mark.django_db
def test_idea_form_is_english_under_en_and_german_without_prefix(client, coordinator):
    english = client.get("/en/essen/ideen/neu/").content.decode()
    german = client.get("/essen/ideen/neu/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in english
    assert "<h1>Your idea for the neighbourhood</h1>" in english
    assert "Title of your idea" in english
    assert '<optgroup label="District IV – Borbeck">' in english
    assert "Ihre Idee für den Stadtteil" not in english

    # No prefix is German, whatever the browser prefers.
    assert '<html lang="de">' in german
    assert "<h1>Ihre Idee für den Stadtteil</h1>" in german
    assert "Your idea for the neighbourhood" not in german


@pytest.mark.django_db
def test_coordinator_login_is_english_under_en(client):
    english = client.get("/en/koordination/anmelden/")
    german = client.get("/koordination/anmelden/")

    assert english.status_code == 200
    html = english.content.decode()
    assert "<h1>Sign in for coordinators</h1>" in html
    assert "Forgot your password?" in html
    assert "Anmelden" not in html
    assert "<h1>Anmelden für die Koordination</h1>" in german.content.decode()


def test_dates_are_day_first_in_both_languages():
    import datetime as dt

    from django.utils import translation
    from django.utils.formats import date_format

    day = dt.date(2026, 3, 5)
    with translation.override("de"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "05.03.2026"
        assert date_format(day, "DATE_FORMAT") == "5. März 2026"
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "05/03/2026"
        assert date_format(day, "DATE_FORMAT") == "5 March 2026"
