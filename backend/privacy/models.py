"""The legal pages' texts, written by each city in the admin (issue #17): privacy notice,
accessibility statement (BITV 2.0, with a feedback contact) and imprint."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.areas.models import City
from backend.common.models import TimeStampedModel


class LegalPageKind(models.TextChoices):
    PRIVACY = "datenschutz", _("Datenschutzerklärung")
    ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
    IMPRINT = "impressum", _("Impressum")


class LegalText(TimeStampedModel):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="legal_texts")
    kind = models.CharField(_("Seite"), max_length=20, choices=LegalPageKind.choices)
    body = models.TextField(
        _("Text"),
        max_length=30000,
        help_text=_("Absätze durch eine Leerzeile trennen."),
    )
    feedback_email = models.EmailField(
        _("Feedback-Kontakt: E-Mail"),
        blank=True,
        help_text=_("Für die Erklärung zur Barrierefreiheit: wohin Barrieren gemeldet werden."),
    )
    feedback_phone = models.CharField(_("Feedback-Kontakt: Telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Rechtstext")
        verbose_name_plural = _("Rechtstexte")
        ordering = ["city__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["city", "kind"], name="legaltext_one_per_city_kind")
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_kind_display()}"
