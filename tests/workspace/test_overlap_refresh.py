"""Checking an idea again: a later similar idea shows on the older case, finished ideas say so,
other districts' matches stand apart, earlier results stay readable, bad posts change nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from backend.cases.models import Case, CaseEvent
from backend.cases.services import case_overlap_refresh, overlap_assessment_record
from backend.offerings.models import Offering
from tests.factories import move, quarter, submit_idea
from tests.workspace.conftest import case_url
from workflows.actors import Actor
from workflows.errors import Forbidden, TransitionNotAllowedInState

pytestmark = pytest.mark.django_db


@pytest.fixture
def older(sprachcafe, coordinator) -> Case:
    """An idea submitted before any similar one existed: its snapshot lists no idea."""
    return submit_idea(association_name="Elternnetz Borbeck", idea={"title": "Elterncafé Sprache"})


def _page(client: Client, case: Case) -> str:
    response = client.get(case_url(case))
    assert response.status_code == 200
    return response.content.decode()


def test_a_later_similar_idea_shows_after_checking_again(
    coordinator_client: Client, older: Case
) -> None:
    assert older.overlap_snapshot["similar_ideas"] == []
    later = submit_idea()
    assert "Keine ähnlichen Ideen im Stadtbezirk." in _page(coordinator_client, older)

    response = coordinator_client.post(
        case_url(older, "overlap_refresh"), {"version": older.version}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#ueberschneidungen")
    older.refresh_from_db()
    assert [m["case"]["id"] for m in older.overlap_snapshot["similar_ideas"]] == [later.pk]
    event = CaseEvent.objects.get(case=older, kind="overlap_check")
    assert event.payload["before"]["similar_ideas"] == []
    assert event.payload["after"] == older.overlap_snapshot
    page = _page(coordinator_client, older)
    ideas_here = page.split("Ähnliche Ideen anderer Träger")[1].split("Frühere Prüfung")[0]
    assert later.reference in ideas_here
    assert "wiederholt von" in page
    history = page.split('id="fruehere-pruefungen"')[1].split("</details>")[0]
    assert "bei der Einreichung" in history
    assert "0 ähnliche Ideen" in history


def test_history_names_what_is_new_and_what_is_gone(coordinator, older, sprachcafe) -> None:
    later = submit_idea()
    actor = Actor.for_user(coordinator)
    case_overlap_refresh(case=older, actor=actor)
    Offering.objects.filter(pk=sprachcafe.pk).update(active=False)
    case_overlap_refresh(case=older, actor=actor)

    from backend.workspace.selectors import case_overlap_panel

    older.refresh_from_db()
    checks = case_overlap_panel(case=older).checks
    assert [check.by for check in checks] == [str(actor.label), str(actor.label), ""]
    latest, middle, first = checks
    assert later.title in middle.added
    assert sprachcafe.title in latest.dropped
    assert first.added == []
    assert first.dropped == []


def test_finished_and_other_district_matches_are_marked(
    coordinator_client: Client, older, essen
) -> None:
    Offering.objects.create(
        city=essen,
        title="Sprachcafé für Eltern in Rüttenscheid",
        description="Deutsch sprechen bei Kaffee, für Eltern und Neuzugewanderte.",
        provider="Familienbildung Süd",
        quarter=quarter("Rüttenscheid"),
        target_groups=["familien", "neuzugewanderte"],
        topics=["sprache", "begegnung"],
        source="test",
        external_id="rue-1",
    )
    later = submit_idea()  # its snapshot names the older idea, then still open
    move(older, "withdraw", Actor.applicant(older), {"reason": "Wir machen es mit anderen."})

    page = _page(coordinator_client, later)
    offerings = page.split("Bestehende Angebote")[1].split("Ähnliche Ideen anderer Träger")[0]
    here, elsewhere = offerings.split("Stadtweit und in anderen Stadtbezirken")
    assert "Sprachcafé Borbeck" in here
    assert "Rüttenscheid" not in here
    assert "Sprachcafé für Eltern in Rüttenscheid" in elsewhere
    ideas = page.split("Ähnliche Ideen anderer Träger")[1]
    older_row = ideas.split(older.reference)[1].split("</li>")[0]
    assert "zurückgezogen" in older_row.lower()


def test_an_assessed_match_stays_visible_when_no_longer_found(
    coordinator_client: Client, coordinator, older, sprachcafe
) -> None:
    actor = Actor.for_user(coordinator)
    overlap_assessment_record(
        case=older, actor=actor, offering=sprachcafe, verdict="complementary", note="Anderer Tag"
    )
    Offering.objects.filter(pk=sprachcafe.pk).update(active=False)
    older.refresh_from_db()
    case_overlap_refresh(case=older, actor=actor)
    older.refresh_from_db()

    assert all(m["offering"]["id"] != sprachcafe.pk for m in older.overlap_snapshot["offerings"])
    page = _page(coordinator_client, older)
    row = page.split("Sprachcafé Borbeck")[1].split("</li>")[0]
    assert "bei der letzten Prüfung nicht mehr gefunden" in row
    assert "Anderer Tag" in row


@pytest.mark.parametrize(
    ("posted", "status", "message"),
    [
        ({}, 400, "Die Seite war unvollständig"),
        ({"version": "x"}, 400, "Die Seite war unvollständig"),
        ({"version": "0"}, 409, "inzwischen geändert"),
    ],
)
def test_bad_posts_change_nothing(
    coordinator_client: Client, older: Case, posted, status, message
) -> None:
    before = (older.version, older.overlap_snapshot)

    response = coordinator_client.post(case_url(older, "overlap_refresh"), posted)

    assert response.status_code == status
    assert message in response.content.decode()
    older.refresh_from_db()
    assert (older.version, older.overlap_snapshot) == before
    assert not CaseEvent.objects.filter(kind="overlap_check").exists()


def test_only_coordinators_of_the_district_and_only_before_the_decision(
    other_client: Client, other_coordinator, coordinator, older
) -> None:
    assert other_client.post(case_url(older, "overlap_refresh"), {"version": 1}).status_code in (
        403,
        404,
    )
    with pytest.raises(Forbidden):
        case_overlap_refresh(case=older, actor=Actor.for_user(other_coordinator))
    move(older, "withdraw", Actor.applicant(older), {"reason": "Nicht mehr nötig."})
    older.refresh_from_db()
    with pytest.raises(TransitionNotAllowedInState, match="vor der Entscheidung"):
        case_overlap_refresh(case=older, actor=Actor.for_user(coordinator))
    assert not CaseEvent.objects.filter(kind="overlap_check").exists()


def test_the_button_shows_only_while_a_check_can_change_something(
    coordinator_client: Client, older: Case
) -> None:
    assert "Jetzt neu prüfen" in _page(coordinator_client, older)
    move(older, "withdraw", Actor.applicant(older), {"reason": "Nicht mehr nötig."})
    older.refresh_from_db()
    assert "Jetzt neu prüfen" not in _page(coordinator_client, older)
    assert coordinator_client.get(case_url(older, "overlap_refresh")).status_code == 405
