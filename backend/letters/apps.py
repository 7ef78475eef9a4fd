from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "backend.letters"
    verbose_name = _("Bescheide")

    def ready(self) -> None:
        from backend.letters import receivers  # noqa: F401 - connects the transition hook
