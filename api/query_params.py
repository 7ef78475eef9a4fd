"""Query parameters the schema does not document are a 400, on every operation.

A misspelt filter (``?updated_afte=…``) must not quietly widen an answer. The list of known
parameters is the OpenAPI schema itself (generated once per process from the code, as
``GET /api/schema/`` serves it), so a new endpoint or filter is covered without a line here,
and the server can never accept a parameter the schema does not describe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.http import QueryDict
from django.utils.translation import gettext as _

API_PREFIX = "/api/v1/"
_PLACEHOLDER = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True)
class Operation:
    path: re.Pattern[str]
    placeholders: int
    query: dict[str, frozenset[str]]  # method → documented query parameter names
    repeatable: dict[str, frozenset[str]]  # method → those that may come more than once


@cache
def documented_operations() -> tuple[Operation, ...]:
    """Every path of the schema with its documented query parameters per method; paths
    with fewer placeholders first, so ``offerings/import/`` wins over ``offerings/{id}/``."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, item in schema["paths"].items():
        common = [p for p in item.get("parameters", []) if p.get("in") == "query"]
        query, repeatable = {}, {}
        for method, operation in item.items():
            if method == "parameters":
                continue
            params = [*common, *(p for p in operation.get("parameters", []) if p["in"] == "query")]
            query[method.upper()] = frozenset(p["name"] for p in params)
            repeatable[method.upper()] = frozenset(
                p["name"] for p in params if p.get("schema", {}).get("type") == "array"
            )
        pattern = re.compile(
            _PLACEHOLDER.sub("[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")) + "$"
        )
        operations.append(Operation(pattern, len(_PLACEHOLDER.findall(path)), query, repeatable))
    return tuple(sorted(operations, key=lambda op: op.placeholders))


def unknown_query_parameters(path: str, method: str, query: QueryDict) -> dict[str, list[str]]:
    """Field errors for the query parameters ``method path`` does not document, and for one
    that is not a list but comes more than once; empty if all is well, or if the schema has no
    such operation (a 404 or 405 follows anyway)."""
    if not query or not path.startswith(API_PREFIX):
        return {}
    if method == "HEAD":
        method = "GET"
    for operation in documented_operations():
        if operation.path.match(path):
            known = operation.query.get(method)
            if known is None:
                return {}
            errors = {
                name: [_("Diesen Parameter gibt es hier nicht.")] for name in set(query) - known
            }
            for name in (set(query) & known) - operation.repeatable[method]:
                if len(query.getlist(name)) > 1:
                    errors[name] = [_("Dieser Parameter ist nur einmal erlaubt.")]
            return dict(sorted(errors.items()))
    return {}


def empty_numbers(data: Mapping[str, str], names: Iterable[str]) -> dict[str, list[str]]:
    """Errors for the number filters among ``names`` given empty (``?city=``): a page's form
    takes an empty field for "all", the API's schema says a given filter is a number."""
    return {name: [_("Bitte geben Sie eine Zahl an.")] for name in names if data.get(name) == ""}
