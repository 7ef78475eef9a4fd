from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Public pages: the idea form for associations and their private status page."""

    name = "backend.intake"
    label = "intake"
    verbose_name = _("Public idea form and status page")
