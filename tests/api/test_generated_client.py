"""A client generated from docs/openapi.yaml by a standard generator (openapi-python-client)
lists cases and performs a transition against a live server. Takes a few seconds."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def _module(name):
    return importlib.import_module(f"foerderlotse_client.{name}")


@pytest.mark.django_db(transaction=True)
def test_generated_client_drives_a_case_through_its_whole_lifecycle(
    generated_client, live_server, essen, time_machine
):
    """Submit (public) → start advice → advice session → financing plan → application →
    approval → a document → report → accepted, every step through the generated client with
    the ETag of the step before, and each POST with an Idempotency-Key."""
    from backend.areas.models import Area
    from tests import clock
    from tests.factories import ProgramFactory, budgets_for_period

    program: Any = ProgramFactory(name="Integrationsbudget Essen")
    budgets_for_period(program, "10000")
    coordinator = coordinator_for(Area.objects.get(city=essen, code="IV"), "bezirk-iv")
    key = api_token_create(user=coordinator, name="generated client", scope="write").key
    models = _module("models")
    client_module = _module("client")
    public = client_module.Client(base_url=live_server.url)
    client = client_module.AuthenticatedClient(base_url=live_server.url, token=key)
    borbeck = Area.objects.get(city=essen, name="Borbeck-Mitte")
    start, end = clock.funding_period()

    created = _module("api.ideas.ideas_create").sync_detailed(
        client=public,
        idempotency_key="lifecycle-1",
        body=models.IdeaSubmissionRequest(
            title="Sprachcafé für Eltern",
            challenge="Eltern finden schwer Anschluss.",
            affected="Neu zugewanderte Eltern",
            intended_result="Eltern sprechen sicherer Deutsch.",
            quarter=borbeck.pk,
            target_groups=[models.TargetGroupEnum.FAMILIEN],
            topics=[models.TopicEnum.SPRACHE],
            consent=True,
            estimated_cost="3000.00",
            association=models.IdeaAssociationRequest(
                name="Kulturbrücke Borbeck e.V.",
                legal_form=models.LegalFormEnum.EV,
                street="Marktstraße 1",
                postal_code="45355",
                town="Essen",
            ),
            contact=models.IdeaContactRequest(
                name="Ayşe Demir",
                email="ayse@example.org",
                preferred_language=models.PreferredLanguageEnum.DE,
            ),
        ),
    )
    assert created.status_code == 201, created.content
    case_id = created.parsed.id
    assert created.headers["Location"] == f"/api/v1/cases/{case_id}/"

    def step(name, body, etag):
        module = _module(f"api.cases.cases_transitions_{name}_create")
        answer = module.sync_detailed(
            id=case_id, client=client, body=body, if_match=etag, idempotency_key=f"{name}-1"
        )
        assert answer.status_code == 200, answer.content
        return answer.parsed, answer.headers["ETag"]

    detail = _module("api.cases.cases_retrieve").sync_detailed(id=case_id, client=client)
    case, etag = step("start_advice", models.StartAdvicePayloadRequest(), detail.headers["ETag"])
    assert case.state.value == "advice"

    session = _module("api.cases.cases_advice_sessions_create").sync_detailed(
        id=case_id,
        client=client,
        if_match=etag,
        body=models.AdviceSessionCreateRequest(place="Stadtteilbüro", notes="Plan besprochen"),
    )
    assert session.status_code == 201, session.content
    plan = _module("api.cases.cases_financing_plan_update").sync_detailed(
        id=case_id,
        client=client,
        if_match=session.headers["ETag"],
        body=models.FinancingPlanWriteRequest(
            program=program.pk,
            financing_type=models.FinancingTypeEnum.FEHLBEDARF,
            own_share="300.00",
            third_party="0",
            requested_amount="2700.00",
            funding_start=start,
            funding_end=end,
            lines=[
                models.FinancingPlanLineInputRequest(label="Honorare", amount="2700.00"),
                models.FinancingPlanLineInputRequest(label="Material", amount="300.00"),
            ],
        ),
    )
    assert plan.status_code == 200, plan.content
    case, etag = step(
        "submit_application", models.SubmitApplicationPayloadRequest(), plan.headers["ETag"]
    )
    case, etag = step(
        "approve",
        models.ApprovePayloadRequest(
            amount="2700.00",
            funding_start=start,
            funding_end=end,
            deciding_body="Kommunales Integrationszentrum",
        ),
        etag,
    )
    assert case.state.value == "decision"
    assert _module("api.cases.cases_decision_retrieve").sync(id=case_id, client=client).amount == (
        "2700.00"
    )

    from foerderlotse_client.types import File

    from tests.documents.files import PDF

    upload = _module("api.cases.cases_documents_create").sync_detailed(
        id=case_id,
        client=client,
        if_match=etag,
        body=models.CaseDocumentUploadRequest(
            category=models.UploadCategoryEnum.BELEG,
            file=File(payload=io.BytesIO(PDF), file_name="beleg.pdf", mime_type="application/pdf"),
        ),
    )
    assert upload.status_code == 201, upload.content
    documents = _module("api.cases.cases_documents_list").sync(id=case_id, client=client)
    assert upload.parsed.id in {d.id for d in documents}

    lines = _module("api.cases.cases_financing_plan_retrieve").sync(id=case_id, client=client)
    # The report comes after the funding period, with a Belegliste adding up per line.
    etag = upload.headers["ETag"]
    time_machine.move_to(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(10)), tick=True)
    for line in lines.lines:
        receipt = _module("api.cases.cases_receipts_create").sync_detailed(
            id=case_id,
            client=client,
            if_match=etag,
            body=models.ReceiptCreateRequest(
                line=line.id,
                paid_on=start + dt.timedelta(days=1),
                payee="Honorarkraft",
                reason=line.label,
                amount=line.amount,
            ),
        )
        assert receipt.status_code == 201, receipt.content
        etag = receipt.headers["ETag"]
    spent = models.SubmitReportPayloadRequestSpent.from_dict(
        {str(line.id): line.amount for line in lines.lines}
    )
    case, etag = step(
        "submit_report",
        models.SubmitReportPayloadRequest(narrative="Zehn Treffen, 40 Eltern.", spent=spent),
        etag,
    )
    case, etag = step("accept_report", models.AcceptReportPayloadRequest(), etag)
    assert case.state.value == "closed"

    history = _module("api.cases.cases_history_list").sync(id=case_id, client=client)
    transitions = [event.transition for event in history.results if event.transition]
    assert [str(getattr(t, "value", t)) for t in transitions] == [
        "start_advice",
        "submit_application",
        "approve",
        "submit_report",
        "accept_report",
    ]


def test_generated_client_tolerates_enum_values_added_later(generated_client):
    """Enums in answers admit any other string (docs/api.md, Enums): a client generated today
    reads an answer with a state added later instead of failing."""
    models = _module("models")
    known = models.CaseEvent.from_dict(_event(to_state="advice"))
    later = models.CaseEvent.from_dict(_event(to_state="paused", kind="payout"))
    assert known.to_state == models.CaseStateEnum.ADVICE
    assert later.to_state == "paused"
    assert later.kind == "payout"


def _event(**overrides):
    return {
        "id": 1,
        "kind": "transition",
        "actor_kind": "user",
        "actor": 1,
        "actor_label": "Koordination",
        "transition": "start_advice",
        "from_state": "idea",
        "to_state": "advice",
        "comment": "",
        "payload": {},
        "created_at": "2026-03-05T14:00:00+01:00",
        **overrides,
    }
