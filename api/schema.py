"""OpenAPI schema settings beyond drf-spectacular's defaults.

- Every operation documents its error responses as ``application/problem+json``.
- Write operations on a case document ``If-Match``; reads of a case document ``ETag``.
- Each transition is its own operation with its own payload schema (from its form).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from api.problems import PROBLEM_MEDIA_TYPE

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

PROBLEM_DESCRIPTIONS = {
    "400": "Invalid input (`validation`, `malformed-request`, `invalid-cursor`).",
    "401": "Missing or invalid credentials.",
    "403": "Not allowed (`permission-denied`, `read-only-token`).",
    "404": "Not found, or a case outside your districts.",
    "406": "The Accept header asks for a format the API does not serve.",
    "409": "The case's state does not allow this (`transition-not-allowed`, `guard-failed`, "
    "`stale-case`, `conflict`); `state` is the current state.",
    "412": "If-Match does not match the case's current ETag.",
    "413": "Request body too large.",
    "415": "Content-Type is not application/json.",
    "429": "Too many requests; see Retry-After.",
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        'The case\'s ETag from an earlier read, e.g. `"7"`. If the case changed since, the '
        "request is refused with 412 and nothing changes."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=["200", "201"],
    description='Current version of the case, e.g. `"7"`; send it back as If-Match.',
)


class ApiAutoSchema(AutoSchema):
    """Adds problem responses, If-Match/ETag and the transition operations' details."""

    def _transition(self) -> Any:
        name = getattr(self.view, "transition_name", "")
        if not name:
            return None
        from workflows.registry import transitions

        return transitions()[name]

    def get_summary(self) -> str | None:
        spec = self._transition()
        return str(spec.label) if spec else super().get_summary()

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
        elif self._is_list_view() or getattr(self.view, "validates_query", False):
            codes.append("400")
        if getattr(self.view, "case_etag", False) and self.method in WRITE_METHODS:
            codes.append("412")
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
