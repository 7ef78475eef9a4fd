"""Fixed vocabularies shared by cases and offerings. Slugs are API values; labels German."""

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
