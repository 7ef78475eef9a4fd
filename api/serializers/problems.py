from __future__ import annotations

from rest_framework import serializers

from api.problems import PROBLEMS, problem_type
from workflows.states import CaseState

#: Every problem type URI (one enum in the schema, ``ProblemTypeEnum``).
PROBLEM_TYPE_CHOICES = [(problem_type(code), problem_type(code)) for code in PROBLEMS]


class ProblemGuardSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457 problem details), served as application/problem+json."""

    type = serializers.ChoiceField(
        choices=PROBLEM_TYPE_CHOICES,
        help_text="Stable machine key of the kind of error.",
    )
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, for people (German).")
    instance = serializers.CharField(help_text="The request path.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text='Field errors: {"field.path": ["message", ...]} (validation).',
    )
    state = serializers.ChoiceField(
        choices=CaseState.choices, required=False, help_text="The case's current state (409)."
    )
    version = serializers.IntegerField(required=False, help_text="The case's current version.")
    guards = ProblemGuardSerializer(
        many=True, required=False, help_text="Failing business rules (guard-failed)."
    )
    retry_after = serializers.IntegerField(required=False, help_text="Seconds (throttled).")
