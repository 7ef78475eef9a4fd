from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from api.filters import FundingProgramFilter
from api.pagination import ReferencePagination
from api.serializers.programs import FundingProgramSerializer
from backend.accounts.scope import scoped
from backend.programs.models import FundingProgram


class FundingProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """Funding programmes with budgets and deadlines."""

    queryset = (
        FundingProgram.objects.select_related("city")
        .prefetch_related("budgets", "deadlines")
        .order_by("name", "pk")
    )
    serializer_class = FundingProgramSerializer
    pagination_class = ReferencePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = FundingProgramFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[FundingProgram]:
        """Programmes of the user's city (every city for a superuser)."""
        return scoped(super().get_queryset(), user=self.request.user, city="city")
