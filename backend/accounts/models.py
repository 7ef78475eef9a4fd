"""Users of the workspace: district coordinators and central-office staff."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationMode(models.TextChoices):
    IMMEDIATE = "immediate", _("sofort, eine E-Mail je Ereignis")
    DIGEST = "digest", _("einmal am Tag gesammelt (morgens)")
    NONE = "none", _("keine E-Mails")


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
        help_text=_(
            "Central-office staff see and act on the cases of all districts of their city."
        ),
    )
    # The tenant: every role (coordinator, deputy, central office) counts only within this
    # city; a user without one sees nothing. Only a superuser works across cities.
    city = models.ForeignKey(
        "areas.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("city"),
        help_text=_("The city this person works for; roles count only there."),
    )
    notification_mode = models.CharField(
        _("Benachrichtigungen"),
        max_length=10,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
        help_text=_("Wie Sie von neuen Ideen, Antworten, Anträgen und Nachweisen erfahren."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class ApiTokenScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


class ApiToken(models.Model):
    """A credential for another system (document management, statistics, the Land's tool).

    The token acts as its ``user`` (whose districts and role decide what it sees) and is
    limited by its ``scope``. Only a SHA-256 hash is stored: the token is shown once.
    """

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses it, e.g. 'DMS Stadt Essen'.")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("acts as")
    )
    scope = models.CharField(
        _("scope"), max_length=5, choices=ApiTokenScope.choices, default=ApiTokenScope.READ
    )
    prefix = models.CharField(
        _("prefix"), max_length=12, editable=False, help_text=_("First characters, to tell apart.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def read_only(self) -> bool:
        return self.scope != ApiTokenScope.WRITE
