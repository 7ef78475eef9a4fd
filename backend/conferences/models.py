"""Integrationskonferenzen, network conferences, Beratungswochen and forums of a district
(seeds 000–002), the topics collected there on the workshop template, the people behind each
topic, and cooperations between associations whose ideas resemble each other.

Links to cases live here, not on the case: a topic points at the case it became, a
cooperation at the cases (or the offering) it introduces.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area, AreaKind
from backend.cases.models import NON_NEGATIVE, Case
from backend.common.fields import MONEY, choice_array
from backend.common.models import TimeStampedModel
from backend.common.vocabularies import TargetGroup, Topic
from backend.offerings.models import Offering


class ConferenceKind(models.TextChoices):
    INTEGRATION_CONFERENCE = "integrationskonferenz", _("Integrationskonferenz")
    NETWORK_CONFERENCE = "netzwerkkonferenz", _("Netzwerkkonferenz")
    ADVICE_WEEK = "beratungswoche", _("Beratungstermin (Beratungswoche)")
    FORUM = "forum", _("Forum")


class Conference(TimeStampedModel):
    """One event (Veranstaltung) of a district: a conference, a forum or one advice date."""

    district = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="conferences",
        limit_choices_to={"kind": AreaKind.DISTRICT},
        verbose_name=_("Stadtbezirk"),
    )
    kind = models.CharField(_("Art"), max_length=30, choices=ConferenceKind.choices)
    title = models.CharField(_("Titel oder Motto"), max_length=200)
    held_on = models.DateField(_("Datum"))
    time_from = models.TimeField(_("Beginn (Uhrzeit)"), null=True, blank=True)
    time_to = models.TimeField(_("Ende (Uhrzeit)"), null=True, blank=True)
    place = models.CharField(_("Ort"), max_length=300)
    organisers = models.TextField(_("Veranstaltende"), max_length=2000, blank=True)
    description = models.TextField(_("Beschreibung"), max_length=4000, blank=True)
    public = models.BooleanField(
        _("öffentlich zeigen"),
        default=True,
        help_text=_("Auf der öffentlichen Terminseite des Stadtbezirks zeigen."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["held_on", "time_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_to__isnull=True)
                | Q(time_from__isnull=True)
                | Q(time_to__gt=models.F("time_from")),
                name="conference_time_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"


class ConferenceTopic(TimeStampedModel):
    """A topic of the Themensammlung, worked on the workshop template: the fields of an idea
    (``backend.cases.forms.IDEA_FIELDS``), all but the title optional (a wall is rarely full)."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="topics")
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Thema"), max_length=200)
    challenge = models.TextField(_("Herausforderung"), max_length=4000, blank=True)
    affected = models.TextField(_("Wer ist betroffen"), max_length=2000, blank=True)
    intended_result = models.TextField(_("Angestrebtes Ergebnis"), max_length=2000, blank=True)
    first_ideas = models.TextField(_("Erste Lösungsideen"), max_length=4000, blank=True)
    next_steps = models.TextField(_("Nächste Schritte"), max_length=2000, blank=True)
    responsible = models.CharField(_("Wer hat den Hut auf"), max_length=300, blank=True)
    participants = models.TextField(_("Teilnehmende"), max_length=2000, blank=True)
    quarter = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": AreaKind.QUARTER},
        verbose_name=_("Stadtteil"),
    )
    target_groups = choice_array(TargetGroup, blank=True, verbose_name=_("Zielgruppen"))
    topics = choice_array(Topic, blank=True, verbose_name=_("Themenfelder"))
    estimated_cost = models.DecimalField(
        _("Kostenschätzung"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    #: The idea this topic became (one action in the workspace or the API).
    case = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_topic",
        editable=False,
    )
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["conference", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="conference_topic_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PersonRole(models.TextChoices):
    INITIATOR = "initiator", _("Initiator*in")
    INTERESTED = "interested", _("Interessent*in")


class ConsentChannel(models.TextChoices):
    RECORDED = "recorded", _("von der Koordination erfasst")
    DOUBLE_OPT_IN = "double_opt_in", _("selbst angemeldet und per E-Mail bestätigt")


class TopicPerson(TimeStampedModel):
    """An initiator or an interested person of a topic. Contact details only with consent:
    its date and its wording are stored with them."""

    topic = models.ForeignKey(ConferenceTopic, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("Rolle"), max_length=12, choices=PersonRole.choices)
    name = models.CharField(_("Name"), max_length=150)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("Sprache"), max_length=10, choices=[("de", "Deutsch"), ("en", "English")], default="de"
    )
    consent_on = models.DateField(_("Einwilligung erteilt am"), null=True, blank=True)
    consent_text = models.TextField(_("Wortlaut der Einwilligung"), blank=True)
    consent_channel = models.CharField(
        _("Weg der Einwilligung"), max_length=15, choices=ConsentChannel.choices, blank=True
    )
    confirmed_at = models.DateTimeField(_("per E-Mail bestätigt am"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Person eines Themas")
        verbose_name_plural = _("Personen eines Themas")
        ordering = ["topic", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email="", phone="") | Q(consent_on__isnull=False, consent_text__gt=""),
                name="topic_person_contact_needs_consent",
            ),
            models.UniqueConstraint(
                fields=["topic", "email"],
                condition=~Q(email=""),
                name="topic_person_unique_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def has_consent(self) -> bool:
        return self.consent_on is not None and bool(self.consent_text)


class CooperationState(models.TextChoices):
    PROPOSED = "proposed", _("angefragt")
    AGREED = "agreed", _("beide einverstanden")
    DECLINED = "declined", _("abgelehnt")
    MERGED = "merged", _("gemeinsames Projekt")


class Cooperation(TimeStampedModel):
    """An association asks to be introduced to the one behind a similar open idea or an
    offering the overlap check found. Contacts are shared only once both agreed."""

    requester = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="cooperations_asked")
    partner_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="cooperations_offered"
    )
    partner_offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, null=True, blank=True, related_name="cooperations"
    )
    state = models.CharField(
        _("Stand"),
        max_length=10,
        choices=CooperationState.choices,
        default=CooperationState.PROPOSED,
    )
    requester_consent_text = models.TextField(_("Einwilligung der Anfragenden"))
    partner_consent_text = models.TextField(_("Einwilligung der Angefragten"), blank=True)
    #: The partner answers through a private link (only its hash is stored).
    answer_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    merged_at = models.DateTimeField(_("zusammengeführt am"), null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Kooperation")
        verbose_name_plural = _("Kooperationen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_case__isnull=False, partner_offering__isnull=True)
                | Q(partner_case__isnull=True, partner_offering__isnull=False),
                name="cooperation_one_partner",
            ),
            models.CheckConstraint(
                condition=~Q(partner_case=models.F("requester")),
                name="cooperation_not_with_itself",
            ),
            models.UniqueConstraint(
                fields=["requester", "partner_case"],
                condition=Q(partner_case__isnull=False),
                name="cooperation_unique_case_pair",
            ),
            models.UniqueConstraint(
                fields=["requester", "partner_offering"],
                condition=Q(partner_offering__isnull=False),
                name="cooperation_unique_offering_pair",
            ),
        ]

    def __str__(self) -> str:
        partner = self.partner_case_id or f"o{self.partner_offering_id}"
        return f"{self.requester_id} → {partner} ({self.state})"
