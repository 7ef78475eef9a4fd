"""Fixed vocabularies shared by cases and offerings. Slugs are API values; labels German."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    KINDER = "kinder", _("Kinder")
    JUGENDLICHE = "jugendliche", _("Jugendliche")
    FAMILIEN = "familien", _("Familien")
    FRAUEN = "frauen", _("Frauen")
    SENIOREN = "senioren", _("Senior*innen")
    GEFLUECHTETE = "gefluechtete", _("Geflüchtete")
    NEUZUGEWANDERTE = "neuzugewanderte", _("Neuzugewanderte")
    MENSCHEN_MIT_BEHINDERUNG = "menschen-mit-behinderung", _("Menschen mit Behinderung")
    ALLE = "alle", _("Alle")


class Topic(models.TextChoices):
    SPRACHE = "sprache", _("Sprache")
    BILDUNG = "bildung", _("Bildung")
    BEGEGNUNG = "begegnung", _("Begegnung")
    SPORT = "sport", _("Sport")
    KULTUR = "kultur", _("Kultur")
    BERATUNG = "beratung", _("Beratung")
    ARBEIT = "arbeit", _("Arbeit")
    GESUNDHEIT = "gesundheit", _("Gesundheit")
    WOHNEN = "wohnen", _("Wohnen")
    EHRENAMT = "ehrenamt", _("Ehrenamt")
    NACHBARSCHAFT = "nachbarschaft", _("Nachbarschaft")
    FREIZEIT = "freizeit", _("Freizeit")


class Language(models.TextChoices):
    """Languages an offering is held in (ISO 639 codes; sign language as ``gsg``)."""

    DE = "de", _("Deutsch")
    EN = "en", _("Englisch")
    AR = "ar", _("Arabisch")
    TR = "tr", _("Türkisch")
    UK = "uk", _("Ukrainisch")
    RU = "ru", _("Russisch")
    PL = "pl", _("Polnisch")
    RO = "ro", _("Rumänisch")
    BG = "bg", _("Bulgarisch")
    FA = "fa", _("Persisch")
    KU = "ku", _("Kurdisch")
    TI = "ti", _("Tigrinya")
    FR = "fr", _("Französisch")
    ES = "es", _("Spanisch")
    IT = "it", _("Italienisch")
    EL = "el", _("Griechisch")
    SQ = "sq", _("Albanisch")
    GSG = "gsg", _("Deutsche Gebärdensprache")


#: Where the target groups start in ``vocabulary_bit``'s integer; topics start at bit 0.
TARGET_GROUP_BITS_FROM = 16
_BITS = {
    **{slug: 1 << index for index, slug in enumerate(Topic.values)},
    **{
        slug: 1 << (TARGET_GROUP_BITS_FROM + index) for index, slug in enumerate(TargetGroup.values)
    },
}


class DocumentCategory(models.TextChoices):
    """What a document of a case is (``backend.documents``); a Bescheid is issued, not uploaded."""

    SATZUNG = "satzung", _("Satzung")
    FREISTELLUNGSBESCHEID = "freistellungsbescheid", _("Freistellungsbescheid")
    KOSTENVORANSCHLAG = "kostenvoranschlag", _("Kostenvoranschlag")
    BELEG = "beleg", _("Beleg")
    SACHBERICHT_ANLAGE = "sachbericht_anlage", _("Sachbericht-Anlage")
    SONSTIGES = "sonstiges", _("Sonstiges")
    BESCHEID = "bescheid", _("Bescheid")


#: The categories people upload: all but the Bescheid, which the office issues.
UploadCategory = models.TextChoices(  # type: ignore[misc, call-overload]
    "UploadCategory",
    [
        (category.name, (category.value, category.label))
        for category in DocumentCategory
        if category != DocumentCategory.BESCHEID
    ],
)


def vocabulary_bit(slug: str) -> int:
    """A topic's or target group's bit in one integer of both (offerings store theirs as
    ``Offering.vocabulary_bits``): topics from bit 0, target groups from bit 16, each in the
    order of its vocabulary. ``KeyError`` for an unknown slug."""
    return _BITS[slug]


def vocabulary_mask(slugs: Iterable[str]) -> int:
    """The ``vocabulary_bit``s of ``slugs`` in one integer (0 for none)."""
    mask = 0
    for slug in slugs:
        mask |= _BITS[slug]
    return mask


def bit_slugs(bits: int, vocabulary: type[models.TextChoices]) -> list[str]:
    """The slugs of ``vocabulary`` (``Topic`` or ``TargetGroup``) whose bit is in ``bits``."""
    return [slug for slug in vocabulary.values if bits & _BITS[slug]]
