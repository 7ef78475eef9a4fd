from __future__ import annotations

from rest_framework import serializers

from backend.offerings.models import Offering


class OfferingSerializer(serializers.ModelSerializer):
    """An existing offering (Angebot) in a quarter or city-wide."""

    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Offering
        fields = [
            "id",
            "city",
            "title",
            "description",
            "provider",
            "quarter",
            "citywide",
            "target_groups",
            "topics",
            "schedule",
            "address",
            "contact",
            "valid_from",
            "valid_to",
            "active",
            "source",
            "external_id",
        ]
