"""The public offering catalogue, without login: the records of /angebote/ and its open data,
searched and filtered as on the page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.pagination import ReferencePagination
from api.query_params import empty_numbers
from api.serializers.catalogue import CatalogueOfferingSerializer
from api.throttling import CatalogueThrottle
from backend.common.vocabularies import Language, TargetGroup, Topic
from backend.offerings.catalogue import catalogue_offerings
from backend.offerings.catalogue_forms import CatalogueSearchForm
from backend.offerings.opendata import offering_record

PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Search words (German full text; quotes for a phrase, -word to exclude).",
    ),
    OpenApiParameter("district", int, description="District id (city-wide offerings too)."),
    OpenApiParameter("quarter", int, description="Quarter id (city-wide offerings too)."),
    OpenApiParameter("topic", str, enum=Topic.values),
    OpenApiParameter(
        "target_group", str, enum=TargetGroup.values, description="Offerings for all count too."
    ),
    OpenApiParameter("language", str, enum=Language.values),
]


class CatalogueListView(generics.ListAPIView):
    """The public catalogue: offerings that are active and have not ended."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [CatalogueThrottle]
    pagination_class = ReferencePagination
    serializer_class = CatalogueOfferingSerializer
    public = True
    validates_query = True

    @extend_schema(
        summary="Public offering catalogue (no login)",
        parameters=PARAMETERS,
        description="The offerings of /angebote/ as open data records (docs/open-data.md), "
        "best match first with q, else by title. Limit/offset paging. Bad or unknown "
        "parameters are a 400.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        known = {*CatalogueSearchForm.base_fields, "limit", "offset"}
        unknown = sorted(set(request.query_params) - known)
        data = {
            name: request.query_params[name]
            for name in CatalogueSearchForm.base_fields
            if name in request.query_params
        }
        form = CatalogueSearchForm(data)
        errors = {name: [_("Diesen Parameter gibt es hier nicht.")] for name in unknown}
        numbers = [parameter.name for parameter in PARAMETERS if parameter.type is int]
        errors.update(empty_numbers(data, numbers))
        if not form.is_valid():
            errors.update(
                {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            )
        if errors:
            raise serializers.ValidationError(errors)
        page = self.paginate_queryset(catalogue_offerings(filters=form.filters()))
        base = request.build_absolute_uri("/")[:-1]
        records = [
            offering_record(o, url=base + reverse("catalogue:detail", args=[o.pk]))
            for o in page or []
        ]
        return self.get_paginated_response(CatalogueOfferingSerializer(records, many=True).data)
