"""A case: one project idea of an association, from idea to report, and what is recorded
before the decision (advice, financing plan, change requests).

The state field is protected: only ``workflows.services.case_transition`` changes it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin

from backend.areas.models import Area, AreaKind, City
from backend.associations.models import Association, ContactPerson
from backend.common.fields import MONEY, choice_array
from backend.common.models import TimeStampedModel
from backend.common.vocabularies import TargetGroup, Topic, UploadCategory
from backend.offerings.models import Offering
from backend.programs.models import FundingProgram
from workflows.mixin import CaseWorkflowMixin
from workflows.states import CaseState

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class ReferralKind(models.TextChoices):
    OFFERING = "offering", _("an ein bestehendes Angebot")
    OTHER_FUNDER = "other_funder", _("an einen anderen Fördergeber")
    NOT_ELIGIBLE = "not_eligible", _("nicht förderfähig")


class Case(FSMModelMixin, CaseWorkflowMixin, TimeStampedModel):
    """A project idea in the shape of the Integrationskonferenz template (seed 002)."""

    reference = models.CharField(_("reference"), max_length=32, unique=True, editable=False)
    # The tenant key: set from the quarter when the case is created, never changed. Every
    # query of a user starts from it (backend.accounts.scope).
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="cases", editable=False, verbose_name=_("city")
    )
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
    # The status link's life (issue #17): issued with the case or by "Link erneut senden",
    # last opened by the association; it expires after a time without use and some months
    # after the case is finished (backend.cases.services.links).
    status_link_issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_link_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the case's personal data were anonymised (backend.cases.services.anonymisation).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
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
    #: Reference, title and challenge without accents, lower-cased: the list's ``q=`` finds a
    #: substring through its trigram index (``case_search_text``, migration 0012).
    search_text = models.GeneratedField(
        expression=models.Func(
            "reference",
            "title",
            "challenge",
            function="case_search_text",
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    #: The words the overlap check reads of an open idea (``backend.cases.overlap``).
    search_vector = models.GeneratedField(
        expression=models.Func(
            "title",
            "challenge",
            "intended_result",
            "first_ideas",
            function="case_search_vector",
            output_field=SearchVectorField(),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="case_state_created"),
            models.Index(fields=["-created_at", "-id"], name="case_created_id"),
            # A city's list (its central office; every list is scoped by city): the city
            # leads, so a page is a range of this index whatever the other cities hold.
            models.Index(fields=["city", "-created_at", "-id"], name="case_city_created_id"),
            GinIndex(
                fields=["search_text"], name="case_search_text_trgm", opclasses=["gin_trgm_ops"]
            ),
            GinIndex(fields=["search_vector"], name="case_search_vector"),
            # The inbox's deadlines panel: running projects by report due date.
            models.Index(
                fields=["report_due_on"], condition=Q(state="decision"), name="case_report_due"
            ),
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
