from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from api.filters import AreaFilter
from api.pagination import ReferencePagination
from api.serializers.areas import AreaSerializer
from backend.accounts.scope import scoped
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

    def get_queryset(self) -> QuerySet[Area]:
        """The areas of the user's city (every city for a superuser): the public form shows
        a city's areas to anyone; the API of a city's staff shows no other city's."""
        return scoped(super().get_queryset(), user=self.request.user, city="city")
