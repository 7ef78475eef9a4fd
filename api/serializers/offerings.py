from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import FormBooleanField, StrictBooleanField, StrictCharField
from api.serializers.problems import ProblemSerializer
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


class OfferingImportProblemSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="unknown_quarter, unknown_slug, missing_value, invalid_value, too_long, "
        "conflict, duplicate_external_id, unknown_column, wrong_column_count, invalid_row, "
        "forbidden_district (a district coordinator's token: offering outside their "
        "districts, or citywide); "
        "for the whole file not_utf8, empty_file, bad_header, malformed_csv, malformed_json."
    )
    message = serializers.CharField()
    row = serializers.IntegerField(
        allow_null=True, help_text="CSV: the header is row 1; JSON: the first object is 1."
    )
    column = serializers.CharField(allow_null=True)


class OfferingImportReportSerializer(serializers.Serializer):
    """What an import did (``ImportReport.as_dict()``)."""

    ok = serializers.BooleanField()
    stored = serializers.BooleanField(help_text="True when the (good) rows were written.")
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    bad_rows = serializers.IntegerField()
    problems = OfferingImportProblemSerializer(many=True)


CITY_HELP = "City slug, e.g. essen; may be left out while there is only one city."
SOURCE_HELP = "Source for rows without one; (source, external_id) is the key."
PARTIAL_HELP = "Store the good rows even if some are bad (default: all or nothing)."


class OfferingImportUploadSerializer(serializers.Serializer):
    """A CSV or JSON file (docs/overlap.md, *Import format*) and the options as form fields."""

    file = serializers.FileField()
    format = serializers.ChoiceField(
        choices=[("csv", "CSV"), ("json", "JSON")],
        required=False,
        help_text="Default: from the file name (.csv, .json).",
    )
    city = serializers.CharField(max_length=50, required=False, help_text=CITY_HELP)
    source = serializers.CharField(
        max_length=50, required=False, default="import", help_text=SOURCE_HELP
    )
    partial = FormBooleanField(required=False, default=False, help_text=PARTIAL_HELP)


class OfferingImportRowsSerializer(serializers.Serializer):
    """The rows as JSON objects (the keys of the CSV header; lists and booleans)."""

    rows = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=20000)
    city = StrictCharField(max_length=50, required=False, help_text=CITY_HELP)
    source = StrictCharField(max_length=50, required=False, default="import", help_text=SOURCE_HELP)
    partial = StrictBooleanField(required=False, default=False, help_text=PARTIAL_HELP)


class OfferingImportRejectedSerializer(ProblemSerializer):
    """problem+json ``import-rejected`` with the report's members (what was wrong, row by row;
    ``stored`` says whether the good rows were written); a request that is malformed
    itself is a plain ``validation`` problem without them."""

    ok = serializers.BooleanField(required=False)
    stored = serializers.BooleanField(required=False)
    rows = serializers.IntegerField(required=False)
    created = serializers.IntegerField(required=False)
    updated = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)
    bad_rows = serializers.IntegerField(required=False)
    problems = OfferingImportProblemSerializer(many=True, required=False)
