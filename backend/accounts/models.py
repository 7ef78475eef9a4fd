"""Users of the workspace: district coordinators and central-office staff."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person or a role account (e.g. "Koordination Bezirk IV") that works on cases."""

    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("Shown to applicants, e.g. 'Koordination Bezirk IV'."),
    )
    is_central_office = models.BooleanField(
        _("central office"),
        default=False,
        help_text=_("Central-office staff see and act on the cases of all districts."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
