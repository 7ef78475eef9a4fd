"""Privacy notice, accessibility statement and imprint (issue #17): each city writes its text
in the admin (``privacy.LegalText``); a city's page shows its text, the page without a city
every city's, or a notice that it is still missing."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from backend.areas.models import City
from backend.intake.selectors import city_by_slug
from backend.privacy.models import LegalPageKind, LegalText


@require_GET
def legal_page(request: HttpRequest, kind: str, city: str | None = None) -> HttpResponse:
    """One city's text at ``/<city>/datenschutz/`` (…), with that city's header; at
    ``/datenschutz/`` every city's, each under its name when there are several."""
    if kind not in LegalPageKind.values:
        raise Http404
    if city is not None:
        found = city_by_slug(slug=city)
        if found is None:
            raise Http404
        shown = [found]
    else:
        shown = list(City.objects.order_by("name"))
    texts = {t.city_id: t for t in LegalText.objects.filter(kind=kind, city__in=shown)}
    context = {
        "kind": kind,
        "title": LegalPageKind(kind).label,
        "cities": [{"city": c, "text": texts.get(c.pk)} for c in shown],
        "several": len(shown) > 1,
        "city": shown[0] if city is not None else None,
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
