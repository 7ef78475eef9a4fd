"""The answer to OPTIONS: which methods the resource allows (also in ``Allow``)."""

from __future__ import annotations

from typing import Any

from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request


class AllowedMethodsMetadata(BaseMetadata):
    """``{"methods": ["GET", "HEAD", "OPTIONS"], "schema": "/api/schema/"}``; the request and
    response bodies are described by the OpenAPI schema, not here."""

    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {"methods": list(view.allowed_methods), "schema": "/api/schema/"}
