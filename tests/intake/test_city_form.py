"""The public form per city (issue #24, ADR 0015): /<city>/ideen/neu/ shows that city's
quarters and contacts, takes only its quarters, defaults to nothing of another city; the old
/ideen/neu/ leads to the only city or lets people choose; references stay unique when two
cities share district codes."""

from __future__ import annotations

import pytest

from backend.areas.models import Area, AreaKind, City
from backend.areas.services import areas_load_reference
from backend.cases.models import Case
from tests.factories import submit_idea
from tests.intake.helpers import idea_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def oberhausen(essen):
    areas_load_reference(city_slug="oberhausen")
    return City.objects.get(slug="oberhausen")


def _quarter(city: City, name: str) -> Area:
    return Area.objects.get(city=city, kind=AreaKind.QUARTER, name=name)


def test_old_address_leads_to_the_only_city(client, essen):
    response = client.get("/ideen/neu/")

    assert response.status_code == 302
    assert response["Location"] == "/essen/ideen/neu/"


def test_old_address_lets_people_choose_among_several_cities(client, oberhausen):
    response = client.get("/ideen/neu/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/essen/ideen/neu/"' in html
    assert 'href="/oberhausen/ideen/neu/"' in html


def test_unknown_city_is_not_found(client, essen):
    assert client.get("/atlantis/ideen/neu/").status_code == 404


def test_city_form_lists_only_its_quarters_and_its_town(client, oberhausen):
    html = client.get("/oberhausen/ideen/neu/").content.decode()

    assert "Sterkrade-Nord" in html
    assert "Borbeck-Mitte" not in html
    assert 'value="Oberhausen"' in html  # the town field starts with the page's city
    assert 'value="Essen"' not in html


def test_city_form_refuses_a_quarter_of_another_city_and_stores_nothing(client, oberhausen):
    essen_quarter = _quarter(City.objects.get(slug="essen"), "Borbeck-Mitte")

    response = client.post(
        "/oberhausen/ideen/neu/", idea_post(quarter=str(essen_quarter.pk), town="Oberhausen")
    )

    assert response.status_code == 200
    assert "Bitte wählen Sie den Stadtteil aus der Liste." in response.content.decode()
    assert not Case.objects.exists()


def test_an_idea_from_oberhausen_gets_a_reference_of_its_own(client, oberhausen):
    """Oberhausen's Sozialräume have codes 1–6; with Essen's I–IX and a prefix per city no
    reference is handed out twice (before, a second city with Roman codes failed here)."""
    essen_case = submit_idea("Borbeck-Mitte")
    ob_case = submit_idea("Sterkrade-Nord", association_name="Nachbarn Sterkrade e.V.")

    assert essen_case.reference.startswith("IV-")  # Essen's references stay as they were
    assert ob_case.reference.startswith("OB-5-")
    assert ob_case.city == oberhausen
    assert essen_case.city.slug == "essen"


def test_two_cities_with_the_same_district_codes_never_share_a_reference(essen):
    """A third city with Essen's Roman numerals: its prefix keeps references apart."""
    essen_city = City.objects.get(slug="essen")
    twin = City.objects.create(
        name="Zwillingsstadt",
        slug="zwilling",
        reference_prefix="ZW",
        central_queue=essen_city.central_queue,
    )
    district = Area.objects.create(city=twin, kind=AreaKind.DISTRICT, code="IV", name="Mitte")
    Area.objects.create(city=twin, kind=AreaKind.QUARTER, name="Zwilling-Mitte", parent=district)

    first = submit_idea("Borbeck-Mitte")
    second = submit_idea("Zwilling-Mitte", association_name="Zwillinge e.V.")

    assert first.reference != second.reference
    assert second.reference.startswith("ZW-IV-")


def test_city_pages_take_the_city_colour_and_name(client, oberhausen):
    oberhausen.brand_colour = "#7a1f3d"
    oberhausen.save()

    html = client.get("/oberhausen/ideen/neu/").content.decode()
    css = client.get("/oberhausen/farben.css")

    assert 'href="/oberhausen/farben.css"' in html
    assert "Förderlotse · Oberhausen" in html
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #7a1f3d;" in css.content.decode()
    assert client.get("/essen/farben.css").status_code == 404  # Essen keeps the site's colour
    assert "farben.css" not in client.get("/essen/ideen/neu/").content.decode()


def test_a_colour_or_logo_that_is_no_colour_or_path_is_refused(oberhausen):
    from django.core.exceptions import ValidationError

    oberhausen.brand_colour = "red;}body{display:none"
    oberhausen.logo_path = "../../etc/passwd"
    with pytest.raises(ValidationError) as refused:
        oberhausen.full_clean()

    assert set(refused.value.message_dict) == {"brand_colour", "logo_path"}


def test_mails_about_a_case_come_from_its_city(client, oberhausen, jobs):
    from django.conf import settings
    from django.core import mail

    oberhausen.sender_email = "integration@oberhausen.example"
    oberhausen.save()
    sterkrade = _quarter(oberhausen, "Sterkrade-Nord")
    for email, quarter, key in [
        ("ob@example.org", sterkrade.pk, "a" * 32),
        (
            "essen@example.org",
            _quarter(City.objects.get(slug="essen"), "Borbeck-Mitte").pk,
            "b" * 32,
        ),
    ]:
        data = idea_post(step="send", overlap_answer="known", email=email, idempotency_key=key)
        client.post("/ideen/neu/", {**data, "quarter": str(quarter)})
    jobs.run()

    senders = {message.to[0]: message.from_email for message in mail.outbox}
    assert senders["ob@example.org"] == "integration@oberhausen.example"
    assert senders["essen@example.org"] == settings.DEFAULT_FROM_EMAIL
