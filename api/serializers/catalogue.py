"""The public catalogue's records (``GET /api/v1/catalogue/``): the open data fields."""

from __future__ import annotations

from rest_framework import serializers

from backend.common.vocabularies import Language, TargetGroup, Topic


class CatalogueOfferingSerializer(serializers.Serializer):
    """One offering of the public catalogue (the fields of the open data files)."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The offering's public page.")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    provider = serializers.CharField(allow_blank=True)
    city = serializers.CharField(help_text="City slug, e.g. essen.")
    district = serializers.CharField(allow_null=True, help_text="District code; null: city-wide.")
    district_name = serializers.CharField(allow_null=True)
    quarter = serializers.CharField(allow_null=True, help_text="Quarter name; null: city-wide.")
    citywide = serializers.BooleanField()
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices))
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices)
    )
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices))
    schedule = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    contact = serializers.CharField(allow_blank=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    funded_project = serializers.BooleanField(
        help_text="A project funded through Förderlotse, published with the association's consent."
    )
    updated_at = serializers.DateTimeField()
