"""Reference data: Essen's 9 districts, 50 quarters and offices; loading is idempotent."""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, AssignmentRole, CoordinatorAssignment, Office
from backend.areas.selectors import district_responsible_user, office_of_district
from backend.areas.services import DATA_DIR, areas_load_reference


def _snapshot():
    return sorted(
        Area.objects.values_list("pk", "kind", "code", "name", "parent_id", "updated_at")
    ), sorted(Office.objects.values_list("pk", "name", "staffed", "updated_at"))


def test_load_areas_creates_9_districts_and_50_quarters_in_the_right_district(essen):
    assert Area.objects.filter(city=essen, kind=AreaKind.DISTRICT).count() == 9
    assert Area.objects.filter(city=essen, kind=AreaKind.QUARTER).count() == 50
    with (DATA_DIR / "essen-areas.csv").open(encoding="utf-8") as handle:
        expected = {row["quarter"]: row["district_code"] for row in csv.DictReader(handle)}
    actual = dict(
        Area.objects.filter(city=essen, kind=AreaKind.QUARTER).values_list("name", "parent__code")
    )
    assert actual == expected
    assert Area.objects.get(name="Borbeck-Mitte").parent.code == "IV"
    assert Area.objects.get(name="Überruhr-Hinsel").parent.code == "VIII"


def test_load_areas_twice_changes_nothing(essen):
    before = _snapshot()
    stats = areas_load_reference(city_slug="essen")
    assert _snapshot() == before
    assert set(stats) == {
        "city unchanged",
        "district unchanged",
        "quarter unchanged",
        "office unchanged",
    }


def test_load_areas_repairs_a_changed_row(essen):
    quarter = Area.objects.get(name="Kettwig")
    quarter.parent = Area.objects.get(city=essen, code="I")
    quarter.save()
    stats = areas_load_reference(city_slug="essen")
    assert stats["quarter updated"] == 1
    quarter.refresh_from_db()
    assert quarter.parent.code == "IX"


def test_offices_include_the_shared_vacant_office_of_ii_viii_ix(essen):
    assert Office.objects.filter(city=essen).count() == 7
    shared = Office.objects.get(districts__code="VIII")
    assert sorted(shared.districts.values_list("code", flat=True)) == ["II", "IX", "VIII"]
    assert shared.staffed is False
    assert shared.postal_code == "45257"
    assert office_of_district(district=Area.objects.get(code="IV")).street == "Marktstraße 22"


def test_vacant_district_falls_back_to_deputy_then_central_queue(essen):
    district = Area.objects.get(city=essen, code="IX")
    assert district_responsible_user(district=district) == essen.central_queue
    assert essen.central_queue.is_central_office
    assert not essen.central_queue.has_usable_password()
    deputy = User.objects.create_user("vertretung-9", display_name="Vertretung Bezirk IX")
    CoordinatorAssignment.objects.create(user=deputy, district=district, role=AssignmentRole.DEPUTY)
    assert district_responsible_user(district=district) == deputy
    coordinator = User.objects.create_user("koordination-9")
    CoordinatorAssignment.objects.create(
        user=coordinator, district=district, role=AssignmentRole.COORDINATOR
    )
    assert district_responsible_user(district=district) == coordinator
    coordinator.is_active = False
    coordinator.save()
    assert district_responsible_user(district=district) == deputy


@pytest.mark.django_db
def test_one_level_city_stores_each_sozialraum_as_district_with_one_quarter():
    call_command("load_areas", "--city", "oberhausen", stdout=open("/dev/null", "w"))  # noqa: SIM115
    quarters = Area.objects.filter(city__slug="oberhausen", kind=AreaKind.QUARTER)
    assert quarters.count() == 6
    assert all(q.name == q.parent.name for q in quarters.select_related("parent"))


def test_database_rejects_a_quarter_without_district(essen):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(city=essen, kind=AreaKind.QUARTER, name="Nirgendwo")


def test_districts_are_listed_in_numeral_order_everywhere(essen):
    """IX comes after VIII, not between IV and V: in the admin's and every selector's order,
    the public form's quarter list and its district contacts."""
    from backend.areas.selectors import quarter_choices
    from backend.intake.selectors import district_contacts

    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    districts = Area.objects.filter(city=essen, kind=AreaKind.DISTRICT)
    quarter_districts = [q.parent.code for q in quarter_choices(city_slug="essen")]

    assert [d.code for d in districts] == numerals
    assert list(dict.fromkeys(quarter_districts)) == numerals
    assert [d.code for d, _contact in district_contacts(city_id=essen.pk)] == numerals
