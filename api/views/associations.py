from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from api.filters import AssociationFilter
from api.pagination import ReferencePagination
from api.serializers.associations import AssociationSerializer
from backend.associations.models import Association
from backend.cases.selectors import associations_visible_to


class AssociationViewSet(viewsets.ReadOnlyModelViewSet):
    """Applicant organisations (created by idea submissions)."""

    queryset = Association.objects.order_by("name", "pk")
    serializer_class = AssociationSerializer
    pagination_class = ReferencePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssociationFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Association]:
        """Only associations with a case the user sees: a coordinator reads the address of
        an association of their districts, not of the whole city (nor of another city)."""
        return associations_visible_to(user=self.request.user).order_by("name", "pk")
