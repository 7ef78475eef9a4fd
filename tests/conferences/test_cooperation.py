"""Cooperation: an association asks to be introduced to a similar open idea (or an offering)
its overlap check found; the other side accepts or declines; contacts are shared only after
both agreed; coordinators may join agreed ideas into one project (both audit trails)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from backend.cases.models import Case, CaseEvent
from backend.cases.services import case_create
from backend.conferences.models import Cooperation, CooperationState
from backend.conferences.rules import Refused
from backend.conferences.services import cooperation_answer, cooperation_merge, cooperation_request
from tests.factories import move, quarter
from workflows.actors import Actor
from workflows.errors import Forbidden

pytestmark = pytest.mark.django_db


def idea(association: str, email: str, name: str, quarter_name: str = "Borbeck-Mitte") -> Case:
    return case_create(
        idea={
            "title": "Sprachcafé für Eltern",
            "challenge": "Eltern ohne Deutschkenntnisse finden schwer Anschluss an die Kita.",
            "affected": "Neu zugewanderte Eltern im Stadtteil",
            "intended_result": "Eltern sprechen sicherer Deutsch und kennen Angebote.",
            "first_ideas": "Wöchentliches Treffen mit Kinderbetreuung",
            "quarter": quarter(quarter_name),
            "target_groups": ["familien", "neuzugewanderte"],
            "topics": ["sprache", "begegnung"],
            "estimated_cost": Decimal("3000"),
        },
        association={"name": association, "postal_code": "45355", "legal_form": "ev"},
        contact={"name": name, "email": email, "phone": "0201 555"},
    ).case


@pytest.fixture
def pair(coordinator):
    """Two associations with similar ideas: the second one's check found the first."""
    first = idea("Kulturbrücke Borbeck e.V.", "ayse@example.org", "Ayşe Demir")
    second = idea("Elternnetz Borbeck", "jan@example.org", "Jan Krüger")
    assert first.pk in {m["case"]["id"] for m in second.overlap_snapshot["similar_ideas"]}
    return second, first  # (asks, is asked)


def _events(case: Case) -> int:
    return CaseEvent.objects.filter(case=case).count()


def test_association_asks_and_the_other_side_is_mailed_without_contacts(pair, jobs):
    asking, asked = pair

    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )

    assert cooperation.state == CooperationState.PROPOSED
    assert cooperation.requester_consent_text.startswith("Wir möchten")
    jobs.run()
    [message] = [m for m in mail.outbox if m.to == ["ayse@example.org"]]
    assert "/kennenlernen/" in message.body
    # Before the answer, the asked side learns what and where, not who.
    assert "jan@example.org" not in message.body
    assert "Jan Krüger" not in message.body
    assert "Elternnetz" not in message.body
    assert not [m for m in mail.outbox if m.to == ["jan@example.org"]]


def test_contacts_are_shared_only_after_both_agreed(pair, jobs):
    asking, asked = pair
    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )
    jobs.run()
    mail.outbox.clear()

    cooperation_answer(cooperation=cooperation, accept=True, actor=Actor.applicant(asked))
    jobs.run()

    to_asking = next(m for m in mail.outbox if m.to == ["jan@example.org"])
    to_asked = next(m for m in mail.outbox if m.to == ["ayse@example.org"])
    assert "ayse@example.org" in to_asking.body
    assert "Kulturbrücke" in to_asking.body
    assert "jan@example.org" in to_asked.body
    assert "Jan Krüger" in to_asked.body
    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.AGREED
    assert cooperation.partner_consent_text.startswith("Wir sind einverstanden")


def test_a_declined_request_shares_nothing(pair, jobs):
    asking, asked = pair
    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )
    jobs.run()
    mail.outbox.clear()

    cooperation_answer(cooperation=cooperation, accept=False)
    jobs.run()

    [message] = mail.outbox
    assert message.to == ["jan@example.org"]
    assert "ayse" not in message.body
    assert "Kulturbrücke" not in message.body
    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.DECLINED


def test_only_the_asked_side_may_answer_on_a_status_page(pair, jobs):
    asking, asked = pair
    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )
    queued = len(jobs.queued())

    with pytest.raises(Forbidden):
        cooperation_answer(cooperation=cooperation, accept=True, actor=Actor.applicant(asking))

    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.PROPOSED
    assert len(jobs.queued()) == queued


def test_an_answer_is_given_once(pair):
    asking, asked = pair
    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )
    cooperation_answer(cooperation=cooperation, accept=False)
    before = _events(asking)

    with pytest.raises(Refused) as refusal:
        cooperation_answer(cooperation=cooperation, accept=True)

    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.DECLINED
    assert refusal.value.message == "Diese Anfrage ist schon beantwortet."
    assert _events(asking) == before


def test_only_matches_of_the_own_check_may_be_asked(pair, coordinator):
    _asking, asked = pair
    stranger = idea("Sportverein Altendorf", "s@example.org", "S", "Altendorf")

    with pytest.raises(Refused) as refusal:
        cooperation_request(case=asked, actor=Actor.applicant(asked), partner_case_id=stranger.pk)

    assert "nicht als ähnlich gefunden" in refusal.value.message
    assert Cooperation.objects.count() == 0


def test_asking_twice_or_back_is_refused(pair):
    asking, asked = pair
    cooperation_request(case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk)

    with pytest.raises(Refused):
        cooperation_request(case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk)
    # The asked side's own check may not list the asking one; if it did, it must answer.
    asked.overlap_snapshot = {"similar_ideas": [{"case": {"id": asking.pk}}]}
    asked.save(update_fields=["overlap_snapshot"])
    with pytest.raises(Refused) as back:
        cooperation_request(case=asked, actor=Actor.applicant(asked), partner_case_id=asking.pk)

    assert "schon angefragt" in back.value.message
    assert Cooperation.objects.count() == 1


def test_another_case_link_may_not_ask_for_this_case(pair):
    asking, asked = pair

    with pytest.raises(Forbidden):
        cooperation_request(case=asking, actor=Actor.applicant(asked), partner_case_id=asked.pk)
    assert Cooperation.objects.count() == 0


def test_a_finished_idea_cannot_ask(pair, actor):
    asking, asked = pair
    move(asking, "withdraw", Actor.applicant(asking), {"reason": "Kein Bedarf mehr"})
    asking.refresh_from_db()

    with pytest.raises(Refused):
        cooperation_request(case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk)
    assert Cooperation.objects.count() == 0


def test_an_offering_with_an_address_can_be_asked(coordinator, sprachcafe, jobs):
    sprachcafe.contact = "Frau Yilmaz, sprachcafe@example.org, 0201 777"
    sprachcafe.save()
    asking = idea("Elternnetz Borbeck", "jan@example.org", "Jan Krüger")
    assert sprachcafe.pk in {m["offering"]["id"] for m in asking.overlap_snapshot["offerings"]}

    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_offering_id=sprachcafe.pk
    )
    jobs.run()
    [request_mail] = [m for m in mail.outbox if m.to == ["sprachcafe@example.org"]]
    token = request_mail.body.split("/kennenlernen/")[1].split("/")[0]
    from backend.conferences.selectors import cooperation_by_token

    assert cooperation_by_token(token=token) == cooperation
    cooperation_answer(cooperation=cooperation, accept=True)
    jobs.run()
    to_asking = next(m for m in mail.outbox if m.to == ["jan@example.org"])
    assert "sprachcafe@example.org" in to_asking.body


def test_an_offering_without_an_address_is_refused(coordinator, sprachcafe):
    asking = idea("Elternnetz Borbeck", "jan@example.org", "Jan Krüger")

    with pytest.raises(Refused) as refusal:
        cooperation_request(
            case=asking, actor=Actor.applicant(asking), partner_offering_id=sprachcafe.pk
        )

    assert "keine E-Mail-Adresse" in refusal.value.message
    assert Cooperation.objects.count() == 0


def test_agreed_ideas_join_one_project_in_both_audit_trails(pair, coordinator):
    asking, asked = pair
    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )
    cooperation_answer(cooperation=cooperation, accept=True)

    cooperation_merge(user=coordinator, cooperation=cooperation)

    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.MERGED
    for case, other in ((asking, asked), (asked, asking)):
        last = CaseEvent.objects.filter(case=case).order_by("pk").last()
        assert last.payload == {"cooperation": cooperation.pk, "merged_with": other.pk}
        assert other.reference in last.comment
        assert last.actor == coordinator


def test_merging_before_both_agreed_is_refused(pair, coordinator):
    asking, asked = pair
    cooperation = cooperation_request(
        case=asking, actor=Actor.applicant(asking), partner_case_id=asked.pk
    )
    before = (_events(asking), _events(asked))

    with pytest.raises(Refused):
        cooperation_merge(user=coordinator, cooperation=cooperation)

    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.PROPOSED
    assert (_events(asking), _events(asked)) == before


def test_merging_needs_both_districts(coordinator, other_coordinator):
    here = idea("Kulturbrücke Borbeck e.V.", "ayse@example.org", "Ayşe Demir")
    there = idea("Elternnetz Altendorf", "jan@example.org", "Jan Krüger", "Altendorf")
    assert here.pk in {m["case"]["id"] for m in there.overlap_snapshot["similar_ideas"]}
    cooperation = cooperation_request(
        case=there, actor=Actor.applicant(there), partner_case_id=here.pk
    )
    cooperation_answer(cooperation=cooperation, accept=True)

    with pytest.raises(Forbidden):
        cooperation_merge(user=coordinator, cooperation=cooperation)

    cooperation.refresh_from_db()
    assert cooperation.state == CooperationState.AGREED
