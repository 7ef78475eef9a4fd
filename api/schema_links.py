"""OpenAPI links between operations (a drf-spectacular postprocessing hook), derived from
the paths, so new endpoints get theirs without a line here.

- A collection (``GET /X/`` and ``POST /X/``) links to every operation below its items
  (``/X/{id}/…``): the id comes from the created object (``$response.body#/id``) or from the
  first item of the list (``…#/results/0/id``).
- ``POST /ideas/`` creates a case: it also links to the operations of ``/cases/{id}/``.
- Every answer about one case that carries its ETag (the case, its transitions, each write)
  links to the case's operations; writes get ``If-Match`` from that ETag, so a client (or
  Schemathesis' stateful phase) can go from one step of the lifecycle to the next.
"""

from __future__ import annotations

import re
from typing import Any

_PARAM = re.compile(r"\{([^}]+)\}")
CASE = "/api/v1/cases/{id}/"
#: Operations whose answer is (or names) a case, though they live elsewhere.
CREATES_CASE = {("/api/v1/ideas/", "post"): "$response.body#/id"}
WRITES = ("post", "put", "patch", "delete")


def _operation_id(schema: dict[str, Any], path: str, method: str) -> str:
    return str(schema["paths"][path][method]["operationId"])


def _success(operation: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for code in ("201", "200"):
        if code in operation.get("responses", {}):
            return code, operation["responses"][code]
    return None


def _targets(schema: dict[str, Any], item_path: str) -> list[tuple[str, str]]:
    return [
        (path, method)
        for path, item in schema["paths"].items()
        if path.startswith(item_path)
        for method in item
        if method in ("get", *WRITES)
    ]


def _link(
    schema: dict[str, Any], path: str, method: str, bound: dict[str, str], etag: bool
) -> dict[str, Any] | None:
    """A link to ``method path`` with its path parameters; None if one cannot be bound."""
    parameters: dict[str, str] = {}
    for name in _PARAM.findall(path):
        if name not in bound:
            return None
        parameters[f"path.{name}"] = bound[name]
    if etag and method in WRITES:
        names = {p["name"] for p in schema["paths"][path][method].get("parameters", [])}
        if "If-Match" in names:
            parameters["header.If-Match"] = "$response.header.ETag"
    return {"operationId": _operation_id(schema, path, method), "parameters": parameters}


def _add_links(
    schema: dict[str, Any],
    source: tuple[str, str],
    item_path: str,
    bound: dict[str, str],
    etag: bool = False,
) -> None:
    path, method = source
    found = _success(schema["paths"][path][method])
    if found is None:
        return
    links = found[1].setdefault("links", {})
    for target in _targets(schema, item_path):
        if target == source:
            continue
        link = _link(schema, *target, bound, etag)
        if link is not None:
            links[link["operationId"]] = link
    if not links:
        del found[1]["links"]


def _from_request(path: str) -> dict[str, str]:
    return {name: f"$request.path.{name}" for name in _PARAM.findall(path)}


def _collection_links(schema: dict[str, Any]) -> None:
    for item_path in schema["paths"]:
        match = re.fullmatch(r"(.*/)\{([^}]+)\}/", item_path)
        if match is None or match.group(1) not in schema["paths"]:
            continue
        collection, name = match.groups()
        operations = schema["paths"][collection]
        field = "id" if name != "token" else "token"
        if "post" in operations:
            bound = {**_from_request(collection), name: f"$response.body#/{field}"}
            _add_links(schema, (collection, "post"), item_path, bound)
        if "get" in operations:
            found = _success(operations["get"])
            body = (found[1].get("content") or {}).get("application/json", {}) if found else {}
            listed = "results" in str(body.get("schema", {})) or "Paginated" in str(body)
            pointer = (
                f"$response.body#/results/0/{field}" if listed else f"$response.body#/0/{field}"
            )
            bound = {**_from_request(collection), name: pointer}
            _add_links(schema, (collection, "get"), item_path, bound)


def _case_links(schema: dict[str, Any]) -> None:
    for (path, method), pointer in CREATES_CASE.items():
        if path in schema["paths"] and method in schema["paths"][path]:
            _add_links(schema, (path, method), CASE, {"id": pointer})
    for path, item in schema["paths"].items():
        if not path.startswith(CASE):
            continue
        for method, operation in item.items():
            found = _success(operation) if method in ("get", *WRITES) else None
            if found is None or "ETag" not in found[1].get("headers", {}):
                continue
            if method == "get" and path not in (CASE, f"{CASE}transitions/"):
                continue
            targets = None if method == "get" else [CASE, f"{CASE}transitions/"]
            _add_case_links(schema, (path, method), targets)


def _add_case_links(
    schema: dict[str, Any], source: tuple[str, str], only: list[str] | None
) -> None:
    bound = {"id": "$request.path.id"}
    if only is None:
        _add_links(schema, source, CASE, bound, etag=True)
        return
    found = _success(schema["paths"][source[0]][source[1]])
    assert found is not None
    links = found[1].setdefault("links", {})
    for path in only:
        if path in schema["paths"] and "get" in schema["paths"][path]:
            link = _link(schema, path, "get", bound, etag=False)
            assert link is not None
            links[link["operationId"]] = link


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular POSTPROCESSING_HOOKS entry."""
    _collection_links(result)
    _case_links(result)
    return result


RATELIMIT_HEADERS = {
    "RateLimit-Policy": {
        "description": 'The rate limits that apply, e.g. `"user";q=1200;w=60` (quota `q` per '
        "`w` seconds; IETF draft-ietf-httpapi-ratelimit-headers). See docs/api.md.",
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What remains of each, e.g. `"user";r=1187;t=42` (`r` requests '
        "left, `t` seconds until the oldest counted request leaves the window).",
        "schema": {"type": "string"},
    },
}


def add_ratelimit_headers(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> Any:
    """drf-spectacular POSTPROCESSING_HOOKS entry: every success and 429 documents the
    RateLimit headers (``api.ratelimit``), as references to ``components/headers``."""
    result.setdefault("components", {})["headers"] = RATELIMIT_HEADERS
    for item in result["paths"].values():
        for operation in item.values():
            for code, response in operation.get("responses", {}).items():
                if code.startswith("2") or code == "429":
                    headers = response.setdefault("headers", {})
                    for name in RATELIMIT_HEADERS:
                        headers[name] = {"$ref": f"#/components/headers/{name}"}
    return result


UNKNOWN_VALUE = {
    "type": "string",
    "description": "A value added after this version of the schema (docs/api.md, *Enums*).",
}


def _tolerant(schema: Any) -> Any:
    """An enum in an answer: one of the known values, or any other string."""
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        if ref.endswith("Enum") and len(schema) == 1:
            return {"anyOf": [schema, UNKNOWN_VALUE]}
        for combinator in ("oneOf", "allOf"):
            members = schema.get(combinator)
            if members and all(m.get("$ref", "").endswith("Enum") for m in members):
                if combinator == "allOf" and len(members) > 1:
                    break
                rest = {k: v for k, v in schema.items() if k != combinator}
                return {**rest, "anyOf": [*members, UNKNOWN_VALUE]}
        return {key: _tolerant(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_tolerant(item) for item in schema]
    return schema


def tolerant_enums(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular POSTPROCESSING_HOOKS entry (after the enum hook): enums in answers also
    admit values this schema does not list yet, so generated clients keep working when a value
    is added within v1 (requests stay strict: the server refuses unknown values)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        if name.endswith("Enum") or name.endswith("Request"):
            continue
        schemas[name] = (
            {
                **schema,
                "properties": _tolerant(schema.get("properties", {})),
            }
            if "properties" in schema
            else schema
        )
    return result
