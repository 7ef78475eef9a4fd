"""``manage.py demo``: demo accounts and data so a newcomer sees a living system.

Idempotent. Accounts are role accounts ("Koordination Bezirk IV"), never real people's names.
Every demo account has the password ``demo`` and is meant for a local machine only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from procrastinate.contrib.django import app
from procrastinate.testing import InMemoryConnector

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, AssignmentRole, City, CoordinatorAssignment
from backend.common.management.commands import _demo_data
from backend.common.management.commands._demo_oberhausen import oberhausen_ensure
from backend.offerings.services import offering_import

DEMO_PASSWORD = "demo"  # noqa: S105 - printed to the developer; refused without DEBUG
#: Districts of the shared office II/VIII/IX stay vacant, as in the source data.
VACANT_DISTRICTS = {"II", "VIII", "IX"}


def _demo_user(username: str, display_name: str, **flags: Any) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.display_name = display_name
    user.email = f"{username}@demo.invalid"
    for key, value in flags.items():
        setattr(user, key, value)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


SAMPLE_OFFERINGS = (
    Path(__file__).resolve().parents[3] / "offerings" / "data" / "essen_offerings_sample.csv"
)


def _offerings_ensure(city: City) -> str:
    """The sample catalogue of offerings (also the overlap evaluation set), upserted."""
    report = offering_import(
        city=city, content=SAMPLE_OFFERINGS.read_bytes(), file_format="csv", source="demo"
    )
    if not report.ok:
        raise CommandError(f"demo offerings: {report.as_dict()['problems'][:3]}")
    return f"{report.created} new, {report.updated + report.unchanged} kept"


class Command(BaseCommand):
    help = (
        "Create demo coordinators (password 'demo'), funding programmes and cases in "
        "different states. Only with DJANGO_DEBUG=true."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo data is for development only: set DJANGO_DEBUG=true")
        city = City.objects.filter(slug="essen").first()
        if city is None:
            raise CommandError("load the reference data first: manage.py load_areas")
        logins = [self._coordinators(city)]
        _demo_user(
            "zentrale", "Zentrale Koordination Essen (Demo)", city=city, is_central_office=True
        )
        _demo_user("admin", "Administration (Demo)", is_staff=True, is_superuser=True)
        _demo_data.letter_settings_ensure(city)
        today = _demo_data.today()
        offerings = _offerings_ensure(city)
        programs = _demo_data.programs_ensure(city, today)
        # The demo associations' addresses are made up: the mails their cases would cause go
        # to a queue in memory that nobody works off, not to the worker and the console.
        second = City.objects.filter(slug="oberhausen").first()
        with app.replace_connector(InMemoryConnector()):
            created = _demo_data.cases_ensure(city, programs, today)
            if second is not None:  # loaded with load_areas --city oberhausen
                ob_lines, ob_created = oberhausen_ensure(second, today)
                logins.append(ob_lines)
                created += ob_created
        self.stdout.write(
            f"Offerings: {offerings}. "
            f"Programmes: {', '.join(programs)}. Demo cases created now: {created} "
            "(none on a second run)."
        )
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins (password 'demo'):"))
        for line in [
            *logins[0],
            "  zentrale   – Essen's central office, sees all districts of Essen",
            *(line for more in logins[1:] for line in more),
            "  admin      – Django admin, superuser (the only login that sees every city)",
        ]:
            self.stdout.write(line)

    def _coordinators(self, city: City) -> list[str]:
        lines = []
        districts = Area.objects.filter(city=city, kind=AreaKind.DISTRICT).order_by("pk")
        for district in districts:
            if district.code in VACANT_DISTRICTS:
                continue
            username = f"bezirk-{district.code.lower()}"
            user = _demo_user(username, f"Koordination Bezirk {district.code}", city=city)
            CoordinatorAssignment.objects.update_or_create(
                district=district,
                role=AssignmentRole.COORDINATOR,
                defaults={"user": user},
            )
            lines.append(f"  {username:<10} – coordinator of district {district.code}")
        return lines
