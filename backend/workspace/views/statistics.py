"""Auswertung: the figures of the cases the user may see, as charts with tables, and the
case list and figures as CSV and XLSX (streamed: any number of rows in constant memory)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backend.accounts.roles import is_central_office
from backend.statistics.exports import case_sheet, figure_sheets
from backend.statistics.formats import csv_stream, sheets_csv_stream, xlsx_stream
from backend.statistics.forms import FILTER_PARAMETERS, StatsFilterForm
from backend.statistics.selectors import Figures, stats_cases, stats_figures
from backend.workspace.charts import Bar, bar_chart
from backend.workspace.templatetags.workspace import euro
from backend.workspace.views.access import coordinator_required
from workflows.states import CaseState

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _form(request: HttpRequest) -> StatsFilterForm:
    data = {key: request.GET[key] for key in FILTER_PARAMETERS if key in request.GET}
    return StatsFilterForm(data or None, user=request.user)


@require_GET
@coordinator_required
def statistics(request: HttpRequest) -> HttpResponse:
    """The statistics page; bad filter values are shown as errors (400), never guessed."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _page(request, form, figures=None, status=400)
    return _page(request, form, figures=stats_figures(user=request.user, filters=form.filters()))


def _page(
    request: HttpRequest, form: StatsFilterForm, *, figures: Figures | None, status: int = 200
) -> HttpResponse:
    query = request.GET.urlencode() if figures is not None else ""
    return render(
        request,
        "workspace/statistics.html",
        {
            "nav": "statistics",
            "form": form,
            "figures": figures,
            "charts": _charts(figures) if figures is not None else {},
            "states": list(CaseState),
            "query": query,
            "central_office": is_central_office(request.user),
        },
        status=status,
    )


def _charts(figures: Figures) -> dict[str, Any]:
    def count(n: int) -> str:
        return str(n)

    median = [row for row in figures.durations if row.district is not None]
    return {
        "districts": bar_chart(
            chart_id="chart-districts",
            title=_("Fälle je Stadtbezirk"),
            bars=[Bar(str(r.district), r.total, count(r.total)) for r in figures.districts],
        ),
        "programs": bar_chart(
            chart_id="chart-programs",
            title=_("Bewilligt je Förderprogramm und Jahr"),
            bars=[
                Bar(f"{r.program.name} {r.year}", r.money.approved, euro(r.money.approved))
                for r in figures.programs
            ],
        ),
        "topics": bar_chart(
            chart_id="chart-topics",
            title=_("Fälle je Thema"),
            bars=[Bar(r.label, r.cases, count(r.cases)) for r in figures.topics],
        ),
        "target_groups": bar_chart(
            chart_id="chart-target-groups",
            title=_("Fälle je Zielgruppe"),
            bars=[Bar(r.label, r.cases, count(r.cases)) for r in figures.target_groups],
        ),
        "durations": bar_chart(
            chart_id="chart-durations",
            title=_("Tage von der Idee bis zur Entscheidung (Median) je Stadtbezirk"),
            bars=[
                Bar(
                    str(r.district),
                    r.median_days or Decimal(0),
                    "–" if r.median_days is None else _days(r.median_days),
                )
                for r in median
            ],
        ),
    }


def _days(value: Decimal) -> str:
    return str(value).replace(".", ",")


@require_GET
@coordinator_required
def statistics_export(request: HttpRequest, what: str, fmt: str) -> HttpResponseBase:
    """The case list (``faelle``) or the figures (``kennzahlen``) as CSV or XLSX, streamed."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _page(request, form, figures=None, status=400)
    filters = form.filters()
    if what == "faelle":
        sheets = [case_sheet(stats_cases(user=request.user, filters=filters))]
    else:
        sheets = figure_sheets(stats_figures(user=request.user, filters=filters))
    body: Iterator[bytes]
    if fmt == "xlsx":
        body = xlsx_stream(sheets)
    elif what == "faelle":
        body = csv_stream(sheets[0].header, sheets[0].rows)
    else:
        body = sheets_csv_stream(sheets)
    name = f"{'faelle' if what == 'faelle' else 'kennzahlen'}-{timezone.localdate():%Y-%m-%d}"
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
