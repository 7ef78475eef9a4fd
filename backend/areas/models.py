"""Cities, their districts (Stadtbezirke) and quarters (Stadtteile), offices and coordinators.

Every city has two levels. A city whose areas have one level (Oberhausen's Sozialräume) stores
each area as a district with a single quarter of the same name, so a case always points at a
quarter and its district is always ``quarter.parent``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.models import TimeStampedModel

#: First path segments the site uses itself: a city there would hide its public pages
#: (/<slug>/ideen/neu/, ADR 0015).
RESERVED_SLUGS = frozenset(
    {"admin", "angebote", "api", "datenschutz", "en", "de", "i18n", "ideen", "impressum"}
    | {"kennenlernen", "koordination", "static", "veranstaltungen", "barrierefreiheit"}
)


class City(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    one_level = models.BooleanField(
        _("one level of areas"),
        default=False,
        help_text=_("Areas have one level (e.g. Sozialräume): each district is its own quarter."),
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[A-Z0-9]*$", _("Nur Großbuchstaben und Ziffern."))],
        help_text=_(
            "Put before the district code in case references (OB → OB-1-2027-0001), so "
            "references stay unique when two cities use the same district codes. One city "
            "may leave it empty (Essen: IV-2027-0001)."
        ),
    )
    # The city's public pages and mails (issue #24); legal texts, letters, mail wording and
    # programmes are the city's own rows in privacy, letters, messaging and programs.
    brand_colour = models.CharField(
        _("colour of the public pages"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Eine Farbe wie #00457a."))],
        help_text=_("Header and links of the city's public pages; white text must be legible."),
    )
    logo_path = models.CharField(
        _("logo"),
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9/_.-]*\.(svg|png)$", _("Ein Pfad wie cities/essen.svg.")
            )
        ],
        help_text=_("Path of the logo among the static files, e.g. cities/essen.svg."),
    )
    sender_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_("From address of the mails about this city's cases (else the site's)."),
    )
    central_queue = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="central_queue_of",
        verbose_name=_("central office queue"),
        help_text=_("Receives the cases of vacant districts that have no deputy."),
    )

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_prefix"],
                condition=~Q(reference_prefix=""),
                name="city_unique_reference_prefix",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def from_email(self) -> str:
        """The sender of mails about this city's cases."""
        return self.sender_email or settings.DEFAULT_FROM_EMAIL

    def clean(self) -> None:
        """One city may go without a reference prefix; a second one would hand out the same
        references as the first wherever their district codes agree."""
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("Diese Adresse ist schon vergeben; bitte einen anderen Namen.")}
            )
        if not self.reference_prefix:
            others = City.objects.filter(reference_prefix="").exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {
                        "reference_prefix": _(
                            "Nur eine Stadt kann ohne Kürzel auskommen; bitte ein Kürzel "
                            "angeben (z. B. OB)."
                        )
                    }
                )


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def district_order(path: str = "") -> models.Case:
    """An ordering expression for district codes: Roman numerals by their value (IX after
    VIII, not between IV and V), other codes after them (then by ``code`` itself).

    ``path`` leads to the district, e.g. ``"parent__"`` for quarters."""
    return models.Case(
        *(models.When(**{f"{path}code": code}, then=number) for number, code in enumerate(ROMAN)),
        default=len(ROMAN),
        output_field=models.IntegerField(),
    )


class AreaKind(models.TextChoices):
    DISTRICT = "district", _("district (Stadtbezirk)")
    QUARTER = "quarter", _("quarter (Stadtteil)")


class Area(TimeStampedModel):
    """A district or a quarter of a city."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="areas")
    kind = models.CharField(_("kind"), max_length=10, choices=AreaKind.choices)
    code = models.CharField(
        _("code"), max_length=10, blank=True, help_text=_("District code, e.g. IV.")
    )
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quarters",
        verbose_name=_("district"),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["city__name", "kind", district_order(), "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "kind", "name"], name="area_unique_name"),
            models.UniqueConstraint(
                fields=["city", "code"],
                condition=Q(kind="district"),
                name="area_unique_district_code",
            ),
            models.CheckConstraint(
                condition=(Q(kind="district", parent__isnull=True, code__gt=""))
                | Q(kind="quarter", parent__isnull=False),
                name="area_district_top_quarter_below",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == AreaKind.DISTRICT:
            return f"{self.code} {self.name}"
        return self.name

    def clean(self) -> None:
        """A quarter belongs to a district of its own city (the check constraint only asks
        for some parent): a quarter under a quarter, under itself or in another city has no
        coordinator, and its cases would get no district."""
        super().clean()
        parent = self.parent
        if self.kind != AreaKind.QUARTER or parent is None:
            return
        if (self.pk is not None and parent.pk == self.pk) or parent.kind != AreaKind.DISTRICT:
            raise ValidationError({"parent": _("Bitte einen Stadtbezirk wählen.")})
        if parent.city_id != self.city_id:
            raise ValidationError({"parent": _("Der Stadtbezirk gehört zu einer anderen Stadt.")})

    @property
    def district(self) -> Area:
        """The district this area belongs to (itself for a district)."""
        return self if self.parent_id is None else self.parent  # type: ignore[return-value]


class Office(TimeStampedModel):
    """A district integration office; one office may serve several districts."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="offices")
    name = models.CharField(_("name"), max_length=150)
    districts = models.ManyToManyField(
        Area, related_name="offices", limit_choices_to={"kind": AreaKind.DISTRICT}
    )
    # Blank where the reference data name no address yet (Oberhausen's seed names the office).
    street = models.CharField(_("street"), max_length=150, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=100)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    staffed = models.BooleanField(
        _("staffed"), default=True, help_text=_("False while the post is vacant (N.N.).")
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["city__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="office_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentRole(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    DEPUTY = "deputy", _("deputy")


class CoordinatorAssignment(TimeStampedModel):
    """A user coordinates (or deputises for) a district. One coordinator per district."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    district = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="assignments",
        limit_choices_to={"kind": AreaKind.DISTRICT},
    )
    role = models.CharField(_("role"), max_length=12, choices=AssignmentRole.choices)

    class Meta:
        verbose_name = _("coordinator assignment")
        verbose_name_plural = _("coordinator assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "role"], name="assignment_one_per_district_and_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.district} ({self.get_role_display()})"

    def clean(self) -> None:
        """A role counts only in the user's city (the tenant): a district of another city
        would give the person nothing, so it is refused here."""
        super().clean()
        user_city = getattr(self.user, "city_id", None) if self.user_id else None
        if self.district_id and user_city != self.district.city_id:
            raise ValidationError(
                {"district": _("Der Stadtbezirk gehört nicht zur Stadt dieser Person.")}
            )
