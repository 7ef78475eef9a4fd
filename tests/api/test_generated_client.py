"""A client generated from docs/openapi.yaml by a standard generator (openapi-python-client)
lists cases and performs a transition against a live server. Takes a few seconds."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from backend.accounts.services import api_token_create
from tests.factories import coordinator_for, submit_idea

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory):
    out = tmp_path_factory.mktemp("client")
    config = out / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run: the code only needs to import
    subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(ROOT / "docs" / "openapi.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(out / "foerderlotse_client"),
            "--config",
            str(config),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sys.path.insert(0, str(out))
    yield importlib.import_module("foerderlotse_client")
    sys.path.remove(str(out))
    for name in [m for m in sys.modules if m.startswith("foerderlotse_client")]:
        del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_generated_client_lists_cases_and_performs_a_transition(
    generated_client, live_server, essen
):
    from backend.areas.models import Area

    coordinator = coordinator_for(Area.objects.get(city=essen, code="IV"), "bezirk-iv")
    case = submit_idea()
    key = api_token_create(user=coordinator, name="generated client", scope="write").key

    client_module = importlib.import_module("foerderlotse_client.client")
    cases_list = importlib.import_module("foerderlotse_client.api.cases.cases_list")
    start_advice = importlib.import_module(
        "foerderlotse_client.api.cases.cases_transitions_start_advice_create"
    )
    models = importlib.import_module("foerderlotse_client.models")

    client = client_module.AuthenticatedClient(base_url=live_server.url, token=key)
    page = cases_list.sync(client=client, page_size=10)
    assert [c.reference for c in page.results] == [case.reference]
    assert page.results[0].state.value == "idea"

    updated = start_advice.sync(
        id=case.pk,
        client=client,
        body=models.StartAdvicePayloadRequest(comment="per generiertem Client"),
        if_match=f'"{case.version}"',
    )
    assert isinstance(updated, models.CaseDetail), updated
    assert updated.state.value == "advice"

    again = start_advice.sync(id=case.pk, client=client, body=models.StartAdvicePayloadRequest())
    assert isinstance(again, models.Problem)
    assert again.status == 409
