from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "backend.conferences"
    label = "conferences"
    verbose_name = _("Veranstaltungen und Kooperationen")
