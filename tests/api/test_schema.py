"""The OpenAPI schema: valid, committed and current, and its documentation pages offline."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def generated() -> str:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def schema() -> dict:
    return yaml.safe_load(generated())


def test_committed_schema_is_current():
    committed = (ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == generated(), "docs/openapi.yaml is stale: run `make openapi`"


def test_schema_has_enums_for_states_transitions_and_vocabularies(schema):
    components = schema["components"]["schemas"]
    assert components["CaseStateEnum"]["enum"][:2] == ["idea", "advice"]
    assert "approve" in components["TransitionNameEnum"]["enum"]
    for name in ("TargetGroupEnum", "TopicEnum", "AreaKindEnum", "ProblemTypeEnum"):
        assert components[name]["enum"], name


def test_every_error_response_is_problem_json(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (path, method)
            public = path.startswith("/api/v1/ideas/") or path in (
                "/api/v1/overlap-checks/",
                "/api/v1/catalogue/",
            )
            if not public:
                assert {"401", "403"} <= set(operation["responses"]), (path, method)


def test_each_transition_is_an_operation_with_its_own_payload(schema):
    approve = schema["paths"]["/api/v1/cases/{id}/transitions/approve/"]["post"]
    ref = approve["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    payload = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(payload["required"]) == {"amount", "funding_start", "funding_end", "deciding_body"}
    assert "If-Match" in {p["name"] for p in approve["parameters"]}
    assert "412" in approve["responses"]


def test_main_operations_have_examples(schema):
    paths = schema["paths"]
    assert paths["/api/v1/ideas/"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert paths["/api/v1/cases/"]["get"]["responses"]["200"]["content"]["application/json"][
        "examples"
    ]
    plan = paths["/api/v1/cases/{id}/financing-plan/"]["put"]
    assert plan["requestBody"]["content"]["application/json"]["examples"]


def test_token_auth_is_a_bearer_scheme(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["tokenAuth"]["description"],
    }
    assert schema["paths"]["/api/v1/ideas/"]["post"]["security"] == [{}]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_documentation_pages_load_nothing_from_third_party_hosts(db, url):
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, flags=re.IGNORECASE) == []
    assets = re.findall(r"""(?:src|href)=["']?(/static/[^"' >]+)""", html)
    assert assets
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_swagger_ui_does_not_call_the_online_validator(db):
    page = Client().get("/api/docs/").content.decode()
    # The start script is a file of its own (no inline script under the CSP).
    assert "<script>" not in page.replace(" ", "")
    script = Client().get("/api/docs/?script=").content.decode()
    assert '"validatorUrl": null' in script


def test_status_link_operation_states_that_links_expire(schema):
    """The status by private token answers 410 ``link-expired`` (issue #17); a generated
    client must know that answer, so the operation declares it as problem+json — and only
    operations reached by a status link do."""
    with_410 = {
        op["operationId"]
        for path in schema["paths"].values()
        for op in path.values()
        if "410" in op.get("responses", {})
    }
    assert with_410 == {"ideas_status"}
    response = schema["paths"]["/api/v1/ideas/{token}/"]["get"]["responses"]["410"]
    assert list(response["content"]) == ["application/problem+json"]
    assert "link-expired" in response["description"]
