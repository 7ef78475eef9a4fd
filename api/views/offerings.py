"""Offerings (Angebote): read the catalogue; other systems import it (``offering_import``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from api.exceptions import ApiProblem, ReadOnlyToken, problem_body
from api.filters import OfferingFilter
from api.pagination import OfferingPagination
from api.parsers import StrictJSONParser
from api.problems import PROBLEM_MEDIA_TYPE
from api.serializers.offerings import (
    OfferingImportRejectedSerializer,
    OfferingImportReportSerializer,
    OfferingImportRowsSerializer,
    OfferingImportUploadSerializer,
    OfferingSerializer,
)
from backend.accounts.models import ApiToken
from backend.accounts.roles import is_central_office, is_coordinator
from backend.accounts.scope import is_superuser, scoped, user_city_id
from backend.areas.models import City, CoordinatorAssignment
from backend.offerings.imports import guess_format
from backend.offerings.models import Offering, OfferingChannel
from backend.offerings.services import offering_import

ROWS_EXAMPLE = OpenApiExample(
    "Two offerings as JSON",
    value={
        "city": "essen",
        "source": "stadtportal",
        "partial": False,
        "rows": [
            {
                "external_id": "sp-101",
                "title": "Sprachcafé Borbeck",
                "description": "Deutsch sprechen bei Kaffee und Kuchen.",
                "provider": "Familienzentrum Borbeck",
                "quarter": "Borbeck-Mitte",
                "target_groups": ["familien"],
                "topics": ["sprache", "begegnung"],
                "citywide": False,
            },
            {
                "external_id": "sp-102",
                "title": "Migrationsberatung",
                "description": "Beratung für Neuzugewanderte.",
                "provider": "Caritas",
                "quarter": "",
                "target_groups": ["neuzugewanderte"],
                "topics": ["beratung"],
                "citywide": True,
            },
        ],
    },
    request_only=True,
)


class CanImportOfferings(BasePermission):
    """A system with a ``write`` token of a case worker, or a person signed in as staff or
    central office. Which city is checked in the view."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if isinstance(request.auth, ApiToken):
            if request.auth.read_only:
                raise ReadOnlyToken()
            return is_coordinator(user)
        return bool(user.is_staff or is_central_office(user))


def _may_import_into(user: Any, city: City) -> bool:
    """Superusers for every city; the central office (and staff) for their city; a
    coordinator's token for their districts' city."""
    if is_superuser(user):
        return True
    if user_city_id(user) != city.pk:
        return False
    if user.is_staff or is_central_office(user):
        return True
    return CoordinatorAssignment.objects.filter(user=user, district__city=city).exists()


def _import_districts(user: Any, city: City) -> frozenset[int] | None:
    """The districts a coordinator's import may touch (None: the whole city)."""
    if is_superuser(user) or user.is_staff or is_central_office(user):
        return None
    return frozenset(
        CoordinatorAssignment.objects.filter(user=user, district__city=city).values_list(
            "district_id", flat=True
        )
    )


class OfferingViewSet(viewsets.ReadOnlyModelViewSet):
    """Existing offerings (Angebote) of the city."""

    queryset = Offering.objects.select_related("city").order_by("title", "pk")
    serializer_class = OfferingSerializer
    pagination_class = OfferingPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = OfferingFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Offering]:
        """Offerings of the user's city (every city for a superuser); the public catalogue
        (``GET /catalogue/``) is where anyone reads every city's."""
        return scoped(super().get_queryset(), user=self.request.user, city="city")

    @extend_schema(
        summary="Import offerings (CSV or JSON)",
        operation_id="offerings_import",
        request={
            "multipart/form-data": OfferingImportUploadSerializer,
            "application/json": OfferingImportRowsSerializer,
        },
        responses={
            200: OfferingImportReportSerializer,
            (400, PROBLEM_MEDIA_TYPE): OfferingImportRejectedSerializer,
        },
        examples=[ROWS_EXAMPLE],
        description="Upsert by (source, external_id), as `manage.py import_offerings` "
        "(docs/overlap.md, *Import format*). Either a file (multipart field `file`, CSV or "
        "JSON) or JSON with `rows`. All or nothing unless `partial`: with a bad row nothing "
        "is stored and the answer is 400 `import-rejected` with every bad row; with "
        "`partial` the good rows are stored (`stored: true`) and the answer is still 400 "
        "with the bad rows. 200 when every row was imported. A system with a `write` token "
        "(for its user's city), or staff / central office.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[StrictJSONParser, MultiPartParser],
        permission_classes=[CanImportOfferings],
        filter_backends=[],
        pagination_class=None,
    )
    def import_offerings(self, request: Request) -> Response:
        upload = "file" in request.FILES or request.content_type.startswith("multipart/")
        serializer: serializers.Serializer = (
            OfferingImportUploadSerializer(data=request.data)
            if upload
            else OfferingImportRowsSerializer(data=request.data)
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        city = self._city(data.get("city"))
        if not _may_import_into(request.user, city):
            raise ApiProblem(
                "permission-denied", _("Sie dürfen Angebote dieser Stadt nicht importieren.")
            )
        options = {
            "city": city,
            "source": data["source"],
            "partial": data["partial"],
            "actor": request.user,
            "channel": OfferingChannel.API,
            "districts": _import_districts(request.user, city),
        }
        if upload:
            report = offering_import(content=self._content(data), **options, **self._format(data))
        else:
            report = offering_import(rows=data["rows"], **options)
        if report.ok:
            return Response(OfferingImportReportSerializer(report.as_dict()).data)
        detail = (
            _("Einige Zeilen sind fehlerhaft; die übrigen wurden gespeichert.")
            if report.stored
            else _("Der Import wurde abgelehnt; nichts wurde gespeichert.")
        )
        # Returned, not raised: with ``partial`` the good rows are stored and must stay.
        body = problem_body("import-rejected", detail, request.path, **report.as_dict())
        return Response(body, status=400, content_type=PROBLEM_MEDIA_TYPE)

    @staticmethod
    def _city(slug: str | None) -> City:
        if slug:
            city = City.objects.filter(slug=slug).first()
            if city is None:
                raise serializers.ValidationError({"city": [_("Diese Stadt gibt es nicht.")]})
            return city
        cities = list(City.objects.all()[:2])
        if len(cities) != 1:
            raise serializers.ValidationError({"city": [_("Bitte geben Sie die Stadt an.")]})
        return cities[0]

    @staticmethod
    def _content(data: dict[str, Any]) -> bytes:
        upload = data["file"]
        limit = settings.API_MAX_IMPORT_BYTES
        if upload.size is not None and upload.size > limit:
            raise ApiProblem(
                "payload-too-large",
                _("Die Datei ist größer als %(limit)s Bytes.") % {"limit": limit},
            )
        content: bytes = upload.read(limit + 1)
        return content

    @staticmethod
    def _format(data: dict[str, Any]) -> dict[str, Any]:
        file_format = data.get("format") or guess_format(data["file"].name or "")
        if file_format is None:
            raise serializers.ValidationError(
                {"format": [_("Bitte geben Sie das Format an (csv oder json).")]}
            )
        return {"file_format": file_format}
