"""Transition forms on the case page: good path, and every way a post can go wrong."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from backend.cases.models import Case, CaseEvent
from tests import clock
from tests.factories import approve_data, booked_budget, move
from tests.workspace.conftest import case_url, transition_url

pytestmark = pytest.mark.django_db


def _state(case: Case) -> tuple[str, int, int]:
    fresh = Case.objects.get(pk=case.pk)
    return fresh.state, fresh.version, CaseEvent.objects.filter(case=case).count()


def test_case_page_offers_one_button_per_allowed_transition(
    coordinator_client: Client, application_case
) -> None:
    response = coordinator_client.get(case_url(application_case))

    names = [action["spec"].name for action in response.context["actions"]]
    assert names == ["request_changes", "approve", "reject", "withdraw"]
    page = response.content.decode()
    assert 'name="version" value="4"' in page
    assert "Bewilligen" in page


def test_start_advice_moves_the_case_and_redirects(coordinator_client: Client, idea_case) -> None:
    response = coordinator_client.post(
        transition_url(idea_case, "start_advice"), {"version": idea_case.version, "comment": "Los"}
    )

    assert response.status_code == 302
    assert response["Location"] == case_url(idea_case)
    assert Case.objects.get(pk=idea_case.pk).state == "advice"
    follow = coordinator_client.get(response["Location"]).content.decode()
    assert "ist erledigt" in follow


def test_invalid_form_comes_back_inline_with_the_input_kept(
    coordinator_client: Client, application_case
) -> None:
    before = _state(application_case)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = coordinator_client.post(
        transition_url(application_case, "request_changes"),
        {
            "version": application_case.version,
            "message": "Bitte Satzung nachreichen",
            "due_on": yesterday,
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Die Frist muss in der Zukunft liegen." in page
    assert "Bitte Satzung nachreichen" in page  # nothing typed is lost
    assert 'id="schritt-request_changes" open' in page
    assert 'aria-invalid="true"' in page
    assert _state(application_case) == before


def test_stale_version_is_refused_with_a_german_message(
    coordinator_client: Client, application_case
) -> None:
    data = approve_data()
    data["version"] = str(application_case.version - 1)
    before = _state(application_case)

    response = coordinator_client.post(transition_url(application_case, "approve"), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Der Fall wurde inzwischen geändert" in page
    assert data["deciding_body"] in page  # the input survives
    assert f'name="version" value="{application_case.version}"' in page  # re-send is possible
    assert _state(application_case) == before


def test_missing_or_garbage_version_is_refused(coordinator_client: Client, idea_case) -> None:
    before = _state(idea_case)
    for version in ("", "abc", "-1", "99999999999999", "²", "٣", "1\x00"):
        response = coordinator_client.post(
            transition_url(idea_case, "start_advice"), {"version": version}
        )
        assert response.status_code == 400
        assert "Seite war unvollständig" in response.content.decode()
    assert _state(idea_case) == before


def test_unknown_transition_name_is_404(coordinator_client: Client, idea_case) -> None:
    response = coordinator_client.post(
        transition_url(idea_case, "make_rich"), {"version": idea_case.version}
    )

    assert response.status_code == 404
    assert _state(idea_case)[0] == "idea"


def test_transition_not_allowed_in_this_state_is_409(coordinator_client: Client, idea_case) -> None:
    before = _state(idea_case)
    data = approve_data()
    data["version"] = str(idea_case.version)

    response = coordinator_client.post(transition_url(idea_case, "approve"), data)

    assert response.status_code == 409
    assert "nicht möglich" in response.content.decode()
    assert _state(idea_case) == before


def test_failing_guards_are_shown_in_german(coordinator_client: Client, advice_case) -> None:
    page = coordinator_client.get(case_url(advice_case)).content.decode()
    assert "Noch nicht erfüllt" in page
    assert "Bitte wählen Sie ein aktives Förderprogramm." in page

    response = coordinator_client.post(
        transition_url(advice_case, "submit_application"), {"version": advice_case.version}
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "Das geht noch nicht:" in body
    assert "Der Finanzierungsplan braucht mindestens eine Kostenposition." in body
    assert _state(advice_case)[0] == "advice"


def test_approve_above_the_remaining_budget_is_refused(
    coordinator_client: Client, application_case, program
) -> None:
    budget = booked_budget(program)
    budget.committed = budget.amount - 100
    budget.save()
    data = approve_data()
    data["version"] = str(application_case.version)

    response = coordinator_client.post(transition_url(application_case, "approve"), data)

    assert response.status_code == 409
    assert "Restbudget" in response.content.decode()
    assert _state(application_case)[0] == "application"


def test_other_district_cannot_post_a_transition(other_client: Client, application_case) -> None:
    data = approve_data()
    data["version"] = str(application_case.version)

    assert other_client.post(transition_url(application_case, "approve"), data).status_code == 404
    assert _state(application_case)[0] == "application"


def test_get_on_a_transition_opens_its_form(coordinator_client: Client, idea_case) -> None:
    response = coordinator_client.get(transition_url(idea_case, "refer"))

    assert response.status_code == 200
    assert 'id="schritt-refer" open' in response.content.decode()


def test_report_amounts_are_posted_per_cost_line(
    coordinator_client: Client, application_case, actor, time_machine
) -> None:
    from tests.factories import receipts_for, to_period_end

    case = move(application_case, "approve", actor, approve_data())
    to_period_end(time_machine, case)
    receipts_for(case, ["100", "100"])
    case.refresh_from_db()
    coordinator_client.force_login(actor.user)  # the session ran out while the clock moved
    lines = list(case.financing_plan.lines.all())
    data = {"version": case.version, "narrative": "Zwölf Treffen"}
    data |= {f"spent-{line.pk}": "100" for line in lines}

    incomplete = coordinator_client.post(
        transition_url(case, "submit_report"), {**data, f"spent-{lines[0].pk}": ""}
    )
    assert incomplete.status_code == 400
    assert "Bitte geben Sie für jede Kostenposition einen Betrag an" in incomplete.content.decode()

    response = coordinator_client.post(transition_url(case, "submit_report"), data)
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).report.spent_total == 200


def test_case_page_shows_association_details_submitted_otherwise(
    coordinator_client: Client, coordinator
) -> None:
    from backend.associations.models import Association
    from tests.factories import submit_idea

    first = submit_idea()
    Association.objects.filter(pk=first.association_id).update(street="Musterstraße 1")
    second = submit_idea()  # the same association, typed with "Marktstraße 1"

    page = coordinator_client.get(case_url(second)).content.decode()
    assert "Bei der Einreichung anders angegeben:" in page
    assert "Straße: „Marktstraße 1“" in page
    assert "gespeichert: „Musterstraße 1“" in page
    first_page = coordinator_client.get(case_url(first)).content.decode()
    assert "Bei der Einreichung anders angegeben:" not in first_page


def test_case_page_names_the_booking_year_and_its_remaining_budget(
    coordinator_client: Client, application_case, program
) -> None:
    """Before pressing "Bewilligen" the coordinator sees which year is booked (the plan's
    start year, which may be next year) and what is left there; the form proposes the plan."""
    start, end = clock.funding_period()
    budget = booked_budget(program)
    budget.committed = 2500
    budget.save()

    response = coordinator_client.get(case_url(application_case))

    page = response.content.decode()
    expected = (
        f"Gebucht wird auf {start.year}, das Jahr des Förderbeginns ({start:%d.%m.%Y}): "
        f"Restbudget {start.year} 7.500,00\u00a0€."
    )
    assert page.count(expected) == 2  # beside the plan and in the approval form
    form = next(a["form"] for a in response.context["actions"] if a["spec"].name == "approve")
    assert form.initial == {
        "amount": 2700,
        "funding_start": start,
        "funding_end": end,
        "financing_type": "fehlbedarf",
    }
    assert 'name="amount" value="2700.00"' in page
    assert f'name="funding_start" value="{start.isoformat()}"' in page
    assert f'name="funding_end" value="{end.isoformat()}"' in page


def test_case_page_warns_when_the_booking_year_has_no_budget(
    coordinator_client: Client, application_case, program
) -> None:
    start = clock.funding_period()[0]
    booked_budget(program).delete()

    page = coordinator_client.get(case_url(application_case)).content.decode()

    assert page.count(f"Für {start.year} ist kein Budget hinterlegt.") == 2
    assert (
        f"Eine Bewilligung wird auf das Jahr des Förderbeginns ({start:%d.%m.%Y}) gebucht und "
        f"ist erst möglich, wenn die Zentrale das Budget {start.year} in der Verwaltung "
        "angelegt hat."
    ) in page
    assert "Gebucht wird auf" not in page


def test_approve_without_a_budget_for_the_start_year_says_which_year(
    coordinator_client: Client, application_case, program
) -> None:
    start = clock.funding_period()[0]
    booked_budget(program).delete()
    before = _state(application_case)
    data = approve_data()
    data["version"] = str(application_case.version)

    response = coordinator_client.post(transition_url(application_case, "approve"), data)

    assert response.status_code == 409
    assert f"ist für {start.year} kein Budget hinterlegt" in response.content.decode()
    assert _state(application_case) == before


def test_approval_above_the_request_names_the_request_in_german_figures(
    coordinator_client: Client, application_case
) -> None:
    data = approve_data("2800")
    data["version"] = str(application_case.version)

    response = coordinator_client.post(transition_url(application_case, "approve"), data)

    assert response.status_code == 400
    assert (
        "Der Betrag darf den beantragten Betrag (2.700,00 €) nicht übersteigen."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("name", "field"),
    [("request_changes", "message"), ("approve", "conditions"), ("reject", "reasons")],
)
def test_long_texts_of_a_decision_are_written_in_a_text_area(
    coordinator_client: Client, application_case, name, field
) -> None:
    page = coordinator_client.get(case_url(application_case)).content.decode()

    assert f'<textarea name="{field}"' in page
    assert f'<input type="text" name="{field}"' not in page


def test_a_missing_value_names_its_field(coordinator_client: Client, application_case) -> None:
    data = {"version": str(application_case.version), "amount": "", "deciding_body": ""}

    response = coordinator_client.post(transition_url(application_case, "approve"), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte füllen Sie „Bewilligter Betrag (€)“ aus." in page
    assert "Bitte füllen Sie „Entscheidende Stelle“ aus." in page
    assert "zwingend erforderlich" not in page


def test_after_the_decision_the_page_no_longer_says_where_an_approval_would_go(
    coordinator_client: Client, application_case, actor
) -> None:
    move(application_case, "approve", actor, approve_data())

    page = coordinator_client.get(case_url(application_case)).content.decode()

    assert "Gebucht wird auf" not in page
    assert "ist kein Budget hinterlegt" not in page
