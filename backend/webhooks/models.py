"""Subscriptions of other systems to a city's case events, and the log of each delivery."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.areas.models import City
from backend.cases.models import CaseEvent
from backend.common.models import TimeStampedModel
from backend.webhooks.validators import webhook_url_validate


class WebhookEventType(models.TextChoices):
    """The stable vocabulary of webhook types; each audit event has at most one
    (``backend.webhooks.services.event_type_of``). Other audit events are not sent."""

    CASE_CREATED = "case.created", _("Idee eingereicht")
    CASE_TRANSITIONED = "case.transitioned", _("Statuswechsel (außer Entscheidungen)")
    CASE_DECIDED = "case.decided", _("Entscheidung (Bewilligung oder Ablehnung)")
    CASE_RECORD = "case.record", _("Eintrag zum Fall")
    DOCUMENT_ADDED = "document.added", _("Dokument hinzugefügt")
    DOCUMENT_DELETED = "document.deleted", _("Dokument gelöscht")


class WebhookSubscription(TimeStampedModel):
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
        verbose_name=_("Stadt"),
    )
    url = models.URLField(_("Ziel-URL"), max_length=500, validators=[webhook_url_validate])
    description = models.CharField(_("Beschreibung"), max_length=200, blank=True)
    event_types = ArrayField(
        models.CharField(max_length=30, choices=WebhookEventType.choices),
        verbose_name=_("Ereignistypen"),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    #: ``whsec_`` + base64 of 32 random bytes; shown once (creation, rotation), never listed.
    secret = models.CharField(max_length=100, editable=False)
    consecutive_failures = models.PositiveIntegerField(
        _("Fehlversuche in Folge"), default=0, editable=False
    )
    failing_since = models.DateTimeField(_("fehlerhaft seit"), null=True, editable=False)
    disabled_at = models.DateTimeField(_("automatisch deaktiviert am"), null=True, editable=False)
    disabled_reason = models.CharField(
        _("Grund der Deaktivierung"), max_length=300, blank=True, editable=False
    )

    class Meta:
        ordering = ["city__name", "pk"]
        verbose_name = _("Webhook-Abo")
        verbose_name_plural = _("Webhook-Abos")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(event_types=[]), name="webhooks_subscription_has_types"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.description or self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("ausstehend")
    SUCCEEDED = "succeeded", _("zugestellt")
    FAILED = "failed", _("gescheitert")


class WebhookDelivery(models.Model):
    """One audit event for one subscription: what the worker sent, how often, how it went.
    ``attempts`` counts the attempts since the delivery was (re)queued."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="+")
    event_type = models.CharField(_("Ereignistyp"), max_length=30, choices=WebhookEventType.choices)
    status = models.CharField(
        _("Status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("letzter HTTP-Status"), null=True)
    last_error = models.CharField(_("letzter Fehler"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("letzter Versuch"), null=True)
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Zustellungen")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhooks_delivery_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"msg_{self.pk} {self.event_type} → {self.subscription_id} ({self.status})"

    @property
    def message_id(self) -> str:
        """The ``webhook-id``: the same on every attempt, so receivers can drop repeats."""
        return f"msg_{self.pk}"
