from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from api.filters import AreaFilter
from api.pagination import ReferencePagination
from api.serializers.areas import AreaSerializer
from backend.areas.models import Area


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Districts (Stadtbezirke) and quarters (Stadtteile)."""

    queryset = Area.objects.select_related("city").order_by(
        "city__name", "kind", "code", "name", "pk"
    )
    serializer_class = AreaSerializer
    pagination_class = ReferencePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = AreaFilter
    lookup_value_regex = "[0-9]+"
