"""Topics, target groups and activities inferred from an idea's or offering's text.

The overlap check must work from the text alone: an association that writes "Konversations-
runde für Neuzugewanderte" without tags still means a Sprachcafé. ``infer`` reads title and
description with the domain vocabulary of ``inference_terms`` (German compounds,
abbreviations such as DaZ/OGS/MSO, synonyms, gendered forms, common typos) and returns the
slugs as bits: topics and target groups in ``vocabulary_bit``'s layout, activities in their
own integer. Offerings store theirs (``Offering.inferred_bits``, ``activity_bits``, set on
every save); an idea's are computed per check. Pure Python, no model, nothing fetched.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from backend.common.vocabularies import TargetGroup, vocabulary_mask
from backend.offerings.inference_terms import (
    ACTIVITIES,
    COMPOSITES,
    EXCLUSIVE,
    MAENNER,
    TARGET_GROUPS,
)
from backend.offerings.inference_words import ACTIVITY_TOPICS, KEY_WORDS, SYNONYMS, TOPICS

#: Each activity's bit in ``activity_bits`` (the order of ``ACTIVITIES``).
ACTIVITY_BITS = {slug: 1 << index for index, slug in enumerate(ACTIVITIES)}
#: Exclusive purposes (Fortbildung for professionals, pets, another language …): a text with
#: one and a text without it are look-alikes at best.
EXCLUSIVE_BITS = sum(ACTIVITY_BITS[slug] for slug in EXCLUSIVE)
#: "Men only" in ``inferred_bits``, above the target groups (``vocabulary_bit`` uses 0-24).
MAENNER_BIT = 1 << 30
#: Groups that stand for each other when target groups are compared (the look-alike veto):
#: an offering for Familien serves a Kinder idea; Geflüchtete are Neuzugewanderte.
GROUP_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "kinder": ("familien",),
    "familien": ("kinder", "frauen"),
    "gefluechtete": ("neuzugewanderte",),
    "neuzugewanderte": ("gefluechtete",),
}
GROUP_MASK = vocabulary_mask(TargetGroup.values)
#: The target groups that say how old people are (the only ones that exclude each other,
#: besides men and women).
AGE_MASK = vocabulary_mask(["kinder", "jugendliche", "familien", "senioren"])

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_GENDER = re.compile(r"(?<=\w)[*:_/]-?in(nen)?\b")
_PAIR = re.compile(r"\b(\w{3,})innen und \1(en|e|n)?\b")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_NOISE = re.compile(r"[^\w+]+")
_WORD = re.compile(r"\w{6,}")


def _compile(table: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (slug, re.compile("|".join(f"(?:{p})" for p in patterns)))
        for slug, patterns in table.items()
    ]


_ACTIVITY_RE = _compile({k: v for k, v in ACTIVITIES.items() if k not in EXCLUSIVE})
_EXCLUSIVE_RE = _compile({k: v for k, v in ACTIVITIES.items() if k in EXCLUSIVE})
_COMPOSITE_RE = [(group, activity, re.compile(words)) for group, activity, words in COMPOSITES]
_MAENNER_RE = re.compile("|".join(MAENNER))
_SENTENCE = re.compile(r"[.!?;:\n]")
_GROUP_RE = _compile(TARGET_GROUPS)
_TOPIC_RE = _compile(TOPICS)
_SYNONYM_RE = [(re.compile(pattern), expansion) for pattern, expansion in SYNONYMS.items()]


@dataclass(frozen=True)
class Inferred:
    """What a text is about, as bits: ``vocabulary`` (topics and target groups, the layout of
    ``vocabulary_bit``) and ``activities`` (``ACTIVITY_BITS``)."""

    vocabulary: int = 0
    activities: int = 0

    @property
    def groups(self) -> int:
        return self.vocabulary & GROUP_MASK


@functools.lru_cache(maxsize=4096)
def _corrected(word: str) -> str:
    """``word`` or the key word it misspells (one or two letters off)."""
    if word in KEY_WORDS:
        return word
    close = difflib.get_close_matches(word, KEY_WORDS, n=1, cutoff=0.88)
    return close[0] if close else word


def normalise(text: str) -> str:
    """Lower case, umlauts and accents folded, gender markers dropped, compounds joined,
    abbreviations spelled out and typos of key words corrected."""
    text = text.casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _GENDER.sub("", text)
    text = _PAIR.sub(r"\1\2", text)
    text = _HYPHEN.sub("", text)
    text = " " + _NOISE.sub(" ", text).strip() + " "
    for pattern, expansion in _SYNONYM_RE:
        text = pattern.sub(expansion, text)
    return _WORD.sub(lambda m: _corrected(m.group(0)), text)


def _matches(table: list[tuple[str, re.Pattern[str]]], text: str) -> list[str]:
    return [slug for slug, pattern in table if pattern.search(text)]


def _activities(text: str) -> list[str]:
    """The activities ``text`` (normalised) names; only if none, those a group and a word
    stand for (``COMPOSITES``: "Kaffee für Ältere" is a Seniorentreff)."""
    found = _matches(_ACTIVITY_RE, text)
    if found:
        return found
    groups = set(_matches(_GROUP_RE, text))
    return [a for g, a, words in _COMPOSITE_RE if g in groups and words.search(text)]


def infer(title: str, description: str = "") -> Inferred:
    """Topics, target groups and activities ``title`` and ``description`` speak of.

    The activities are those of the title and the description's first sentence (what a
    text is *for*: "Offene Tür … Billard, Hausaufgabenplatz" is a youth club, not homework
    help); only when they name none, those of the whole description. Exclusive purposes,
    topics and target groups come from the whole text.
    """
    full = normalise(f"{title} . {description}")
    first = next((part for part in _SENTENCE.split(description) if part.strip()), "")
    activities = _activities(normalise(f"{title} . {first}")) or _activities(normalise(description))
    activities += _matches(_EXCLUSIVE_RE, full)
    topics = set(_matches(_TOPIC_RE, full))
    for activity in activities:
        topics.update(ACTIVITY_TOPICS.get(activity, ()))
    groups = _matches(_GROUP_RE, full)
    activity_bits = 0
    for activity in activities:
        activity_bits |= ACTIVITY_BITS[activity]
    vocabulary = vocabulary_mask([*topics, *groups])
    if _MAENNER_RE.search(full):
        vocabulary |= MAENNER_BIT
    return Inferred(vocabulary, activity_bits)


def group_neighbourhood(groups: int) -> int:
    """``groups`` (bits) with the groups that stand for them (``GROUP_NEIGHBOURS``)."""
    mask = groups
    for slug, neighbours in GROUP_NEIGHBOURS.items():
        if groups & vocabulary_mask([slug]):
            mask |= vocabulary_mask(neighbours)
    return mask


def activity_slugs(bits: int) -> list[str]:
    """The activities in ``bits``, in vocabulary order."""
    return [slug for slug, bit in ACTIVITY_BITS.items() if bits & bit]
