"""The inbox: counts per state, filters, deadlines, and a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    approve_data,
    budgets_for_period,
    complete_plan,
    deadline,
    move,
    submit_idea,
)
from workflows.actors import Actor

pytestmark = pytest.mark.django_db
INBOX = "/koordination/"


def _titles(response) -> list[str]:
    return [case.title for case in response.context["page"].object_list]


def test_inbox_url_is_german() -> None:
    assert reverse("workspace:inbox") == INBOX


def test_inbox_counts_cases_by_state_and_lists_newest_first(
    coordinator_client: Client, actor
) -> None:
    first = submit_idea(idea={"title": "Erste"})
    submit_idea(idea={"title": "Zweite"})
    move(first, "start_advice", actor)

    response = coordinator_client.get(INBOX)

    tabs = {tab["key"]: tab["count"] for tab in response.context["state_tabs"]}
    assert tabs[""] == 2
    assert tabs["idea"] == 1
    assert tabs["advice"] == 1
    assert _titles(response) == ["Zweite", "Erste"]


def test_inbox_filters_by_state_quarter_programme_and_text(
    coordinator_client: Client, actor, program
) -> None:
    borbeck = submit_idea("Borbeck-Mitte", idea={"title": "Sprachcafé"})
    submit_idea("Dellwig", idea={"title": "Nähwerkstatt"})
    move(borbeck, "start_advice", actor)
    complete_plan(borbeck, actor, program)
    quarter_id = borbeck.quarter_id

    assert _titles(coordinator_client.get(INBOX, {"state": "advice"})) == ["Sprachcafé"]
    assert _titles(coordinator_client.get(INBOX, {"quarter": quarter_id})) == ["Sprachcafé"]
    assert _titles(coordinator_client.get(INBOX, {"program": program.pk})) == ["Sprachcafé"]
    assert _titles(coordinator_client.get(INBOX, {"q": "nähwerk"})) == ["Nähwerkstatt"]
    assert _titles(coordinator_client.get(INBOX, {"q": borbeck.reference})) == ["Sprachcafé"]
    # Accents do not matter, and the challenge counts.
    assert _titles(coordinator_client.get(INBOX, {"q": "sprachcafe"})) == ["Sprachcafé"]
    assert _titles(coordinator_client.get(INBOX, {"q": "NAHWERK"})) == ["Nähwerkstatt"]
    assert _titles(coordinator_client.get(INBOX, {"q": "Anschluss an die Kita"})) == [
        "Nähwerkstatt",
        "Sprachcafé",
    ]


def test_tampered_filter_values_are_ignored_not_an_error(coordinator_client: Client) -> None:
    submit_idea(idea={"title": "Sprachcafé"})

    response = coordinator_client.get(
        INBOX, {"state": "hacked", "quarter": "999999", "program": "x", "seite": "-3"}
    )

    assert response.status_code == 200
    assert _titles(response) == ["Sprachcafé"]


def test_quarter_of_another_district_is_not_offered_as_filter(coordinator_client: Client) -> None:
    response = coordinator_client.get(INBOX)
    names = {quarter.name for quarter in response.context["form"].fields["quarter"].queryset}

    assert "Borbeck-Mitte" in names
    assert "Altendorf" not in names


def test_deadlines_panel_shows_change_requests_reports_and_programme_deadlines(
    coordinator_client: Client, actor, program
) -> None:
    today = timezone.localdate()
    asked = submit_idea(idea={"title": "Mit Nachforderung"})
    move(asked, "start_advice", actor)
    complete_plan(asked, actor, program)
    move(asked, "submit_application", actor)
    move(
        asked,
        "request_changes",
        actor,
        {"message": "Satzung fehlt", "due_on": today + timedelta(days=3)},
    )
    running = submit_idea(idea={"title": "Läuft"}, association_name="Zweiter Verein e.V.")
    move(running, "start_advice", actor)
    complete_plan(running, actor, program)
    move(running, "submit_application", actor)
    start = today - timedelta(days=330)  # ends 160 days ago: report due in about 20 days
    budgets_for_period(program, "10000", start)
    move(running, "approve", actor, approve_data(start=start))
    far_away = deadline(program, 400)
    soon = deadline(program, 20)

    response = coordinator_client.get(INBOX)
    deadlines = response.context["deadlines"]

    assert [cr.case.title for cr in deadlines.change_requests] == ["Mit Nachforderung"]
    assert [case.title for case in deadlines.reports] == ["Läuft"]
    assert deadlines.program_deadlines == [soon]
    assert far_away not in deadlines.program_deadlines
    page = response.content.decode()
    assert "Nachforderungen" in page
    assert "Verwendungsnachweise" in page


def _make_cases(n: int, actor, program) -> None:
    for index in range(n):
        case = submit_idea(idea={"title": f"Fall {index}"})
        if index % 2:
            move(case, "start_advice", actor)
            complete_plan(case, actor, program)


def test_inbox_runs_a_fixed_number_of_queries(
    coordinator_client: Client, actor, program, django_assert_max_num_queries
) -> None:
    deadline(program, 10)
    _make_cases(3, actor, program)
    with django_assert_max_num_queries(12) as few:  # 14 before issue #25
        coordinator_client.get(INBOX, {"program": program.pk})
    _make_cases(12, actor, program)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = coordinator_client.get(INBOX, {"program": program.pk, "q": "Fall"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 7  # every second case has a plan
    assert len(many.captured_queries) == len(few.captured_queries)


def test_inbox_search_finds_e_mail_addresses_and_the_whole_idea_text(
    coordinator_client: Client,
) -> None:
    submit_idea(idea={"title": "Sprachcafé", "first_ideas": "Mittwochs im Bürgerhaus"})
    submit_idea("Dellwig", idea={"title": "Nähwerkstatt"}, association_name="Zweiter Verein")
    from backend.associations.models import ContactPerson

    ContactPerson.objects.filter(cases__title="Nähwerkstatt").update(email="naeh@verein.example")

    assert _titles(coordinator_client.get(INBOX, {"q": "naeh@verein"})) == ["Nähwerkstatt"]
    assert _titles(coordinator_client.get(INBOX, {"q": "burgerhaus"})) == ["Sprachcafé"]
    assert _titles(coordinator_client.get(INBOX, {"q": "zugewanderte Eltern"})) == [
        "Nähwerkstatt",
        "Sprachcafé",
    ]  # "Wen betrifft das?"


def test_a_too_long_search_is_said_and_does_not_show_everything(
    coordinator_client: Client,
) -> None:
    submit_idea(idea={"title": "Sprachcafé"})

    response = coordinator_client.get(INBOX, {"q": "Sprachcafé " + "x" * 300})

    assert _titles(response) == []
    assert "Die Suche ist zu lang: höchstens 200 Zeichen." in response.content.decode()


def test_inbox_sorts_by_choice(coordinator_client: Client) -> None:
    submit_idea(idea={"title": "Zirkus"})
    submit_idea(idea={"title": "Apfelernte"}, association_name="Zweiter Verein")

    assert _titles(coordinator_client.get(INBOX)) == ["Apfelernte", "Zirkus"]  # newest first
    assert _titles(coordinator_client.get(INBOX, {"sort": "alt"})) == ["Zirkus", "Apfelernte"]
    titles = coordinator_client.get(INBOX, {"sort": "titel"})
    assert _titles(titles) == ["Apfelernte", "Zirkus"]
    assert "2 Fälle, Titel A–Z" in titles.content.decode()
    assert _titles(coordinator_client.get(INBOX, {"sort": "kaputt"})) == ["Apfelernte", "Zirkus"]


def test_needs_action_shows_what_waits_for_the_coordination(
    coordinator_client: Client, actor, program
) -> None:
    submit_idea(idea={"title": "Neu"})
    advised = move(
        submit_idea(idea={"title": "In Beratung"}, association_name="B"), "start_advice", actor
    )
    applied = submit_idea(idea={"title": "Antrag"}, association_name="C")
    move(applied, "start_advice", actor)
    complete_plan(applied, actor, program)
    move(applied, "submit_application", actor)

    needing = coordinator_client.get(INBOX, {"needs_action": "on"})
    assert _titles(needing) == ["Antrag", "Neu"]
    assert needing.context["state_tabs"][0]["count"] == 2  # "Alle" counts what is listed
    assert "In Beratung" in _titles(coordinator_client.get(INBOX))
    assert advised.state == "advice"


def test_needs_action_includes_an_answered_change_request_in_any_state(
    coordinator_client: Client, actor, program, time_machine
) -> None:
    from backend.cases.services import change_request_answer
    from tests.clock import days_from_today
    from tests.factories import approve_data

    case = submit_idea(idea={"title": "Läuft"})
    move(case, "start_advice", actor)
    complete_plan(case, actor, program)
    move(case, "submit_application", actor)
    move(case, "approve", actor, approve_data())
    from tests.factories import report_data, to_period_end

    to_period_end(time_machine, case)
    coordinator_client.force_login(actor.user)  # the session ran out while the clock moved
    move(case, "submit_report", Actor.applicant(case), report_data(case, ["100", "100"]))
    due = {"message": "Belege?", "due_on": days_from_today(7)}
    case = move(case, "request_report_changes", actor, due)
    assert _titles(coordinator_client.get(INBOX, {"needs_action": "on"})) == []

    change_request_answer(
        case=case,
        actor=Actor.applicant(case),
        change_request_id=case.change_requests.get().pk,
        response="Anbei.",
    )

    assert _titles(coordinator_client.get(INBOX, {"needs_action": "on"})) == ["Läuft"]


def test_central_office_filters_by_district(central_client: Client, coordinator_client) -> None:
    submit_idea(idea={"title": "Borbeck"})
    submit_idea("Altendorf", idea={"title": "Altendorf"}, association_name="B")
    from backend.areas.models import Area

    district_iii = Area.objects.get(city__slug="essen", kind="district", code="III")
    response = central_client.get(INBOX, {"district": district_iii.pk})

    assert _titles(response) == ["Altendorf"]
    assert "district" in response.context["form"].fields
    assert "district" not in coordinator_client.get(INBOX).context["form"].fields  # one district


def test_central_office_chooses_the_district_before_its_quarters(central_client: Client) -> None:
    from backend.areas.models import Area

    submit_idea(idea={"title": "Borbeck"})
    assert "quarter" not in central_client.get(INBOX).context["form"].fields

    district_iii = Area.objects.get(city__slug="essen", kind="district", code="III")
    form = central_client.get(INBOX, {"district": district_iii.pk}).context["form"]
    parents = {quarter.parent_id for quarter in form.fields["quarter"].queryset}
    assert parents == {district_iii.pk}

    borbeck = Area.objects.get(city__slug="essen", kind="quarter", name="Borbeck-Mitte")
    response = central_client.get(INBOX, {"quarter": borbeck.pk})  # a bookmark, no district
    assert [q.name for q in response.context["form"].fields["quarter"].queryset] == [
        "Borbeck-Mitte"
    ]
    assert _titles(response) == ["Borbeck"]


def test_inbox_paging_counts_from_the_state_counts(coordinator_client: Client, actor, program):
    _make_cases(30, actor, program)
    response = coordinator_client.get(INBOX, {"seite": "2"})
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"].object_list) == 5
    advice = coordinator_client.get(INBOX, {"state": "advice"})
    assert advice.context["page"].paginator.count == 15
    assert len(advice.context["page"].object_list) == 15


def test_near_identical_ideas_of_one_association_point_at_each_other(
    coordinator_client: Client,
) -> None:
    first = submit_idea(idea={"title": "Sprachcafé für Eltern in Borbeck"})
    second = submit_idea(idea={"title": "Sprachcafe fuer Eltern Borbeck"})
    submit_idea(idea={"title": "Nähwerkstatt"})  # same association, another idea
    submit_idea(
        idea={"title": "Sprachcafé für Eltern in Borbeck"}, association_name="Anderer Verein"
    )

    response = coordinator_client.get(INBOX)

    marked = {c.reference: c.twin_reference for c in response.context["page"] if c.twin_reference}
    assert marked == {first.reference: second.reference, second.reference: first.reference}
    link = f'<a href="/koordination/faelle/{first.reference}/">{first.reference}</a>'
    assert f"ähnliche Idee desselben Trägers: {link}" in response.content.decode()


def test_a_twin_in_another_district_is_not_named(coordinator_client: Client) -> None:
    submit_idea(idea={"title": "Sprachcafé für Eltern"})
    submit_idea("Altendorf", idea={"title": "Sprachcafé für Eltern"})  # district III

    response = coordinator_client.get(INBOX)

    assert [c.twin_reference for c in response.context["page"]] == [None]
