"""Statistics (``GET /api/v1/stats/``) and the bulk case export for integrators
(``GET /api/v1/cases/export/``): the figures and rows of the workspace's statistics page,
from the same selectors, scoped to what the token's user may see."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, ClassVar

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.query_params import empty_numbers
from api.serializers.statistics import CaseExportRowSerializer, StatsFiguresSerializer
from backend.statistics.exports import CASE_COLUMNS, case_export_values, case_rows_for_systems
from backend.statistics.formats import machine_csv_stream
from backend.statistics.forms import FILTER_PARAMETERS, StatsFilterForm
from backend.statistics.selectors import StatsFilters, stats_cases, stats_figures

FILTERS = [
    OpenApiParameter("city", int, description="City id (GET /api/v1/areas/ shows cities)."),
    OpenApiParameter("district", int, description="District id."),
    OpenApiParameter("program", int, description="Funding programme id."),
    OpenApiParameter(
        "year",
        int,
        description="Year of the case: its budget year once decided, else the year its planned "
        "funding starts, else the year the idea came in (2000-2100).",
    ),
]


def stats_filters(request: Request, other: tuple[str, ...] = ()) -> StatsFilters:
    """The filters of the query string; a bad value or an unknown parameter is a 400."""
    params = request.query_params
    unknown = sorted(set(params) - {*FILTER_PARAMETERS, *other})
    errors: dict[str, list[str]] = {
        name: [_("Diesen Parameter gibt es hier nicht.")] for name in unknown
    }
    data = {name: params[name] for name in FILTER_PARAMETERS if name in params}
    errors.update(empty_numbers(data, FILTER_PARAMETERS))
    form = StatsFilterForm(data, user=request.user)
    if not form.is_valid():
        errors.update({name: [str(m) for m in messages] for name, messages in form.errors.items()})
    if errors:
        raise serializers.ValidationError(errors)
    return form.filters()


class StatsView(APIView):
    """Every figure of the statistics page (/koordination/auswertung/)."""

    validates_query = True  # the schema documents 400 for bad filters

    @extend_schema(
        summary="Statistics: cases and money by district, state, programme, year, topic",
        parameters=FILTERS,
        responses=StatsFiguresSerializer,
        description="Cases you may see (your districts; all for central office), by district "
        "and state, by programme and year (requested, approved, paid, repaid; the "
        "programme's budget, committed and remaining), by topic and target group, and the "
        "days from idea to decision. The same figures as the statistics page and its "
        "exports. Unknown query parameters are a 400. Definitions: docs/statistics.md.",
    )
    def get(self, request: Request) -> Response:
        figures = stats_figures(user=request.user, filters=stats_filters(request))
        return Response(StatsFiguresSerializer(figures).data)


class CaseExportView(APIView):
    """All cases you may see as NDJSON or CSV, streamed (no paging)."""

    validates_query = True

    OUTPUTS: ClassVar[dict[str, str]] = {
        "ndjson": "application/x-ndjson",
        "csv": "text/csv; charset=utf-8",
    }

    @extend_schema(
        summary="Bulk export of cases (NDJSON or CSV, streamed)",
        parameters=[
            *FILTERS,
            OpenApiParameter(
                "output",
                str,
                enum=["ndjson", "csv"],
                description="ndjson (default): one JSON object per line; csv: comma-separated, "
                "UTF-8, header row with the same keys, lists joined by |.",
            ),
        ],
        responses={
            (200, "application/x-ndjson"): CaseExportRowSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
        description="Every case you may see (your districts; all for central office) in one "
        "streamed answer, ordered by id: for integrators that load everything at once "
        "instead of paging through GET /api/v1/cases/. Money as decimal strings, dates ISO "
        "8601. Contact persons are not exported. In the CSV, text that starts with = + - @ "
        "(or a tab or carriage return) gets a leading apostrophe: a spreadsheet never runs it.",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = stats_filters(request, other=("output",))
        output = request.query_params.get("output", "ndjson")
        if output not in self.OUTPUTS:
            raise serializers.ValidationError({"output": [_("Erwartet: ndjson oder csv.")]})
        cases = stats_cases(user=request.user, filters=filters)
        if output == "csv":
            body = machine_csv_stream(
                [column.key for column in CASE_COLUMNS], case_rows_for_systems(cases)
            )
        else:
            body = ndjson_lines(case_export_values(cases))
        response = StreamingHttpResponse(body, content_type=self.OUTPUTS[output])
        name = f"faelle-{timezone.localdate():%Y-%m-%d}.{output}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def ndjson_lines(rows: Iterator[dict[str, Any]], per_chunk: int = 500) -> Iterator[bytes]:
    """Each row as one line of JSON, in the order of ``CASE_COLUMNS``, in chunks."""
    keys = [column.key for column in CASE_COLUMNS]
    lines: list[str] = []
    for row in rows:
        ordered = {key: row[key] for key in keys}
        lines.append(json.dumps(ordered, default=_json_value, ensure_ascii=False))
        if len(lines) >= per_chunk:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")
