"""Existing offerings (Angebote) of a city: the landscape every new idea is held against."""

from __future__ import annotations

import functools
import operator
from typing import Any, cast

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, Func, Q, Value, When
from django.db.models.expressions import CombinedExpression
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area, AreaKind, City
from backend.common.fields import choice_array
from backend.common.models import TimeStampedModel
from backend.common.vocabularies import Language, TargetGroup, Topic, vocabulary_bit
from backend.offerings.inference import infer

#: German stemming with accents folded (Café = Cafe); created in migration 0002.
SEARCH_CONFIG = "german_unaccent"


def _weighted_vector() -> CombinedExpression:
    """Title weighs most, then description, then provider (``search_vector``'s expression)."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("provider", weight="C", config=SEARCH_CONFIG)
    )


def _vocabulary_bits() -> CombinedExpression:
    """``topics`` and ``target_groups`` as one integer of ``vocabulary_bit``s: the overlap
    check counts shared slugs with integer operations instead of array comparisons. A new
    slug changes this expression; Django cannot alter a generated column, so the migration
    must remove and re-add ``vocabulary_bits`` and its index (docs/overlap.md)."""
    terms = [
        Case(
            When(Q(**{f"{field}__contains": [slug]}), then=Value(vocabulary_bit(slug))),
            default=Value(0),
        )
        for field, vocabulary in (("topics", Topic), ("target_groups", TargetGroup))
        for slug in vocabulary.values
    ]
    return cast(CombinedExpression, functools.reduce(operator.add, terms))


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
    languages = choice_array(Language, blank=True, verbose_name=_("languages"))
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
        expression=_weighted_vector(), output_field=SearchVectorField(), db_persist=True
    )
    # What the overlap check scores, as one sorted integer array (SQL function
    # ``overlap_codes``, migration 0006): the title's trigrams as pg_trgm makes them (for an
    # exact ``similarity``) and the vector's words weighted by where they stand (for the word
    # rank). One intarray intersection with the idea's codes gives both, from the covering
    # index below or the row the full-text lookup reads: no ``ts_rank``, no second read. A
    # generated column cannot refer to another one, so the vector's expression is repeated.
    overlap_codes = models.GeneratedField(
        expression=Func(
            "title",
            _weighted_vector(),
            function="overlap_codes",
            output_field=ArrayField(models.IntegerField()),
        ),
        output_field=ArrayField(models.IntegerField()),
        db_persist=True,
    )

    # Topics and target groups as bits (``vocabulary_bit``), for the overlap check.
    vocabulary_bits = models.GeneratedField(
        expression=_vocabulary_bits(), output_field=models.IntegerField(), db_persist=True
    )
    # What the text speaks of (``backend.offerings.inference``): topics and target groups in
    # ``vocabulary_bit``'s layout, and activities (``ACTIVITY_BITS``). Set by ``save()``
    # from title and description (Python, not a generated column: the vocabulary is
    # Python); ``manage.py infer_offerings`` recomputes them after the vocabulary changes.
    inferred_bits = models.IntegerField(default=0, editable=False)
    activity_bits = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="offering_search_vector"),
            # The API list's order: a page after a cursor is a range scan (docs/performance.md).
            models.Index(fields=["title", "id"], name="offering_title_id"),
            # Lets the overlap check pick a quarter's current offerings that share topics and
            # target groups, and score them, from the index alone (index-only scan, hence the
            # id, citywide and the codes): it never reads these rows from the table.
            models.Index(
                fields=["quarter"],
                include=[
                    "id",
                    "citywide",
                    "vocabulary_bits",
                    "valid_from",
                    "valid_to",
                    "city",
                    "overlap_codes",
                    "inferred_bits",
                    "activity_bits",
                ],
                condition=Q(active=True),
                name="offering_local_vocabulary",
            ),
            # City-wide offerings by activity (the overlap check's city-wide branch picks
            # their ids here, index-only, then reads those rows): narrow on purpose, a scan
            # over thousands of entries with their codes would cost more than the rows.
            models.Index(
                fields=["city"],
                include=["id", "activity_bits", "valid_from", "valid_to"],
                condition=Q(active=True, citywide=True),
                name="offering_citywide_activity",
            ),
            # The same per quarter (the district branch): the covering index above holds the
            # codes, ~1.5 kB an entry, too wide to scan a whole district of them.
            models.Index(
                fields=["quarter"],
                include=["id", "activity_bits", "valid_from", "valid_to", "city"],
                condition=Q(active=True),
                name="offering_quarter_activity",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="offering_unique_external_id"
            ),
            # A city-wide offering may have a location (the Migrationsberatung at its
            # address); it still counts for every district. A local one needs its quarter.
            models.CheckConstraint(
                condition=Q(citywide=True) | Q(quarter__isnull=False),
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        inferred = infer(self.title, self.description)
        self.inferred_bits, self.activity_bits = inferred.vocabulary, inferred.activities
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "inferred_bits", "activity_bits"}
        super().save(*args, **kwargs)


class OfferingChannel(models.TextChoices):
    API = "api", _("Schnittstelle")
    COMMAND = "command", _("Kommando")
    ADMIN = "admin", _("Verwaltung")


class OfferingEvent(models.Model):
    """Who created or changed an offering, when, through which channel, and what changed (old
    and new values). Append-only: a database trigger refuses UPDATE and DELETE."""

    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10)  # "created" or "updated"
    channel = models.CharField(max_length=10, choices=OfferingChannel.choices)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("offering change")
        verbose_name_plural = _("offering changes")

    def __str__(self) -> str:
        return f"{self.offering_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class CatalogueConsent(TimeStampedModel):
    """The association agreed that its funded project appears in the public catalogue
    (``/angebote/``) as an offering; withdrawing the consent takes the offering down.

    The offering is made from the case and the texts the association chose to publish
    (``backend.cases.services.catalogue``); it is an offering like any other (search, gap
    view, open data, the overlap check), with source ``foerderlotse``."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="catalogue_consent"
    )
    offering = models.OneToOneField(
        Offering, on_delete=models.PROTECT, related_name="catalogue_consent"
    )
    given_at = models.DateTimeField(_("consent given at"))
    given_by = models.CharField(_("consent given by"), max_length=200)
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue consent")
        verbose_name_plural = _("catalogue consents")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.offering_id}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class OverlapCalibration(TimeStampedModel):
    """A city's overlap weights and flag threshold, fitted on its coordinators' assessments
    (``manage.py overlap_learn``; docs/overlap.md). Without one, the check uses
    ``DEFAULT_WEIGHTS``. ``report`` keeps the fit's labels and before/after figures."""

    city = models.OneToOneField(City, on_delete=models.CASCADE, related_name="+")
    text = models.FloatField()
    topics = models.FloatField()
    groups = models.FloatField()
    activity = models.FloatField()
    threshold = models.FloatField()
    labels = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("overlap calibration")
        verbose_name_plural = _("overlap calibrations")

    def __str__(self) -> str:
        return f"{self.city_id}: {self.threshold:.2f}"
