from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "backend.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from backend.webhooks import receivers  # noqa: F401 - queues deliveries for audit events
