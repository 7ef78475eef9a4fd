from __future__ import annotations

from rest_framework import serializers

from backend.associations.models import Association, ContactPerson


class AssociationSerializer(serializers.ModelSerializer):
    """An applicant organisation (Verein, Migrantenorganisation, initiative)."""

    class Meta:
        model = Association
        fields = [
            "id",
            "name",
            "legal_form",
            "register_number",
            "street",
            "postal_code",
            "town",
            "languages",
            "created_at",
        ]


class ContactPersonSerializer(serializers.ModelSerializer):
    """The contact person of an association for one case (personal data)."""

    class Meta:
        model = ContactPerson
        fields = ["id", "name", "email", "phone", "preferred_language"]
