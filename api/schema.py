"""OpenAPI schema settings beyond drf-spectacular's defaults.

- Every operation documents its error responses as ``application/problem+json``.
- Write operations on a case document ``If-Match``; reads of a case document ``ETag``.
- Every POST documents ``Idempotency-Key`` (``api.idempotency``).
- Each transition is its own operation with its own payload schema (from its form), with an
  English summary whatever the language the schema is generated in.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.functional import Promise
from django_filters import CharFilter
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from api.conditional import IF_MATCH_PATTERN
from api.problems import PROBLEM_MEDIA_TYPE

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

#: What Python's ``str.strip()`` removes (DRF trims text with it before it checks "blank").
_PY_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: Request text: never a NUL character (PostgreSQL cannot store one; DRF refuses it) ...
NO_NUL = r"^[^\x00]*$"
#: ... and, where blank is refused, at least one character that is not whitespace.
VISIBLE_TEXT = rf"^[^\x00]*[^\x00{_PY_SPACE}][^\x00]*$"

PROBLEM_DESCRIPTIONS = {
    "400": "Invalid input (`validation`, `malformed-request`, `invalid-cursor`).",
    "401": "Missing or invalid credentials.",
    "403": "Not allowed (`permission-denied`, `read-only-token`).",
    "404": "Not found, or a case outside your districts.",
    "406": "The Accept header asks for a format the API does not serve.",
    "409": "The case's state does not allow this (`transition-not-allowed`, `guard-failed`, "
    "`stale-case`, `conflict`; `state` is the current state), or a request with the same "
    "Idempotency-Key is still running (`idempotency-key-in-progress`).",
    "410": "The private status link has expired (`link-expired`); the status page's "
    "„Link erneut senden“ mails a new one.",
    "412": "If-Match does not match the case's current ETag.",
    "413": "Request body too large.",
    "415": "Content-Type is not application/json.",
    "422": "The Idempotency-Key was used for another request (`idempotency-key-reused`).",
    "429": "Too many requests; see Retry-After.",
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": IF_MATCH_PATTERN},
    OpenApiParameter.HEADER,
    required=False,
    description=(
        'The case\'s ETag from an earlier read, e.g. `"7"`. If the case changed since, the '
        'request is refused with 412 and nothing changes. A weak tag (`W/"7"`) or a '
        "malformed value never matches (412)."
    ),
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"},
    OpenApiParameter.HEADER,
    required=False,
    description="A unique string per request (e.g. a UUID), 1 to 200 visible ASCII "
    "characters. Sent again with the same request, the first answer is replayed "
    "(`Idempotent-Replayed: true`) and nothing is done twice; with another request it is a "
    "422. Kept for 24 hours per client. See docs/api.md, *Idempotency*.",
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=["200", "201"],
    description='Current version of the case, e.g. `"7"`; send it back as If-Match.',
)


def _text_fields() -> tuple[type, ...]:
    from api.serializers.fields import StrictCharField

    return (serializers.CharField, StrictCharField)


TEXT_FIELDS = _text_fields()


class ApiAutoSchema(AutoSchema):
    """Adds problem responses, If-Match/ETag and the transition operations' details."""

    def _get_serializer_field_meta(self, field: Any, direction: Any) -> dict[str, Any]:
        meta: dict[str, Any] = super()._get_serializer_field_meta(field, direction)
        # Labels are UI text (German, translated): as titles they would name the classes that
        # generators make, which then change with the language. The description stays.
        meta.pop("title", None)
        return meta

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        """What DRF enforces beyond drf-spectacular's mapping: non-empty lists and mappings,
        and for text: no NUL character, and not only whitespace where blank is refused."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema is None or direction != "request" or "$ref" in schema:
            return schema
        if isinstance(field, serializers.DictField) and not field.allow_empty:
            schema["minProperties"] = 1
        lists = serializers.ListField | serializers.MultipleChoiceField
        if isinstance(field, lists) and not field.allow_empty:
            schema["minItems"] = 1
        own_pattern = any(isinstance(v, RegexValidator) for v in field.validators)
        if type(field) in TEXT_FIELDS and "pattern" not in schema and not own_pattern:
            visible = field.trim_whitespace and not field.allow_blank
            schema["pattern"] = VISIBLE_TEXT if visible else NO_NUL
        return schema

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> Any:
        """In answers, a model's fields are always there: each is ``required`` (a model field
        with a default would otherwise look optional). A plain serializer's field declared
        ``required=False`` may be left out (a problem's ``errors``), and stays optional."""
        schema = super()._map_basic_serializer(serializer, direction)
        instance = serializer if not isinstance(serializer, type) else serializer()
        if direction != "response" or not isinstance(instance, serializers.ModelSerializer):
            return schema
        declared = getattr(instance, "_declared_fields", {})
        optional = {
            name for name, field in declared.items() if not field.required and not field.read_only
        }
        properties = schema.get("properties", {})
        schema["required"] = sorted(set(properties) - optional)
        return schema

    def _transition(self) -> Any:
        name = getattr(self.view, "transition_name", "")
        if not name:
            return None
        from workflows.registry import transitions

        return transitions()[name]

    def _get_filter_parameters(self) -> Any:
        """A text filter's ``max_length`` (a longer value is a 400) and no NUL characters."""
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = getattr(filterset, "base_filters", {})
        for parameter in parameters:
            found = filters.get(parameter["name"])
            if found is None or not isinstance(found, CharFilter):
                continue
            schema = parameter.setdefault("schema", {})
            if found.extra.get("max_length"):
                schema["maxLength"] = found.extra["max_length"]
            schema.setdefault("pattern", NO_NUL)
        return parameters

    def get_request_serializer(self) -> Any:
        spec = self._transition()
        if spec is None:
            return super().get_request_serializer()
        from api.serializers.transitions import transition_request_schema

        return transition_request_schema(spec.name)

    def get_summary(self) -> str | None:
        spec = self._transition()
        if spec is None:
            return super().get_summary()
        # From the stable name, not the (translated) label: summaries and the names generators
        # derive from them must not change with the language ("Submit application").
        return spec.name.replace("_", " ").capitalize()

    def get_description(self) -> str:  # type: ignore[override]
        spec = self._transition()
        if spec is None:
            return super().get_description()
        sources = ", ".join(f"`{s.value}`" for s in spec.sources)
        text = f"{spec.doc}\n\nFrom {sources} to `{spec.target.value}`."
        if spec.guards:
            codes = ", ".join(f"`{g.code}`" for g in spec.guards)
            text += f" Guards (409 `guard-failed` when one fails): {codes}."
        return text

    def get_override_parameters(self) -> list[Any]:
        params = list(super().get_override_parameters())
        if self.method == "POST":
            params.append(IDEMPOTENCY_KEY)
        if getattr(self.view, "case_etag", False):
            if self.method in WRITE_METHODS:
                params.append(IF_MATCH)
            if not self._is_list_view() or getattr(self.view, "etag_on_list", False):
                params.append(ETAG)
        return params

    def _problem_codes(self) -> list[str]:
        codes = ["406", "429"]
        public = not self.get_auth() or getattr(self.view, "public", False)
        if not public:
            codes += ["401", "403"]
        if "{" in self.path or self.method in WRITE_METHODS:
            codes.append("404")
        if self.method in WRITE_METHODS:
            codes += ["400", "413", "415"]
            if not public:
                codes.append("409")
        if self.method == "POST":
            codes += ["409", "422"]
        elif self._is_list_view() or getattr(self.view, "validates_query", False):
            codes.append("400")
        if getattr(self.view, "case_etag", False) and self.method in WRITE_METHODS:
            codes.append("412")
        if getattr(self.view, "by_status_link", False):
            codes.append("410")
        return sorted(set(codes))

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        from api.serializers.problems import ProblemSerializer

        responses = super()._get_response_bodies(direction)
        for code in self._problem_codes():
            if code not in responses:
                response = self._get_response_for_code(
                    ProblemSerializer, code, media_types=[PROBLEM_MEDIA_TYPE]
                )
                response["description"] = PROBLEM_DESCRIPTIONS[code]
                responses[code] = response
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "API token (`fl_...`), created in the admin or with "
            "`manage.py api_token_create`.",
        }


class EnglishSchemaGenerator(SchemaGenerator):
    """The schema in English whatever the request's or the server's language: names,
    summaries and enum descriptions must not change with it (generated clients take their
    class names from them). Lazy translations are resolved here, inside the override."""

    def get_schema(self, request: Any = None, public: bool = False) -> Any:
        with translation.override("en"):
            return _resolved(super().get_schema(request=request, public=public))


def _resolved(value: Any) -> Any:
    if isinstance(value, dict):
        return {_resolved(key): _resolved(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_resolved(item) for item in value)
    if isinstance(value, Promise):
        return str(value)
    return value


class MoneyFieldExtension(OpenApiSerializerFieldExtension):
    """``MoneyField``: a decimal string with the pattern the server enforces."""

    target_class = "api.serializers.fields.MoneyField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        field = self.target
        low = "0.01" if field.positive else "0"
        return {
            "type": "string",
            "format": "decimal",
            "pattern": field.pattern,
            "maxLength": 13,
            "example": "2700.00",
            "description": f"Euros as a string, {low} to 9999999999.99, at most two decimals "
            '(e.g. "2700.00", "0.5"); no sign, exponent or leading zeros.',
        }
