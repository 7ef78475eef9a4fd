"""Mail texts a city edits (admin): its own wording for a mail, per language, instead of the
built-in one. Django template syntax with a few plain variables; ``{{ details }}`` keeps the
facts the system fills in (amounts, dates, what is asked), so a city changes the tone, not the
figures."""

from __future__ import annotations

from django.db import models
from django.template import Context, Template
from django.utils.translation import gettext_lazy as _

from backend.areas.models import City
from backend.common.models import TimeStampedModel


class MailKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Eingangsbestätigung mit Statuslink")
    STATE = "state", _("Nachricht nach einem Schritt (Bewilligung, Nachforderung …)")
    REMINDER = "reminder", _("Erinnerung an eine Frist")


#: The variables each kind offers, with a sample value for the preview.
VARIABLES: dict[str, dict[str, str]] = {
    MailKind.CONFIRMATION: {
        "name": "Ayşe Demir",
        "reference": "IV-2026-0001",
        "title": "Sprachcafé für Eltern",
        "coordinator": "Koordination Bezirk IV",
        "link": "https://foerderlotse.example/ideen/status/…/",
    },
    MailKind.STATE: {
        "name": "Ayşe Demir",
        "reference": "IV-2026-0001",
        "title": "Sprachcafé für Eltern",
        "what": "Bewilligt",
        "details": "Bewilligt sind bis zu 2.700,00 € für die Zeit vom 1. März 2027 bis "
        "31. August 2027.",
    },
    MailKind.REMINDER: {
        "name": "Ayşe Demir",
        "reference": "IV-2026-0001",
        "title": "Sprachcafé für Eltern",
        "details": "Ihr Verwendungsnachweis ist bis 28. Februar 2028 fällig.",
        "link": "https://foerderlotse.example/ideen/link/",
    },
}


class MailTemplate(TimeStampedModel):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="mail_templates")
    kind = models.CharField(_("Art der E-Mail"), max_length=20, choices=MailKind.choices)
    language = models.CharField(
        _("Sprache"), max_length=2, choices=[("de", "Deutsch"), ("en", "English")]
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"), max_length=10000)

    class Meta:
        verbose_name = _("E-Mail-Vorlage")
        verbose_name_plural = _("E-Mail-Vorlagen")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "kind", "language"], name="messaging_one_template_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.get_kind_display()} ({self.language})"

    def render(self, variables: dict[str, str]) -> tuple[str, str]:
        """(subject, body) with the variables filled in (plain text, nothing escaped)."""
        context = Context(variables, autoescape=False)
        subject = Template(self.subject).render(context)
        return " ".join(subject.split()), Template(self.body).render(context).strip()


def mail_text(
    *, city_id: int, kind: str, language: str, variables: dict[str, str], default: tuple[str, str]
) -> tuple[str, str]:
    """The city's wording for this mail if it has one, else the built-in ``default``."""
    template = MailTemplate.objects.filter(city_id=city_id, kind=kind, language=language).first()
    return template.render(variables) if template is not None else default
