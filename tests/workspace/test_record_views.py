"""Advice sessions, the financing plan and reassignment, posted from the case page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from backend.cases.models import Case, CaseEvent
from tests.factories import ProgramFactory
from tests.workspace.conftest import case_url

pytestmark = pytest.mark.django_db


def _advice_data(case: Case, **overrides) -> dict[str, str]:
    return {
        "version": str(case.version),
        "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "place": "Stadtteilbüro Borbeck",
        "notes": "Idee besprochen",
        "next_steps": "Plan aufstellen",
        **overrides,
    }


def test_advice_session_is_recorded(coordinator_client: Client, advice_case) -> None:
    response = coordinator_client.post(
        case_url(advice_case, "advice_session_create"), _advice_data(advice_case)
    )

    assert response.status_code == 302
    session = advice_case.advice_sessions.get()
    assert session.place == "Stadtteilbüro Borbeck"
    assert Case.objects.get(pk=advice_case.pk).version == advice_case.version + 1


def test_invalid_advice_session_keeps_the_notes(coordinator_client: Client, advice_case) -> None:
    future = (timezone.localdate() + timedelta(days=3)).isoformat()

    response = coordinator_client.post(
        case_url(advice_case, "advice_session_create"),
        _advice_data(advice_case, held_on=future, place=""),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Das Gespräch kann nicht in der Zukunft liegen." in page
    assert "Idee besprochen" in page
    assert 'id="beratung-erfassen" open' in page
    assert not advice_case.advice_sessions.exists()


def test_advice_session_on_a_stale_page_is_refused(coordinator_client: Client, advice_case) -> None:
    data = _advice_data(advice_case, version=str(advice_case.version - 1))

    response = coordinator_client.post(case_url(advice_case, "advice_session_create"), data)

    assert response.status_code == 409
    assert "Der Fall wurde inzwischen geändert" in response.content.decode()
    assert not advice_case.advice_sessions.exists()


def _plan_data(case: Case, program, lines: list[tuple[str, str, bool]], **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "version": str(case.version),
        "program": str(program.pk),
        "financing_type": "fehlbedarf",
        "own_share": "300",
        "third_party": "0",
        "requested_amount": "2700",
        "funding_start": (today + timedelta(days=30)).isoformat(),
        "funding_end": (today + timedelta(days=200)).isoformat(),
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, (label, amount, delete) in enumerate(lines):
        data[f"lines-{index}-label"] = label
        data[f"lines-{index}-amount"] = amount
        if delete:
            data[f"lines-{index}-DELETE"] = "on"
    data.update(overrides)
    return data


def test_financing_plan_saves_lines_added_and_removed(
    coordinator_client: Client, advice_case, program
) -> None:
    data = _plan_data(
        advice_case,
        program,
        [
            ("Honorare", "2700", False),
            ("Raummiete", "999", True),
            ("Material", "300", False),
            ("", "", False),
        ],
    )

    response = coordinator_client.post(case_url(advice_case, "financing_plan_edit"), data)

    assert response.status_code == 302
    plan = Case.objects.get(pk=advice_case.pk).financing_plan
    assert [line.label for line in plan.lines.all()] == ["Honorare", "Material"]
    assert plan.total_cost == Decimal("3000")
    assert plan.program == program
    page = coordinator_client.get(case_url(advice_case)).content.decode()
    assert "3.000,00" in page


def test_invalid_plan_comes_back_with_errors(
    coordinator_client: Client, advice_case, program
) -> None:
    today = timezone.localdate()
    data = _plan_data(
        advice_case,
        program,
        [("Honorare", "-5", False)],
        funding_end=(today - timedelta(days=400)).isoformat(),
    )

    response = coordinator_client.post(case_url(advice_case, "financing_plan_edit"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in page
    assert "Bitte prüfen Sie auch die Kostenpositionen." in page
    assert 'value="Honorare"' in page
    assert not hasattr(Case.objects.get(pk=advice_case.pk), "financing_plan")


def test_plan_with_a_programme_of_another_city_is_refused(
    coordinator_client: Client, advice_case, program
) -> None:
    from backend.areas.services import areas_load_reference

    areas_load_reference(city_slug="oberhausen")
    from backend.areas.models import City

    elsewhere = ProgramFactory(city=City.objects.get(slug="oberhausen"), name="Fremdes Programm")
    data = _plan_data(advice_case, elsewhere, [("Honorare", "3000", False)])

    response = coordinator_client.post(case_url(advice_case, "financing_plan_edit"), data)

    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


def test_plan_cannot_be_edited_after_submission(
    coordinator_client: Client, application_case, program
) -> None:
    data = _plan_data(application_case, program, [("Neu", "3000", False)])

    response = coordinator_client.post(case_url(application_case, "financing_plan_edit"), data)

    assert response.status_code == 409
    assert "nur in der Beratungsphase" in response.content.decode()


def test_central_office_reassigns_with_an_audited_event(
    central_client: Client, idea_case, deputy
) -> None:
    response = central_client.post(
        case_url(idea_case, "case_reassign"),
        {"version": idea_case.version, "to_user": deputy.pk, "comment": "Urlaub"},
    )

    assert response.status_code == 302
    assert Case.objects.get(pk=idea_case.pk).assigned_to == deputy
    event = CaseEvent.objects.filter(case=idea_case, kind="reassigned").get()
    assert event.comment == "Urlaub"
    assert event.payload["to_user"] == deputy.pk


def test_coordinator_cannot_reassign(
    coordinator_client: Client, idea_case, other_coordinator
) -> None:
    response = coordinator_client.post(
        case_url(idea_case, "case_reassign"),
        {"version": idea_case.version, "to_user": other_coordinator.pk},
    )

    assert response.status_code == 403
    assert not CaseEvent.objects.filter(case=idea_case, kind="reassigned").exists()


def test_reassign_to_a_tampered_user_id_is_refused(central_client: Client, idea_case) -> None:
    from tests.factories import UserFactory

    outsider = UserFactory(username="kein-koordinator")

    for value in ("999999", "abc", str(outsider.pk)):  # type: ignore[attr-defined]
        response = central_client.post(
            case_url(idea_case, "case_reassign"), {"version": idea_case.version, "to_user": value}
        )
        assert response.status_code == 400
    assert Case.objects.get(pk=idea_case.pk).assigned_to == idea_case.assigned_to


def test_reassignment_form_lists_the_districts_coordinators_only(
    central_client: Client, idea_case, coordinator, deputy, other_coordinator
) -> None:
    page = central_client.get(case_url(idea_case))

    candidates = set(page.context["reassign_form"].fields["to_user"].queryset)
    assert {coordinator, deputy} <= candidates
    assert other_coordinator not in candidates  # could not open a case of district IV
