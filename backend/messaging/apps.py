from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "backend.messaging"
    verbose_name = _("Nachrichten")

    def ready(self) -> None:
        from backend.messaging import receivers  # noqa: F401 - defers mail for audit events
