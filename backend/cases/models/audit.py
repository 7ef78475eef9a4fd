"""The audit trail of a case, the coordinators' overlap assessments, reference numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area
from backend.cases.models.case import Case
from backend.common.models import TimeStampedModel
from backend.offerings.models import Offering
from workflows.states import ActorKind, EventKind


class DatabaseSetField(models.CharField):  # type: ignore[type-arg]
    """A text column the database fills in on insert (a trigger); read back with RETURNING."""

    db_returning = True


class CaseEvent(models.Model):
    """Audit trail. Append-only: database triggers reject UPDATE, DELETE and TRUNCATE, and
    chain every event to the case's previous one by a hash (``manage.py verify_audit``)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    transition = models.CharField(max_length=40, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    #: Set by the database on insert (migration 0010): never chosen by the writer.
    prev_hash = DatabaseSetField(
        _("previous hash"), max_length=64, default="", blank=True, editable=False
    )
    hash = DatabaseSetField(_("hash"), max_length=64, default="", blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.transition} {self.created_at:%Y-%m-%d %H:%M}"


class AssessmentVerdict(models.TextChoices):
    DUPLICATE = "duplicate", _("Doppelung")
    OVERLAPPING = "overlapping", _("teilweise Überschneidung")
    COMPLEMENTARY = "complementary", _("ergänzt das Bestehende")
    UNRELATED = "unrelated", _("kein Zusammenhang")


class OverlapAssessment(TimeStampedModel):
    """The coordinator's judgement of one match: an existing offering or another open idea."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    other_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="assessed_as_match"
    )
    verdict = models.CharField(_("assessment"), max_length=15, choices=AssessmentVerdict.choices)
    note = models.TextField(_("note"), max_length=4000, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("overlap assessment")
        verbose_name_plural = _("overlap assessments")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offering__isnull=False, other_case__isnull=True)
                | Q(offering__isnull=True, other_case__isnull=False),
                name="assessment_one_target",
            ),
            models.UniqueConstraint(
                fields=["case", "offering"],
                condition=Q(offering__isnull=False),
                name="assessment_unique_offering",
            ),
            models.UniqueConstraint(
                fields=["case", "other_case"],
                condition=Q(other_case__isnull=False),
                name="assessment_unique_other_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_verdict_display()}"


class ReferenceCounter(models.Model):
    """Per district and year, the last number handed out in a case reference (IV-2026-0042)."""

    district = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="refcounter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.year}: {self.last}"
