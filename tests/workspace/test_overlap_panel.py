"""The overlap panel on the case page: stored matches, and the coordinator's assessment."""

from __future__ import annotations

import pytest
from django.test import Client

from backend.cases.models import Case, CaseEvent, OverlapAssessment
from backend.offerings.models import Offering
from tests.factories import submit_idea
from tests.workspace.conftest import case_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched_case(sprachcafe, coordinator):
    submit_idea(association_name="Elternnetz Borbeck", idea={"title": "Elterncafé Sprache"})
    return submit_idea()


def test_panel_shows_stored_offerings_and_similar_ideas(
    coordinator_client: Client, matched_case
) -> None:
    page = coordinator_client.get(case_url(matched_case)).content.decode()

    assert "Sprachcafé Borbeck" in page
    assert "Familienzentrum Borbeck" in page
    assert "wahrscheinliche Überschneidung" in page
    assert "IV-" in page.split("Ähnliche Ideen anderer Träger")[1]


def test_coordinator_assesses_an_offering_match(
    coordinator_client: Client, matched_case, sprachcafe
) -> None:
    response = coordinator_client.post(
        case_url(matched_case, "overlap_assessment_create"),
        {
            "version": matched_case.version,
            "target": f"offering-{sprachcafe.pk}",
            "verdict": "complementary",
            "note": "Anderer Wochentag, andere Zielgruppe",
        },
    )

    assert response.status_code == 302
    assessment = OverlapAssessment.objects.get(case=matched_case)
    assert (assessment.offering, assessment.verdict) == (sprachcafe, "complementary")
    assert CaseEvent.objects.filter(case=matched_case, kind="assessment").exists()
    page = coordinator_client.get(case_url(matched_case)).content.decode()
    assert "ergänzt das Bestehende" in page


def test_assessment_of_a_target_not_in_the_snapshot_is_404(
    coordinator_client: Client, matched_case, essen
) -> None:
    other = Offering.objects.create(
        city=essen, title="Schach", citywide=True, external_id="schach", source="test"
    )
    for target in (f"offering-{other.pk}", "offering-abc", "", "case-999999"):
        response = coordinator_client.post(
            case_url(matched_case, "overlap_assessment_create"),
            {"version": matched_case.version, "target": target, "verdict": "duplicate"},
        )
        assert response.status_code == 404
    assert not OverlapAssessment.objects.exists()


def test_invalid_assessment_comes_back_inline(
    coordinator_client: Client, matched_case, sprachcafe
) -> None:
    response = coordinator_client.post(
        case_url(matched_case, "overlap_assessment_create"),
        {"version": matched_case.version, "target": f"offering-{sprachcafe.pk}", "note": "Hm"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="bewertung-offering-{sprachcafe.pk}" open' in page
    assert "Hm" in page
    assert not OverlapAssessment.objects.exists()


def test_stale_assessment_is_refused(coordinator_client: Client, matched_case, sprachcafe) -> None:
    response = coordinator_client.post(
        case_url(matched_case, "overlap_assessment_create"),
        {"version": 0, "target": f"offering-{sprachcafe.pk}", "verdict": "duplicate"},
    )

    assert response.status_code == 409
    assert "Der Fall wurde inzwischen geändert" in response.content.decode()
    assert Case.objects.get(pk=matched_case.pk).version == matched_case.version


def test_other_district_cannot_assess(other_client: Client, matched_case, sprachcafe) -> None:
    response = other_client.post(
        case_url(matched_case, "overlap_assessment_create"),
        {
            "version": matched_case.version,
            "target": f"offering-{sprachcafe.pk}",
            "verdict": "duplicate",
        },
    )

    assert response.status_code == 404
