"""The start page and the site-wide 404 page, in German and English."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_start_page_links_the_idea_form_and_the_coordinator_login(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/ideen/neu/"' in html
    assert 'href="/koordination/anmelden/"' in html
    assert '<html lang="de">' in html


def test_unknown_page_answers_404_with_our_german_page(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.content.decode()


def test_server_error_page_is_german_and_names_no_internals(rf):
    from api.exceptions import handler500

    response = handler500(rf.get("/ideen/neu/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="de">' in html
    assert "Das hat leider nicht geklappt" in html
    assert "Traceback" not in html


def test_every_page_names_an_icon_and_the_icon_is_served(client, db):
    home = client.get("/").content.decode()
    icon = client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in home
    assert icon.status_code == 301
    assert icon["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg") is not None


def test_the_404_and_403_pages_offer_a_way_back(client, coordinator, other_coordinator):
    from tests.factories import UserFactory, submit_idea

    elsewhere = submit_idea("Altendorf")  # district III
    client.force_login(coordinator)
    page = client.get(f"/koordination/faelle/{elsewhere.reference}/")
    unknown = client.get("/koordination/faelle/III-2026-9999/")

    # Another district's case and one that does not exist answer alike: no existence oracle.
    assert page.status_code == unknown.status_code == 404
    body = page.content.decode()
    main = body.split("<main", 1)[1].split("</main>")[0]
    assert main == unknown.content.decode().split("<main", 1)[1].split("</main>")[0]
    assert '<a href="/koordination/">Zurück zu Ihren Fällen</a>' in body
    assert '<a href="/">Zur Startseite</a>' in body
    assert "anderen Stadtbezirks" in body

    client.force_login(UserFactory(username="ohne-bezirk"))  # the inbox itself is closed
    body = client.get("/koordination/").content.decode()
    assert "Zurück zu Ihren Fällen" not in body
    assert '<a href="/">Zur Startseite</a>' in body
