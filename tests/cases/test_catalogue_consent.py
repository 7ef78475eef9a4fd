"""A funded project in the public catalogue, with the association's consent (issue #16)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backend.cases.models import Case, CaseEvent
from backend.cases.services.catalogue import catalogue_consent_give, catalogue_consent_withdraw
from backend.offerings.models import CatalogueConsent, Offering
from tests.factories import approve_data, move, submit_idea
from workflows.actors import Actor
from workflows.errors import TransitionNotAllowedInState

CONSENT = {
    "consent": "on",
    "description": "Wöchentliches Sprachcafé für Eltern mit Kinderbetreuung.",
    "schedule": "mittwochs 15–17 Uhr",
    "address": "Marktstraße 1",
    "contact": "info@example.org",
    "languages": ["de", "tr"],
}


@pytest.fixture
def funded(application_case, actor):
    return move(application_case, "approve", actor, approve_data())


def tracked(case, token: str = "status-token-for-the-catalogue-test"):  # noqa: S107
    """A status token for ``case`` (the real one is shown only once, at creation)."""
    from backend.cases.services import token_hash

    Case.objects.filter(pk=case.pk).update(tracking_token_hash=token_hash(token))
    return token


def state(case):
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.version,
        CaseEvent.objects.filter(case=case).count(),
        Offering.objects.count(),
        CatalogueConsent.objects.count(),
    )


def test_consent_puts_the_funded_project_into_the_catalogue(client, funded):
    token = tracked(funded)
    url = reverse("intake:status_catalogue", kwargs={"token": token})
    assert client.get(url).status_code == 200
    version = Case.objects.get(pk=funded.pk).version
    response = client.post(url, CONSENT)
    assert response.status_code == 302
    consent = CatalogueConsent.objects.get(case=funded)
    assert consent.active
    assert consent.given_by == "Antragsteller*in (Statuslink)"
    offering = consent.offering
    assert (offering.source, offering.external_id) == ("foerderlotse", funded.reference)
    assert offering.title == funded.title
    assert offering.provider == "Kulturbrücke Borbeck e.V."
    assert offering.quarter == funded.quarter
    assert offering.languages == ["de", "tr"]
    assert offering.valid_from == funded.decision.funding_start
    assert Case.objects.get(pk=funded.pk).version == version + 1
    event = CaseEvent.objects.filter(case=funded).last()
    assert event.payload == {"catalogue_consent": consent.pk, "offering": offering.pk}
    page = client.get(reverse("catalogue:detail", args=[offering.pk]))
    assert page.status_code == 200
    assert "mittwochs 15–17 Uhr" in page.content.decode()
    listed = client.get(reverse("catalogue:list"), {"q": "Sprachcafé"})
    assert offering in listed.context["page"].object_list


def test_consent_needs_the_checkbox(client, funded):
    token = tracked(funded)
    before = state(funded)
    response = client.post(
        reverse("intake:status_catalogue", kwargs={"token": token}),
        {**CONSENT, "consent": ""},
    )
    assert response.status_code == 400
    assert "Bitte stimmen Sie zu" in response.content.decode()
    assert state(funded) == before


def test_changing_the_details_keeps_one_offering(funded):
    actor = Actor.applicant(funded)
    first = catalogue_consent_give(case=funded, actor=actor, description="A")
    second = catalogue_consent_give(case=funded, actor=actor, description="B", schedule="montags")
    assert first.pk == second.pk
    assert Offering.objects.get(pk=first.pk).description == "B"


def test_withdrawing_takes_the_offering_down(client, funded):
    token = tracked(funded)
    offering = catalogue_consent_give(
        case=funded, actor=Actor.applicant(funded), description="Sprachcafé"
    )
    response = client.post(
        reverse("intake:status_catalogue", kwargs={"token": token}), {"withdraw": "1"}
    )
    assert response.status_code == 302
    assert Offering.objects.get(pk=offering.pk).active is False
    assert CatalogueConsent.objects.get(case=funded).withdrawn_at is not None
    assert client.get(reverse("catalogue:detail", args=[offering.pk])).status_code == 404


@pytest.mark.parametrize("path", ["idea", "rejected"])
def test_no_catalogue_before_an_approval(client, application_case, actor, path):
    case = application_case
    if path == "idea":
        case = submit_idea()
    else:
        move(case, "reject", actor, {"reasons": "Nein.", "deciding_body": "ASAGI"})
    before = state(case)
    with pytest.raises(TransitionNotAllowedInState):
        catalogue_consent_give(case=case, actor=Actor.applicant(case), description="x")
    assert state(case) == before
    token = tracked(case)
    response = client.get(reverse("intake:status_catalogue", kwargs={"token": token}))
    assert response.status_code == 302
    response = client.post(reverse("intake:status_catalogue", kwargs={"token": token}), CONSENT)
    assert response.status_code == 302
    assert Offering.objects.count() == before[2]


def test_withdrawing_without_consent_is_refused(funded):
    before = state(funded)
    with pytest.raises(TransitionNotAllowedInState):
        catalogue_consent_withdraw(case=funded, actor=Actor.applicant(funded))
    assert state(funded) == before


def test_another_coordinator_may_not_consent(funded, other_coordinator):
    from workflows.errors import Forbidden

    before = state(funded)
    with pytest.raises(Forbidden):
        catalogue_consent_give(
            case=funded, actor=Actor.for_user(other_coordinator), description="x"
        )
    assert state(funded) == before
