"""Privacy notice, accessibility statement and imprint: the city's text from the admin,
linked in every page's footer (issue #17)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backend.areas.models import City
from backend.areas.services import areas_load_reference
from backend.privacy.models import LegalText

pytestmark = pytest.mark.django_db


def test_the_pages_show_the_citys_text_and_the_feedback_contact(client, essen):
    city = City.objects.get(slug="essen")
    LegalText.objects.create(
        city=city,
        kind="barrierefreiheit",
        body="Diese Website ist teilweise barrierefrei.\n\nNicht barrierefrei: PDF-Bescheide.",
        feedback_email="barrierefrei@essen.example",
        feedback_phone="0201 88-0",
    )

    html = client.get(reverse("intake:accessibility")).content.decode()

    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html
    assert "<p>Nicht barrierefrei: PDF-Bescheide.</p>" in html
    assert 'href="mailto:barrierefrei@essen.example"' in html
    assert "0201 88-0" in html
    assert "Schlichtungsverfahren" in html


@pytest.mark.parametrize("name", ["privacy_notice", "accessibility", "imprint"])
def test_a_page_without_text_says_so_and_every_page_links_them(client, essen, name):
    response = client.get(reverse(f"intake:{name}"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Diesen Text hat die Stadt noch nicht hinterlegt" in html
    for link in ("/datenschutz/", "/barrierefreiheit/", "/impressum/"):
        assert f'href="{link}"' in html


def test_the_text_is_escaped(client, essen):
    LegalText.objects.create(
        city=City.objects.get(slug="essen"), kind="impressum", body="<script>x()</script>"
    )
    html = client.get(reverse("intake:imprint")).content.decode()
    assert "<script>x()" not in html


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("privacy_notice_city", "datenschutz"),
        ("accessibility_city", "barrierefreiheit"),
        ("imprint_city", "impressum"),
    ],
)
def test_each_city_has_its_own_pages_with_only_its_text(client, essen, name, kind):
    """Issue #24: an Oberhausen citizen reads Oberhausen's notice, under Oberhausen's name;
    the page without a city still lists every city's."""
    areas_load_reference(city_slug="oberhausen")
    oberhausen = City.objects.get(slug="oberhausen")
    LegalText.objects.create(city=essen, kind=kind, body="Text der Stadt Essen.")
    LegalText.objects.create(city=oberhausen, kind=kind, body="Text der Stadt Oberhausen.")

    html = client.get(reverse(f"intake:{name}", args=["oberhausen"])).content.decode()

    assert "Text der Stadt Oberhausen." in html
    assert "Text der Stadt Essen." not in html
    assert "Förderlotse · Oberhausen" in html
    for page in ("datenschutz", "barrierefreiheit", "impressum"):  # its footer stays in the city
        assert f'href="/oberhausen/{page}/"' in html
    both = client.get(reverse("intake:" + name.removesuffix("_city"))).content.decode()
    assert "Text der Stadt Oberhausen." in both
    assert "Text der Stadt Essen." in both
    assert client.get(reverse(f"intake:{name}", args=["atlantis"])).status_code == 404


def test_the_citys_form_links_its_own_legal_pages(client, essen):
    html = client.get(reverse("intake:idea_new_city", args=["essen"])).content.decode()

    assert 'href="/essen/datenschutz/"' in html
    assert 'href="/essen/impressum/"' in html
