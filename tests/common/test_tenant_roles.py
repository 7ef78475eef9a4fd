"""Roles count only in their city (issue #24): the central office, the central queue of a
city loaded by ``load_areas``, coordinators' assignments, and the services that check a
role themselves (transitions, reassignment, erasure). The pages and the API are walked by
``test_tenant_matrix``."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from backend.accounts.scope import visible_cities, visible_districts
from backend.areas.models import Area, AreaKind, AssignmentRole, City, CoordinatorAssignment
from backend.areas.services import areas_load_reference
from backend.cases.selectors import associations_visible_to, cases_visible_to
from backend.cases.services import case_reassign
from backend.privacy.erasure import association_erase
from tests.factories import UserFactory, coordinator_for, submit_idea
from workflows.actors import Actor
from workflows.errors import Forbidden
from workflows.services import case_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cities(essen, coordinator):
    areas_load_reference(city_slug="oberhausen")
    oberhausen = City.objects.get(slug="oberhausen")
    essen_case = submit_idea("Borbeck-Mitte")
    ob_case = submit_idea("Sterkrade-Nord", association_name="Nachbarn Sterkrade e.V.")
    return oberhausen, essen_case, ob_case


def test_the_central_queue_of_a_loaded_city_sees_only_that_city(two_cities):
    """The issue's first finding: Oberhausen's queue saw Essen's cases."""
    oberhausen, essen_case, ob_case = two_cities
    queue = oberhausen.central_queue
    queue.is_active = True

    assert queue.city == oberhausen
    assert list(cases_visible_to(user=queue)) == [ob_case]
    assert essen_case.assigned_to.city.slug == "essen"


def test_central_office_sees_its_city_and_a_superuser_every_city(two_cities):
    oberhausen, essen_case, ob_case = two_cities
    essen_office = UserFactory(username="zentrale-e", is_central_office=True)
    boss = UserFactory(username="root", is_superuser=True, city=None)

    assert list(cases_visible_to(user=essen_office)) == [essen_case]
    assert set(cases_visible_to(user=boss)) == {essen_case, ob_case}
    assert set(visible_cities(user=essen_office)) == {essen_case.city}
    assert not visible_districts(user=essen_office).filter(city=oberhausen).exists()


def test_a_central_office_flag_without_a_city_sees_nothing(two_cities):
    homeless = UserFactory(username="zentrale-ohne-stadt", is_central_office=True, city=None)

    assert not cases_visible_to(user=homeless).exists()
    assert not visible_cities(user=homeless).exists()


def test_an_assignment_in_another_city_is_refused_and_gives_nothing(two_cities, coordinator):
    oberhausen, _essen_case, _ob_case = two_cities
    sozialraum = Area.objects.get(city=oberhausen, kind=AreaKind.DISTRICT, code="5")
    assignment = CoordinatorAssignment(
        user=coordinator, district=sozialraum, role=AssignmentRole.DEPUTY
    )

    with pytest.raises(ValidationError) as refused:
        assignment.full_clean()
    assert "district" in refused.value.message_dict
    assignment.save()  # written past the admin's check, it still opens nothing there
    assert not cases_visible_to(user=coordinator).filter(city=oberhausen).exists()


def test_essen_central_office_cannot_move_reassign_or_erase_oberhausen(two_cities):
    oberhausen, _essen_case, ob_case = two_cities
    essen_office = Actor.for_user(UserFactory(username="zentrale-e", is_central_office=True))
    ob_coordinator = coordinator_for(Area.objects.get(city=oberhausen, code="5"))
    before = (ob_case.state, ob_case.version, ob_case.assigned_to_id)

    with pytest.raises(Forbidden):
        case_transition(case=ob_case, name="start_advice", actor=essen_office, data={})
    with pytest.raises(Forbidden):
        case_reassign(case=ob_case, actor=essen_office, to_user=ob_coordinator)
    with pytest.raises(Forbidden):
        association_erase(association=ob_case.association, actor=essen_office)

    ob_case.refresh_from_db()
    assert (ob_case.state, ob_case.version, ob_case.assigned_to_id) == before
    assert ob_case.anonymised_at is None


def test_association_data_only_for_the_districts_where_it_has_cases(
    two_cities, coordinator, other_coordinator
):
    """District IV's coordinator sees the association of the Borbeck idea; district III's
    (same city) does not, nor does anyone of Oberhausen."""
    _oberhausen, essen_case, _ob_case = two_cities

    assert list(associations_visible_to(user=coordinator)) == [essen_case.association]
    assert not associations_visible_to(user=other_coordinator).exists()
