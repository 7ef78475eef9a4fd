"""Public pages of the offering catalogue, and its open data (CSV, JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from backend.common.parsing import small_id
from backend.common.vocabularies import Language, TargetGroup, Topic
from backend.offerings.catalogue import (
    catalogue_gaps,
    catalogue_offering,
    catalogue_offerings,
    open_data_rows,
)
from backend.offerings.catalogue_forms import CatalogueSearchForm, GapForm, dress
from backend.offerings.opendata import FUNDED_SOURCE, OPEN_DATA_FIELDS, offering_record
from backend.statistics.formats import csv_stream, machine_cell

PAGE_SIZE = 20


def _labels() -> dict[str, dict[str, str]]:
    return {
        "topics": {slug: str(label) for slug, label in Topic.choices},
        "target_groups": {slug: str(label) for slug, label in TargetGroup.choices},
        "languages": {slug: str(label) for slug, label in Language.choices},
    }


def _known(request: HttpRequest, form_class: Any) -> dict[str, str]:
    """The query parameters the form knows (paging and tracking parameters are not filters)."""
    return {name: request.GET[name] for name in form_class.base_fields if name in request.GET}


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Search and filter the offerings; bad filter values are shown beside their field."""
    form = CatalogueSearchForm(_known(request, CatalogueSearchForm) or None)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "catalogue/list.html",
            {"form": dress(form), "page": None, "labels": _labels(), "nav": "list"},
            status=400,
        )
    dress(form)
    offerings = catalogue_offerings(filters=form.filters())
    page = Paginator(offerings, PAGE_SIZE).get_page(request.GET.get("seite"))
    paging = request.GET.copy()
    paging.pop("seite", None)
    return render(
        request,
        "catalogue/list.html",
        {
            "form": form,
            "page": page,
            "paging_query": paging.urlencode(),
            "searching": bool(form.is_bound and form.cleaned_data.get("q")),
            "labels": _labels(),
            "nav": "list",
        },
    )


@require_GET
def offering_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """One offering: provider, place, times, contact."""
    number = small_id(pk)
    offering = catalogue_offering(pk=number) if number is not None else None
    if offering is None:
        raise Http404
    return render(
        request,
        "catalogue/detail.html",
        {"offering": offering, "labels": _labels(), "funded": offering.source == FUNDED_SOURCE},
    )


@require_GET
def gaps(request: HttpRequest) -> HttpResponse:
    """The gap view of a district: quarter × topic for a target group."""
    form = GapForm(_known(request, GapForm) or None)
    view = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            view = catalogue_gaps(
                district=form.cleaned_data["district"],
                target_group=form.cleaned_data.get("target_group", ""),
            )
        else:
            status = 400
    return render(
        request,
        "catalogue/gaps.html",
        {"form": dress(form), "view": view, "labels": _labels(), "nav": "gaps"},
        status=status,
    )


def _records(request: HttpRequest) -> Iterator[dict[str, Any]]:
    base = request.build_absolute_uri("/")[:-1]
    for offering in open_data_rows().iterator(chunk_size=1000):
        yield offering_record(offering, url=base + reverse("catalogue:detail", args=[offering.pk]))


@require_GET
def open_data_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every listed offering as CSV (schema: docs/open-data.md)."""
    # Machine values (ISO dates, true/false, slugs joined by |) in a CSV Excel opens as is.
    rows = (
        [machine_cell(record[name]) for name in OPEN_DATA_FIELDS] for record in _records(request)
    )
    response = StreamingHttpResponse(
        csv_stream(list(OPEN_DATA_FIELDS), rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="angebote.csv"'
    return response


@require_GET
def open_data_json(request: HttpRequest) -> StreamingHttpResponse:
    """Every listed offering as one JSON array (schema: docs/open-data/offerings.schema.json)."""

    def body() -> Iterator[bytes]:
        yield b"["
        for number, record in enumerate(_records(request)):
            prefix = "," if number else ""
            yield (prefix + "\n" + json.dumps(record, ensure_ascii=False)).encode("utf-8")
        yield b"\n]\n"

    response = StreamingHttpResponse(body(), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="angebote.json"'
    return response
