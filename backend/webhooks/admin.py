"""Webhook subscriptions and their delivery log. A secret is shown once: on the page right
after the subscription was created, and after "new secret" (rotation); never in a list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backend.common.admin_scope import CityScopedAdmin
from backend.webhooks.models import WebhookDelivery, WebhookEventType, WebhookSubscription
from backend.webhooks.services import (
    deliveries_retry,
    secret_rotate,
    subscription_prepare_save,
)
from backend.webhooks.signing import secret_generate
from backend.webhooks.validators import webhook_url_validate


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Ziel-URL"),
        max_length=500,
        assume_scheme="https",
        validators=[webhook_url_validate],
    )
    event_types = forms.TypedMultipleChoiceField(
        label=_("Ereignistypen"),
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookSubscription
        fields = ["city", "url", "description", "event_types", "active"]


def _show_secrets(
    request: HttpRequest, admin_site: admin.AdminSite, rows: list[tuple[Any, str]]
) -> HttpResponse:
    context = {
        **admin_site.each_context(request),
        "title": _("Geheimnis des Webhook-Abos"),
        "rows": rows,
        "opts": WebhookSubscription._meta,
    }
    response = TemplateResponse(request, "webhooks/admin/secret.html", context)
    add_never_cache_headers(response)
    return response


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(CityScopedAdmin):
    form = SubscriptionForm
    list_display = ("__str__", "city", "url", "active", "consecutive_failures", "disabled_at")
    list_filter = ("city", "active")
    readonly_fields = (
        "consecutive_failures",
        "failing_since",
        "disabled_at",
        "disabled_reason",
        "delivery_log",
    )
    actions = ["rotate_secret", "retry_failed"]

    @admin.display(description=_("Zustellungen"))
    def delivery_log(self, obj: WebhookSubscription) -> str:
        if obj.pk is None:
            return "–"
        url = reverse("admin:webhooks_webhookdelivery_changelist")
        return format_html(
            '<a href="{}?subscription__id__exact={}">{}</a>', url, obj.pk, _("Zustellungen ansehen")
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.secret = secret_generate()
        subscription_prepare_save(obj)
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        """Instead of the usual redirect: the one page that shows the new secret."""
        return _show_secrets(request, self.admin_site, [(obj, obj.secret)])

    @admin.action(description=_("Neues Geheimnis erzeugen (das alte gilt sofort nicht mehr)"))
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        rows = [(subscription, secret_rotate(subscription)) for subscription in queryset]
        return _show_secrets(request, self.admin_site, rows)

    @admin.action(description=_("Gescheiterte Zustellungen erneut senden"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet) -> None:
        deliveries = WebhookDelivery.objects.filter(subscription__in=queryset)
        _report_retry(self, request, deliveries_retry(deliveries))


def _report_retry(model_admin: admin.ModelAdmin, request: HttpRequest, count: int) -> None:
    text = ngettext(
        "%(count)s Zustellung wird erneut gesendet.",
        "%(count)s Zustellungen werden erneut gesendet.",
        count,
    ) % {"count": count}
    model_admin.message_user(request, text, messages.SUCCESS if count else messages.WARNING)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(CityScopedAdmin):
    list_display = (
        "message_id",
        "subscription",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "last_attempt_at",
    )
    list_filter = ("status", "event_type", "subscription")
    list_select_related = ("subscription__city",)
    actions = ["retry_failed"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Gescheiterte Zustellungen erneut senden"), permissions=["view"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet) -> None:
        _report_retry(self, request, deliveries_retry(queryset))
