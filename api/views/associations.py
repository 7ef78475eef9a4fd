from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from api.filters import AssociationFilter
from api.pagination import ReferencePagination
from api.serializers.associations import AssociationSerializer
from backend.associations.models import Association


class AssociationViewSet(viewsets.ReadOnlyModelViewSet):
    """Applicant organisations (created by idea submissions)."""

    queryset = Association.objects.order_by("name", "pk")
    serializer_class = AssociationSerializer
    pagination_class = ReferencePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssociationFilter
    lookup_value_regex = "[0-9]+"
