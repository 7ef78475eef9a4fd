"""Existing offerings (Angebote) of a city: the landscape every new idea is held against."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area, AreaKind, City
from backend.common.fields import choice_array
from backend.common.models import TimeStampedModel
from backend.common.vocabularies import TargetGroup, Topic

#: German stemming with accents folded (Café = Cafe); created in migration 0002.
SEARCH_CONFIG = "german_unaccent"


class Offering(TimeStampedModel):
    """One existing offering, e.g. a Sprachcafé in Borbeck-Mitte, or a city-wide hotline."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="offerings")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    quarter = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offerings",
        limit_choices_to={"kind": AreaKind.QUARTER},
        verbose_name=_("quarter"),
    )
    citywide = models.BooleanField(_("city-wide"), default=False)
    target_groups = choice_array(TargetGroup, blank=True, verbose_name=_("target groups"))
    topics = choice_array(Topic, blank=True, verbose_name=_("topics"))
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    source = models.CharField(
        _("source"), max_length=50, default="manual", help_text=_("Where the record came from.")
    )
    external_id = models.CharField(_("external id"), max_length=100)
    # Kept by PostgreSQL itself (a stored generated column), so every writer - import, admin,
    # raw SQL - leaves it consistent. Title weighs most, then description, then provider.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("provider", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The title's trigrams as pg_trgm makes them, one integer each (SQL function
    # ``trigram_codes``, migration 0004), so the overlap check computes ``similarity`` exactly
    # from stored codes instead of re-splitting both titles for every row (~1 µs vs ~9 µs).
    title_trigrams = models.GeneratedField(
        expression=Func(
            "title", function="trigram_codes", output_field=ArrayField(models.IntegerField())
        ),
        output_field=ArrayField(models.IntegerField()),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="offering_search_vector"),
            # Lets the overlap check pick a quarter's current offerings that share topics and
            # target groups, and bound their score, from the index alone (index-only scan,
            # hence the id and citywide), before it reads any row.
            models.Index(
                fields=["quarter"],
                include=[
                    "id",
                    "citywide",
                    "topics",
                    "target_groups",
                    "valid_from",
                    "valid_to",
                    "city",
                ],
                condition=Q(active=True),
                name="offering_local_vocabulary",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="offering_unique_external_id"
            ),
            models.CheckConstraint(
                condition=Q(citywide=True, quarter__isnull=True)
                | Q(citywide=False, quarter__isnull=False),
                name="offering_quarter_or_citywide",
                violation_error_message=_(
                    "Ein Angebot ist entweder stadtweit oder liegt in einem Stadtteil."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="offering_valid_range",
                violation_error_message=_("„Gültig bis“ liegt vor „gültig ab“."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
