"""Associations (Vereine, Migrantenorganisationen, initiatives) and their contact people."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.common.models import TimeStampedModel


class LegalForm(models.TextChoices):
    EV = "ev", _("eingetragener Verein (e. V.)")
    GGMBH = "ggmbh", _("gemeinnützige GmbH")
    STIFTUNG = "stiftung", _("Stiftung")
    GBR = "gbr", _("Gesellschaft bürgerlichen Rechts")
    INITIATIVE = "initiative", _("nicht eingetragene Initiative")
    KIRCHE = "kirche", _("Kirchengemeinde / Religionsgemeinschaft")
    OTHER = "other", _("andere Rechtsform")


class Association(TimeStampedModel):
    """An applicant organisation. Obvious repeats (same name and postcode) are merged."""

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(
        max_length=200, editable=False, help_text="Normalised name for de-duplication."
    )
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    register_number = models.CharField(_("register number"), max_length=50, blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5)
    town = models.CharField(_("town"), max_length=100, default="Essen")
    languages = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, verbose_name=_("languages")
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "postal_code"], name="association_unique_name_postcode"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(TimeStampedModel):
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=[("de", "Deutsch"), ("en", "English")],
        default="de",
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "email"], name="contact_unique_email_per_association"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
