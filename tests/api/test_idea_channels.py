"""One idea, two channels: the web form and ``POST /api/v1/ideas/`` accept and refuse the
same values, field by field (both run ``backend.cases.forms.IdeaSubmissionForm``).

Each row changes one field of a valid idea and says whether that is accepted. The web form
gets it as a browser posts it (flat names, strings); the API as JSON (nested objects). A
refusal must name the same field in both (``association_name`` on the page is
``association.name`` in the API).

Web-only by design, so not in the table: German money notation ("3.000,50 €" is 3000.50 on
the page; the API takes JSON decimals), the honeypot and the hidden idempotency key.
"""

from __future__ import annotations

from typing import Any

import pytest

from backend.areas.models import Area
from backend.cases.forms import ASSOCIATION_FIELDS, CONTACT_FIELDS
from backend.cases.models import Case
from backend.intake.forms import IdeaForm
from tests.intake.helpers import idea_post

pytestmark = pytest.mark.django_db

MISSING = object()


def _district() -> str:
    return str(Area.objects.get(city__slug="essen", code="IV").pk)


def _quarter() -> str:
    return str(Area.objects.get(city__slug="essen", name="Borbeck-Mitte").pk)


# (flat field, value, accepted). A callable value is resolved in the test (database ids).
ROWS: list[tuple[str, Any, bool]] = [
    ("title", "x" * 200, True),
    ("title", "x" * 201, False),
    ("title", "   ", False),
    ("title", MISSING, False),
    ("challenge", "x" * 4000, True),
    ("challenge", "x" * 4001, False),
    ("affected", "x" * 2001, False),
    ("intended_result", "", False),
    ("first_ideas", "", True),
    ("first_ideas", "x" * 4001, False),
    ("next_steps", "x" * 2001, False),
    ("responsible", "x" * 301, False),
    ("participants", "x" * 2001, False),
    ("quarter", _quarter, True),
    ("quarter", _district, False),  # a district (Stadtbezirk) is no quarter
    ("quarter", "999999", False),
    ("quarter", "IV", False),
    ("quarter", MISSING, False),
    ("target_groups", ["familien", "senioren"], True),
    ("target_groups", ["familien", "aliens"], False),
    ("target_groups", [], False),
    ("topics", ["nope"], False),
    ("topics", [], False),
    ("estimated_cost", "0", True),
    ("estimated_cost", "2500.5", True),
    ("estimated_cost", "9999999999.99", True),
    ("estimated_cost", "10000000000", False),
    ("estimated_cost", "1e20", False),
    ("estimated_cost", "-5", False),
    ("estimated_cost", "-0.01", False),
    ("estimated_cost", "12.3456", False),  # ("12.345" is 12345 on the page: German notation)
    ("estimated_cost", "viel", False),
    ("estimated_cost", "NaN", False),
    ("estimated_cost", MISSING, True),
    ("association_name", "x" * 201, False),
    ("association_name", MISSING, False),
    ("legal_form", "ggmbh", True),
    ("legal_form", "verein", False),
    ("legal_form", "", False),
    ("register_number", "VR 1234", True),
    ("register_number", "x" * 51, False),
    ("street", MISSING, False),
    ("street", "x" * 151, False),
    ("postal_code", " 45355 ", True),
    ("postal_code", "4535", False),
    ("postal_code", "453555", False),
    ("postal_code", "45 35", False),
    ("postal_code", "ABCDE", False),
    ("town", MISSING, False),
    ("contact_name", "x" * 151, False),
    ("contact_name", MISSING, False),
    ("email", "AYSE@Example.org", True),
    ("email", "keine-mail", False),
    ("email", "a@b", False),
    ("email", "a" * 250 + "@x.de", False),
    ("email", MISSING, False),
    ("phone", "+49 201 123456", True),
    ("phone", "0201/123-456", True),
    ("phone", "", True),
    ("phone", "call me maybe", False),
    ("phone", "12", False),
    ("phone", "0" * 31, False),
    ("preferred_language", "en", True),
    ("preferred_language", "tr", False),
    ("preferred_language", MISSING, False),
    ("consent", MISSING, False),
]


def _api_path(field: str) -> str:
    if field in ASSOCIATION_FIELDS:
        return f"association.{ASSOCIATION_FIELDS[field]}"
    if field in CONTACT_FIELDS:
        return f"contact.{CONTACT_FIELDS[field]}"
    return field


def _api_body(post: dict[str, Any]) -> dict[str, Any]:
    """The same idea as the API's JSON: nested objects, a number for the quarter, true for
    consent, null for an empty cost."""
    body: dict[str, Any] = {}
    association: dict[str, Any] = {}
    contact: dict[str, Any] = {}
    for field, value in post.items():
        if field in ("website", "idempotency_key"):
            continue
        if field in ASSOCIATION_FIELDS:
            association[ASSOCIATION_FIELDS[field]] = value
        elif field in CONTACT_FIELDS:
            contact[CONTACT_FIELDS[field]] = value
        elif field == "consent":
            body["consent"] = value == "on"
        elif field == "quarter" and value.isdigit():
            body["quarter"] = int(value)
        elif field == "estimated_cost" and value == "":
            body["estimated_cost"] = None
        else:
            body[field] = value
    return {**body, "association": association, "contact": contact}


def _row_id(row: tuple[str, Any, bool]) -> str:
    field, value, ok = row
    shown = "missing" if value is MISSING else getattr(value, "__name__", repr(value)[:20])
    return f"{field}={shown}-{'ok' if ok else 'refused'}"


@pytest.mark.parametrize(("field", "value", "accepted"), ROWS, ids=[_row_id(r) for r in ROWS])
def test_web_form_and_api_accept_and_refuse_the_same_values(
    anon, coordinator, field, value, accepted
):
    post = idea_post(estimated_cost="3000")
    if value is MISSING:
        post.pop(field)
    else:
        post[field] = value() if callable(value) else value

    web = IdeaForm(post)
    web_ok = web.is_valid()
    response = anon.post("/api/v1/ideas/", _api_body(post), format="json")

    assert web_ok is accepted, web.errors
    if accepted:
        assert response.status_code == 201, response.content
        assert Case.objects.count() == 1
        return
    assert set(web.errors) == {field}
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == {_api_path(field)}
    assert not Case.objects.exists()


def test_both_channels_store_the_same_case(anon, coordinator):
    """Accepted input means the same thing in both: the same case fields."""
    post = idea_post(estimated_cost="2500.5", email="AYSE@Example.org", register_number="VR 1")
    web = IdeaForm(post)
    assert web.is_valid(), web.errors
    response = anon.post("/api/v1/ideas/", _api_body(post), format="json")
    assert response.status_code == 201, response.content
    case = Case.objects.select_related("association", "contact").get()

    assert {name: getattr(case, name) for name in web.idea()} == web.idea()
    assert case.association.register_number == "VR 1"
    assert case.contact.email == web.contact()["email"] == "ayse@example.org"


def test_the_web_form_reads_german_money_notation(coordinator):
    """Web-only: the page's input is forgiving; the rules (range, decimals) are shared."""
    for typed, amount in (("3.000,50 €", "3000.50"), ("3.000", "3000"), ("1,5", "1.5")):
        form = IdeaForm(idea_post(estimated_cost=typed))
        assert form.is_valid(), form.errors
        assert str(form.cleaned_data["estimated_cost"]) == amount
    assert not IdeaForm(idea_post(estimated_cost="-3.000,00")).is_valid()
