"""Privacy notice, accessibility statement and imprint (issue #17): each city writes its text
in the admin (``privacy.LegalText``); the page shows every city's text, or a notice that it is
still missing."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from backend.areas.models import City
from backend.intake.selectors import city_by_slug
from backend.privacy.models import LegalPageKind, LegalText


@require_GET
def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalPageKind.values:
        raise Http404
    texts = {t.city_id: t for t in LegalText.objects.filter(kind=kind)}
    cities = [{"city": city, "text": texts.get(city.pk)} for city in City.objects.order_by("name")]
    context = {
        "kind": kind,
        "title": LegalPageKind(kind).label,
        "cities": cities,
        "several": len(cities) > 1,
    }
    return render(request, "intake/legal.html", context)


@require_GET
@cache_control(max_age=300, public=True)
def city_colours(request: HttpRequest, city: str) -> HttpResponse:
    """The colour of a city's public pages as a style sheet (the pages allow no inline style,
    CSP): the header and links take it through ``--brand``."""
    found = city_by_slug(slug=city)
    if found is None or not found.brand_colour:
        raise Http404
    return HttpResponse(f":root {{ --brand: {found.brand_colour}; }}\n", content_type="text/css")
