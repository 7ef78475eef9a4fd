"""What a city's letters say about the city: office, signature, legal texts (admin-edited)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.areas.models import City
from backend.common.models import TimeStampedModel

DEFAULT_LEGAL_REMEDY = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim "
    "Verwaltungsgericht erhoben werden. Die Klage ist schriftlich oder zur Niederschrift "
    "der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle des Gerichts zu erheben. "
    "Sie kann auch als elektronisches Dokument nach Maßgabe des § 55a der "
    "Verwaltungsgerichtsordnung (VwGO) eingereicht werden."
)
DEFAULT_ANBEST = (
    "Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P, "
    "Anlage 2 zu Nr. 5.1 VV zu § 44 LHO NRW) sind Bestandteil dieses Bescheides."
)
DEFAULT_REPAYMENT_RULES = (
    "Der Bescheid kann nach §§ 48, 49 Verwaltungsverfahrensgesetz NRW ganz oder teilweise "
    "zurückgenommen oder widerrufen werden, insbesondere wenn die Zuwendung nicht oder nicht "
    "mehr für den bewilligten Zweck verwendet wird oder Auflagen nicht erfüllt werden. Eine "
    "zu erstattende Leistung ist nach § 49a VwVfG NRW zu verzinsen."
)


class LetterSettings(TimeStampedModel):
    """One per city: the letterhead, the signature block and the legal texts of its letters."""

    city = models.OneToOneField(City, on_delete=models.PROTECT, related_name="letter_settings")
    authority = models.CharField(
        _("Behörde"), max_length=200, help_text=_("z. B. Stadt Essen – Der Oberbürgermeister")
    )
    office = models.CharField(
        _("Dienststelle"), max_length=200, help_text=_("z. B. Kommunales Integrationszentrum")
    )
    address = models.TextField(_("Anschrift der Dienststelle"), max_length=500)
    contact = models.CharField(_("Kontakt (Telefon, E-Mail)"), max_length=300, blank=True)
    place = models.CharField(_("Ort für das Datum"), max_length=100)
    signature = models.TextField(
        _("Unterschriftenblock"), max_length=500, default="Im Auftrag\n\nIntegrationskoordination"
    )
    legal_remedy = models.TextField(_("Rechtsbehelfsbelehrung"), default=DEFAULT_LEGAL_REMEDY)
    anbest_reference = models.TextField(_("Hinweis auf die ANBest-P"), default=DEFAULT_ANBEST)
    repayment_rules = models.TextField(
        _("Hinweise zu Widerruf und Erstattung"), default=DEFAULT_REPAYMENT_RULES
    )
    payment_details = models.TextField(
        _("Zahlungsangaben für Rückzahlungen"),
        blank=True,
        help_text=_("Empfänger, IBAN, BIC; das Aktenzeichen wird als Verwendungszweck ergänzt."),
    )

    class Meta:
        verbose_name = _("Angaben für Bescheide")
        verbose_name_plural = _("Angaben für Bescheide")

    def __str__(self) -> str:
        return f"{self.city}: {self.office}"

    @classmethod
    def for_city(cls, city: City) -> LetterSettings:
        """The city's settings; a first letter creates them with neutral defaults to edit."""
        settings, _created = cls.objects.get_or_create(
            city=city,
            defaults={
                "authority": f"Stadt {city.name}",
                "office": "Integrationskoordination",
                "address": f"{city.name}",
                "place": city.name,
            },
        )
        return settings
