"""A case: one project idea of an association, from idea to report, and its records.

The state field is protected: only ``workflows.services.case_transition`` changes it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin

from backend.areas.models import Area, AreaKind
from backend.associations.models import Association, ContactPerson
from backend.common.fields import MONEY, choice_array
from backend.common.models import TimeStampedModel
from backend.common.vocabularies import TargetGroup, Topic, UploadCategory
from backend.offerings.models import Offering
from backend.programs.models import FundingProgram
from workflows.mixin import CaseWorkflowMixin
from workflows.states import ActorKind, CaseState, EventKind

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class ReferralKind(models.TextChoices):
    OFFERING = "offering", _("an ein bestehendes Angebot")
    OTHER_FUNDER = "other_funder", _("an einen anderen Fördergeber")
    NOT_ELIGIBLE = "not_eligible", _("nicht förderfähig")


class Case(FSMModelMixin, CaseWorkflowMixin, TimeStampedModel):
    """A project idea in the shape of the Integrationskonferenz template (seed 002)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    state = FSMField(_("state"), default=CaseState.IDEA, choices=CaseState.choices, protected=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text="Optimistic locking; +1 per change."
    )
    # The idea (template of the Integrationskonferenz).
    title = models.CharField(_("title"), max_length=200)
    challenge = models.TextField(_("challenge"), max_length=4000)
    affected = models.TextField(_("who is affected"), max_length=2000)
    intended_result = models.TextField(_("intended result"), max_length=2000)
    first_ideas = models.TextField(_("first solution ideas"), max_length=4000, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=2000, blank=True)
    responsible = models.CharField(_("who takes responsibility"), max_length=300, blank=True)
    participants = models.TextField(_("participants"), max_length=2000, blank=True)
    quarter = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"kind": AreaKind.QUARTER},
        verbose_name=_("quarter"),
    )
    target_groups = choice_array(TargetGroup, verbose_name=_("target groups"))
    topics = choice_array(Topic, verbose_name=_("topics"))
    estimated_cost = models.DecimalField(
        _("estimated cost"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    # Who.
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="cases")
    contact = models.ForeignKey(ContactPerson, on_delete=models.PROTECT, related_name="cases")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("assigned coordinator"),
    )
    tracking_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The applicant's answer to the overlap check (stored with the submission).
    overlap_statement = models.TextField(_("statement on similar offerings"), blank=True)
    overlap_snapshot = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the overlap engine found at submission (offerings and open ideas).",
    )
    # Outcome fields filled by transitions.
    program = models.ForeignKey(
        FundingProgram, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    referral_kind = models.CharField(max_length=20, choices=ReferralKind.choices, blank=True)
    referral_reason = models.TextField(blank=True)
    referred_offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, null=True, blank=True, related_name="referred_cases"
    )
    withdrawal_reason = models.TextField(blank=True)
    deadline_exception = models.TextField(
        _("deadline exception"), blank=True, help_text="Reason recorded by the coordinator."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="case_state_created"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def district(self) -> Area:
        return self.quarter.district


class AdviceSession(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="advice_sessions")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    notes = models.TextField(_("notes"), max_length=8000)
    next_steps = models.TextField(_("next steps"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("advice session")
        verbose_name_plural = _("advice sessions")


class FinancingType(models.TextChoices):
    """Finanzierungsart of the plan."""

    ANTEIL = "anteil", _("Anteilfinanzierung")
    FEHLBEDARF = "fehlbedarf", _("Fehlbedarfsfinanzierung")
    FESTBETRAG = "festbetrag", _("Festbetragsfinanzierung")
    VOLL = "voll", _("Vollfinanzierung")


class FinancingPlan(TimeStampedModel):
    """The financing plan of the application: cost lines against own share, third-party money
    and the requested amount. Editable (as a draft) until the application is submitted."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="financing_plan")
    program = models.ForeignKey(
        FundingProgram, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    financing_type = models.CharField(
        _("financing type"),
        max_length=12,
        choices=FinancingType.choices,
        default=FinancingType.FEHLBEDARF,
    )
    own_share = models.DecimalField(
        _("own share"), default=Decimal("0"), validators=NON_NEGATIVE, **MONEY
    )
    third_party = models.DecimalField(
        _("third-party money"), default=Decimal("0"), validators=NON_NEGATIVE, **MONEY
    )
    requested_amount = models.DecimalField(
        _("requested amount"), default=Decimal("0"), validators=NON_NEGATIVE, **MONEY
    )
    funding_start = models.DateField(_("planned start"), null=True, blank=True)
    funding_end = models.DateField(_("planned end"), null=True, blank=True)

    class Meta:
        verbose_name = _("financing plan")
        verbose_name_plural = _("financing plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(funding_end__isnull=True)
                | Q(funding_start__isnull=True)
                | Q(funding_end__gte=models.F("funding_start")),
                name="plan_period_ordered",
            ),
        ]

    @property
    def total_cost(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0"))


class FinancingPlanLine(TimeStampedModel):
    plan = models.ForeignKey(FinancingPlan, on_delete=models.CASCADE, related_name="lines")
    label = models.CharField(_("cost item"), max_length=200)
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")


class ChangeRequest(TimeStampedModel):
    """Nachforderung: the coordinator asks for changes or documents, with a due date."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="change_requests")
    message = models.TextField(_("message"), max_length=4000)
    due_on = models.DateField(_("due on"))
    response = models.TextField(_("response"), max_length=8000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    for_report = models.BooleanField(default=False, help_text="Concerns the report.")
    documents_needed = choice_array(UploadCategory, blank=True, verbose_name=_("documents needed"))

    @property
    def documents_needed_labels(self) -> list[str]:
        labels = dict(UploadCategory.choices)
        return [str(labels.get(slug, slug)) for slug in self.documents_needed]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")


class Decision(TimeStampedModel):
    """Bewilligungsbescheid or Ablehnung."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    amount = models.DecimalField(
        _("approved amount"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    budget_year = models.PositiveSmallIntegerField(null=True, blank=True)
    funding_start = models.DateField(null=True, blank=True)
    funding_end = models.DateField(null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    deciding_body = models.CharField(_("deciding body"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    repayment_amount = models.DecimalField(
        _("repayment"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="rejected") | Q(amount__gt=0, funding_start__isnull=False),
                name="decision_approval_has_amount_and_period",
            ),
        ]


class Report(TimeStampedModel):
    """Verwendungsnachweis: narrative report and spent amounts by plan line."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="report")
    narrative = models.TextField(_("narrative report"), max_length=20000)
    spent_by_line = models.JSONField(default=dict, help_text="{plan line id: amount as string}")
    spent_total = models.DecimalField(_("spent in total"), validators=NON_NEGATIVE, **MONEY)
    submitted_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")


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
    #: Set by the database on insert (migration 0009): never chosen by the writer.
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
