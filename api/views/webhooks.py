"""Webhook subscriptions of the cities (issue #15), for central-office staff: list, create
(the answer shows the secret once), change, delete, rotate the secret, and each
subscription's delivery log. docs/api.md "Webhooks" tells receivers how to verify."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import ReferencePagination
from api.permissions import IsCentralOffice
from api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookSecretSerializer,
    WebhookSubscriptionCreatedSerializer,
    WebhookSubscriptionSerializer,
)
from api.views.locations import location
from backend.accounts.scope import scoped
from backend.webhooks.models import WebhookSubscription
from backend.webhooks.services import (
    secret_rotate,
    subscription_create,
    subscription_prepare_save,
)

WHO = " Central-office staff only (403 for coordinators)."


@extend_schema_view(
    list=extend_schema(summary="Webhook subscriptions", description="All cities'." + WHO),
    retrieve=extend_schema(summary="A webhook subscription", description=WHO.strip()),
    update=extend_schema(summary="Replace a webhook subscription", description=WHO.strip()),
    partial_update=extend_schema(
        summary="Change a webhook subscription",
        description="Setting `active` to true on an automatically disabled subscription clears "
        "`disabled_at`, `disabled_reason` and the failure count." + WHO,
    ),
    destroy=extend_schema(
        summary="Delete a webhook subscription",
        description="With its delivery log; waiting deliveries are not sent." + WHO,
    ),
)
class WebhookSubscriptionViewSet(viewsets.ModelViewSet):
    """Subscriptions of other systems to the case events of a city."""

    queryset = WebhookSubscription.objects.select_related("city").order_by("pk")
    serializer_class = WebhookSubscriptionSerializer
    permission_classes = [IsCentralOffice]
    pagination_class = ReferencePagination
    filter_backends: list[Any] = []
    lookup_value_regex = "[0-9]+"
    #: Shown once: a replayed answer (api.idempotency) has null in its place.
    idempotency_secrets = ("secret",)

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        """Subscriptions of the user's city only (every city for a superuser)."""
        return scoped(super().get_queryset(), user=self.request.user, city="city")

    @extend_schema(
        summary="Create a webhook subscription",
        responses={201: WebhookSubscriptionCreatedSerializer},
        description="The answer carries the subscription's `secret` (`whsec_…`): store it, it "
        "is not shown again (rotate it to get a new one). The URL must be https:// and "
        "carry no user name or password." + WHO,
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = subscription_create(**serializer.validated_data)
        data = WebhookSubscriptionCreatedSerializer(subscription).data
        headers = {"Cache-Control": "no-store", **location("webhook", subscription.pk)}
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    @transaction.atomic
    def perform_update(self, serializer: Any) -> None:
        subscription = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(subscription, name, value)
        subscription_prepare_save(subscription)
        subscription.save()

    @extend_schema(
        summary="Rotate the secret of a webhook subscription",
        request=None,
        responses={200: WebhookSecretSerializer},
        description="A new secret replaces the old one at once: every attempt from now on, "
        "retries included, is signed with it. Shown only in this answer." + WHO,
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str) -> Response:
        secret = secret_rotate(self.get_object())
        data = WebhookSecretSerializer({"secret": secret}).data
        return Response(data, headers={"Cache-Control": "no-store"})

    @extend_schema(
        summary="Deliveries of a webhook subscription",
        responses=WebhookDeliverySerializer(many=True),
        description="Newest first: status (`pending` while attempts remain, `succeeded`, "
        "`failed`), attempts of the current round, the last HTTP status and error." + WHO,
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str) -> Response:
        subscription = self.get_object()
        found = subscription.deliveries.order_by("-pk")
        page = self.paginate_queryset(found)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
