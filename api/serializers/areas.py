from __future__ import annotations

from rest_framework import serializers

from backend.areas.models import Area


class AreaSerializer(serializers.ModelSerializer):
    """A district (Stadtbezirk) or quarter (Stadtteil)."""

    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The district of a quarter; null for a district."
    )

    class Meta:
        model = Area
        fields = ["id", "kind", "code", "name", "city", "parent"]
