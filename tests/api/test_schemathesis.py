"""Schemathesis against the live schema: every operation, all checks, as a coordinator.

Bounded: a few derandomized examples per operation (``MAX_EXAMPLES``), run in process
through WSGI on the test database, with cases in several states so that some generated
requests hit real cases."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from backend.accounts.services import api_token_create
from tests.factories import complete_plan, move, submit_idea
from workflows.actors import Actor

MAX_EXAMPLES = 12

# All checks stay on. One adjustment: a write whose body matches the schema may still break a
# business rule the schema cannot express (the quarter id must exist, an amount must not
# exceed the requested amount, the case must be in the right state), and the generated
# If-Match header is almost never the case's current ETag, and a generated Idempotency-Key may
# repeat with another body (422). For writes, 400, 412 and 422 count as correct answers to
# schema-valid data too; every other check is unchanged. (CI also runs Schemathesis against a
# live server with the demo data and far fewer exceptions: tests/api/schemathesis.toml.)
CONFIG = schemathesis.Config.from_str(
    """
checks.negative_data_rejection.expected-statuses = [
    "400", "401", "403", "404", "405", "406", "409", "412", "413", "415", "422", "429",
]

[[operations]]
include-method-regex = "^(POST|PUT|PATCH)$"
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "400", "401", "403", "404", "409", "412", "422", "429",
]

# A cursor is opaque: only the server issues valid ones, so a generated string is a 400.
[[operations]]
include-path-regex = '^/api/v1/(cases/([{]id[}]/history/)?|events/)$'
include-method = "GET"
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "400", "401", "403", "404", "409", "429",
]
"""
)

# The schema is served by the app itself (GET /api/schema/ needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def auth_headers(db, coordinator, program):
    """A read-write token of district IV's coordinator, and cases in idea, advice (with a
    plan) and application."""
    actor = Actor.for_user(coordinator)
    submit_idea()
    advice = move(submit_idea(), "start_advice", actor)
    application = move(submit_idea(), "start_advice", actor)
    complete_plan(application, actor, program)
    move(application, "submit_application", actor)
    complete_plan(advice, actor, program)
    token = api_token_create(user=coordinator, name="schemathesis", scope="write").key
    # Like Django's test client: keep the test's connection (and its transaction) open
    # across requests instead of closing it when a request finishes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {token}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_to_its_schema(case, auth_headers):
    case.call_and_validate(headers=auth_headers)


@pytest.fixture
def cases_in_every_state(db, coordinator, program, time_machine):
    """One case per reachable state of the lifecycle (ids for the detail operations)."""
    from tests.factories import (
        approve_data,
        pay_out,
        repayment_account,
        report_data,
        to_period_end,
    )

    actor = Actor.for_user(coordinator)
    found = {"idea": submit_idea()}
    found["referred"] = move(
        submit_idea(), "refer", actor, {"referral_kind": "other_funder", "reason": "Land"}
    )
    case = move(submit_idea(), "start_advice", actor)
    complete_plan(case, actor, program, requested="1000")
    found["advice"] = case
    closed = move(submit_idea(), "start_advice", actor)
    complete_plan(closed, actor, program, requested="1000")
    move(closed, "submit_application", actor)
    move(closed, "approve", actor, approve_data("1000"))
    repaying = move(submit_idea(), "start_advice", actor)
    complete_plan(repaying, actor, program, requested="1000")
    move(repaying, "submit_application", actor)
    move(repaying, "approve", actor, approve_data("1000"))
    pay_out(repaying, actor, "1000")
    to_period_end(time_machine, closed)
    move(closed, "submit_report", actor, report_data(closed, ["100", "100"]))
    found["closed"] = move(closed, "accept_report", actor)
    move(repaying, "submit_report", actor, report_data(repaying, ["100", "100"]))
    repayment_account()
    found["repayment"] = move(repaying, "demand_repayment", actor)
    return found


def _a_document(case):
    """The case's first document; a letter filed by the system if it has none."""
    from backend.documents.services import document_issue
    from tests.documents.files import PDF
    from workflows.actors import Actor

    return case.documents.first() or document_issue(
        case=case,
        actor=Actor.system(),
        name="Schreiben.pdf",
        content=PDF,
        content_type="application/pdf",
    )


def test_real_cases_in_every_state_conform_to_the_schema(cases_in_every_state, auth_headers):
    """Generated ids rarely hit real cases; here every read operation of a case is called
    for real cases in several states and validated with all checks."""
    checked = 0
    for operation in schema.get_all_operations():
        op = operation.ok()
        if op.method.upper() != "GET" or "{id}" not in op.path:
            continue
        for case in cases_in_every_state.values():
            parameters = {"id": case.pk}
            if "{document_id}" in op.path:
                parameters["document_id"] = _a_document(case).pk
            op.Case(path_parameters=parameters).call_and_validate(headers=auth_headers)
            checked += 1
    assert checked >= 9 * len(cases_in_every_state)
