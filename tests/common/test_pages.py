"""The start page and the site-wide 404 page, in German and English."""

import pytest

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
