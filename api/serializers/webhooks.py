"""Webhook subscriptions and their deliveries (central office)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.serializers.fields import SlugReferenceField, StrictBooleanField, StrictCharField
from backend.accounts.scope import visible_cities
from backend.areas.models import City
from backend.webhooks.models import WebhookDelivery, WebhookEventType, WebhookSubscription


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    """A subscription; the secret is never part of it (only of the answers that create or
    rotate one)."""

    city = SlugReferenceField(slug_field="slug", queryset=City.objects.all())
    url = StrictCharField(max_length=500, help_text="https:// URL that receives the POSTs.")
    description = StrictCharField(max_length=200, required=False, allow_blank=True)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEventType.choices),
        allow_empty=False,
        max_length=len(WebhookEventType.choices),
        help_text="Which events to send (docs/api.md, Webhooks).",
    )
    active = StrictBooleanField(
        required=False,
        help_text="Switching an automatically disabled subscription on again starts afresh.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # only a city of the person's own (the tenant wall)
            self.fields["city"].queryset = visible_cities(user=request.user)  # type: ignore[attr-defined]

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "city",
            "url",
            "description",
            "event_types",
            "active",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]

    def validate_url(self, value: str) -> str:
        from django.core.validators import URLValidator

        from backend.webhooks.validators import webhook_url_validate

        URLValidator(schemes=["http", "https"])(value)
        webhook_url_validate(value)
        return value

    def validate_event_types(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))  # each once, in the order given


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    """The answer to a create: the subscription and its secret, shown this once."""

    secret = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="`whsec_` + base64 key (Standard Webhooks). Shown only in this answer; null "
        "when the answer is replayed for a repeated Idempotency-Key.",
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = [*WebhookSubscriptionSerializer.Meta.read_only_fields, "secret"]


class WebhookSecretSerializer(serializers.Serializer):
    secret = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The new secret, shown only here; null when the answer is replayed for a "
        "repeated Idempotency-Key.",
    )


class WebhookDeliverySerializer(serializers.ModelSerializer):
    webhook_id = serializers.CharField(
        source="message_id", read_only=True, help_text="The `webhook-id` header of every attempt."
    )
    event = serializers.IntegerField(source="event_id", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "webhook_id",
            "event",
            "event_type",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "created_at",
            "last_attempt_at",
            "delivered_at",
        ]
        read_only_fields = fields
