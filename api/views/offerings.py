from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from api.filters import OfferingFilter
from api.pagination import ReferencePagination
from api.serializers.offerings import OfferingSerializer
from backend.offerings.models import Offering


class OfferingViewSet(viewsets.ReadOnlyModelViewSet):
    """Existing offerings (Angebote) of the city."""

    queryset = Offering.objects.select_related("city").order_by("title", "pk")
    serializer_class = OfferingSerializer
    pagination_class = ReferencePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = OfferingFilter
    lookup_value_regex = "[0-9]+"
