"""Privacy notice, accessibility statement and imprint: the city's text from the admin,
linked in every page's footer (issue #17)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backend.areas.models import City
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
