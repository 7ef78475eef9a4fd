"""Case services outside the state machine: submission, records, reassignment."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend.associations.models import Association
from backend.associations.services import association_name_key
from backend.cases.models import Case, CaseEvent, ChangeRequest
from backend.cases.selectors import case_get_by_token, cases_visible_to
from backend.cases.services import (
    advice_session_record,
    case_create,
    case_reassign,
    change_request_answer,
    financing_plan_save,
)
from tests import clock
from tests.factories import UserFactory, complete_plan, move, quarter, submit_idea
from workflows import errors
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def _idea(**overrides):
    return {
        "title": "Nachbarschaftsgarten",
        "challenge": "Kaum Treffpunkte",
        "affected": "Familien",
        "intended_result": "Ein Garten für alle",
        "quarter": quarter("Frohnhausen"),
        "target_groups": ["familien"],
        "topics": ["nachbarschaft"],
        **overrides,
    }


def _create(**kwargs):
    return case_create(
        idea=kwargs.pop("idea", _idea()),
        association=kwargs.pop(
            "association",
            {"name": "Gartenfreunde e.V.", "postal_code": "45144", "legal_form": "ev"},
        ),
        contact=kwargs.pop("contact", {"name": "Lena", "email": "lena@example.org"}),
        **kwargs,
    )


def test_case_create_assigns_the_district_coordinator_and_records_creation(coordinator):
    created = _create(idea=_idea(quarter=quarter("Borbeck-Mitte")))
    case = created.case
    assert case.state == "idea"
    assert case.assigned_to == coordinator
    assert case.reference == f"IV-{timezone.localdate().year}-0001"
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.actor_kind, event.to_state) == ("created", "applicant", "idea")


def test_case_create_in_vacant_district_goes_to_central_queue(essen):
    case = _create(idea=_idea(quarter=quarter("Kettwig"))).case
    assert case.assigned_to == essen.central_queue
    assert case.reference.startswith("IX-")


def test_references_count_per_district_and_year(essen):
    first = _create().case
    second = _create(contact={"name": "Tom", "email": "tom@example.org"}).case
    other = _create(idea=_idea(quarter=quarter("Borbeck-Mitte"))).case
    year = timezone.localdate().year
    assert [first.reference, second.reference, other.reference] == [
        f"III-{year}-0001",
        f"III-{year}-0002",
        f"IV-{year}-0001",
    ]


def test_token_is_returned_once_and_only_its_hash_is_stored(essen):
    created = _create()
    assert len(created.token) >= 40
    assert created.token not in created.case.tracking_token_hash
    assert case_get_by_token(token=created.token) == created.case
    assert case_get_by_token(token=created.token + "x") is None
    assert case_get_by_token(token="") is None
    assert case_get_by_token(token="a" * 5000) is None


def test_same_idempotency_key_returns_the_first_case(essen):
    first = _create(idempotency_key="form-123")
    again = _create(idempotency_key="form-123")
    assert again.case == first.case
    assert again.created is False
    assert again.token == ""
    assert Case.objects.count() == 1


def _draft_plan(case, actor, program, lines, requested):
    """A plan without own share, third-party money or period, with these ``lines``."""
    return financing_plan_save(
        case=case,
        actor=actor,
        program=program,
        financing_type="fehlbedarf",
        own_share=Decimal("0"),
        third_party=Decimal("0"),
        requested_amount=Decimal(requested),
        funding_start=None,
        funding_end=None,
        lines=lines,
    )


def test_obvious_repeat_of_an_association_is_merged(essen):
    _create()
    _create(
        association={"name": "  gartenfreunde   E.V. ", "postal_code": "45144", "legal_form": "ev"}
    )
    _create(association={"name": "Gartenfreunde e.V.", "postal_code": "45127", "legal_form": "ev"})
    assert Association.objects.count() == 2
    assert association_name_key("Kulturverein Überruhr e. V.") == "kulturverein uberruhr"


def test_repeat_with_other_details_keeps_the_stored_ones_and_records_the_difference(essen):
    """A public submission must not rewrite an existing association (anyone can submit), but
    what it said differently must not be lost: it is kept in the case's "created" event."""
    first = _create(
        association={
            "name": "Gartenfreunde e.V.",
            "postal_code": "45144",
            "legal_form": "ev",
            "street": "Musterstraße 1",
        }
    ).case
    second = _create(
        association={
            "name": "Gartenfreunde e.V.",
            "postal_code": "45144",
            "legal_form": "initiative",
            "street": "Marktstraße 1",
            "register_number": "",
        }
    ).case

    association = Association.objects.get()
    assert (association.street, association.legal_form) == ("Musterstraße 1", "ev")
    assert second.association == first.association
    created = CaseEvent.objects.get(case=second, kind="created")
    assert created.payload["association_differs"] == {
        "legal_form": {"submitted": "initiative", "stored": "ev"},
        "street": {"submitted": "Marktstraße 1", "stored": "Musterstraße 1"},
    }
    assert "association_differs" not in CaseEvent.objects.get(case=first, kind="created").payload


def test_repeat_with_the_same_details_records_no_difference(essen):
    _create()
    repeat = _create(association={"name": "Gartenfreunde e.V.", "postal_code": "45144"}).case

    assert "association_differs" not in CaseEvent.objects.get(case=repeat, kind="created").payload


def test_case_create_rejects_invalid_idea_and_stores_nothing(essen):
    with pytest.raises(ValidationError) as info:
        _create(idea=_idea(title="", target_groups=["aliens"]))
    assert {"title", "target_groups"} <= set(info.value.message_dict)
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_cases_visible_to_coordinator_only_in_own_districts(coordinator, other_coordinator):
    own = submit_idea()
    foreign = _create().case  # Frohnhausen, district III
    assert list(cases_visible_to(user=coordinator)) == [own]
    assert list(cases_visible_to(user=other_coordinator)) == [foreign]
    central = UserFactory(username="zentrale-x", is_central_office=True)
    assert set(cases_visible_to(user=central)) == {own, foreign}
    from django.contrib.auth.models import AnonymousUser

    assert list(cases_visible_to(user=AnonymousUser())) == []


# --- records ------------------------------------------------------------------------------


def test_advice_session_is_recorded_with_event_and_version_bump(idea_case, coordinator):
    case = idea_case
    session = advice_session_record(
        case=case,
        actor=Actor.for_user(coordinator),
        held_on=timezone.localdate() - timedelta(days=19),
        place="Bezirksstelle Borbeck",
        notes="Idee besprochen",
    )
    case.refresh_from_db()
    assert session.recorded_by == coordinator
    assert case.version == 2
    assert case.events.filter(kind="record").count() == 1


def test_advice_session_refused_for_other_district_and_applicant(idea_case, other_coordinator):
    for actor in (Actor.for_user(other_coordinator), Actor.applicant(idea_case)):
        with pytest.raises(errors.Forbidden):
            advice_session_record(
                case=idea_case, actor=actor, held_on=clock.today(), place="x", notes="y"
            )
    assert idea_case.advice_sessions.count() == 0


def test_financing_plan_only_in_advice(idea_case, coordinator, program):
    with pytest.raises(errors.TransitionNotAllowedInState):
        complete_plan(idea_case, Actor.for_user(coordinator), program)


def test_financing_plan_replaces_lines_and_rejects_bad_lines(idea_case, coordinator, program):
    actor = Actor.for_user(coordinator)
    case = move(idea_case, "start_advice", actor)
    complete_plan(case, actor, program)
    plan = complete_plan(case, Actor.applicant(case), program, requested="1000")
    assert plan.lines.count() == 2
    assert plan.total_cost == Decimal("1300")
    with pytest.raises(ValidationError):
        _draft_plan(case, actor, program, [{"label": "", "amount": Decimal("-1")}], "10")
    plan.refresh_from_db()
    assert plan.lines.count() == 2
    assert plan.requested_amount == Decimal("1000")


def test_change_request_answer_by_applicant(idea_case, coordinator, program):
    actor = Actor.for_user(coordinator)
    case = move(idea_case, "start_advice", actor)
    complete_plan(case, actor, program)
    move(case, "submit_application", actor)
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    move(case, "request_changes", actor, {"message": "Bitte Angebot beilegen", "due_on": due})
    request = ChangeRequest.objects.get(case=case)
    answered = change_request_answer(
        case=case, actor=Actor.applicant(case), change_request_id=request.pk, response="Anbei."
    )
    assert answered.response == "Anbei."
    assert answered.responded_at is not None
    other = submit_idea(idea={"title": "Fremd"})
    with pytest.raises(errors.Forbidden):
        change_request_answer(
            case=case, actor=Actor.applicant(other), change_request_id=request.pk, response="x"
        )
    with pytest.raises(errors.WorkflowError):
        change_request_answer(
            case=other, actor=Actor.applicant(other), change_request_id=request.pk, response="x"
        )


def test_reassign_only_by_central_office_and_audited(idea_case, coordinator, deputy):
    with pytest.raises(errors.Forbidden):
        case_reassign(case=idea_case, actor=Actor.for_user(coordinator), to_user=deputy)
    central = UserFactory(username="zentrale-y", is_central_office=True)
    case = case_reassign(
        case=idea_case,
        actor=Actor.for_user(central),
        to_user=deputy,
        comment="Urlaub",
    )
    assert case.assigned_to == deputy
    event = case.events.get(kind="reassigned")
    assert event.payload == {"from_user": coordinator.pk, "to_user": deputy.pk}
    assert event.comment == "Urlaub"


def test_reassign_to_someone_who_could_not_open_the_case_is_refused(
    idea_case, coordinator, other_coordinator
):
    """A coordinator of another district can neither see nor act on the case."""
    central = UserFactory(username="zentrale-y", is_central_office=True)
    before = Case.objects.get(pk=idea_case.pk)

    with pytest.raises(ValidationError) as refused:
        case_reassign(case=idea_case, actor=Actor.for_user(central), to_user=other_coordinator)

    assert "koordiniert den Stadtbezirk des Falls nicht" in str(refused.value)
    after = Case.objects.get(pk=idea_case.pk)
    assert (after.assigned_to, after.version) == (before.assigned_to, before.version)
    assert not idea_case.events.filter(kind="reassigned").exists()


def test_double_submit_racing_past_the_key_look_up_returns_the_first_case(essen, monkeypatch):
    """Two submissions with the same key: the second's look-up ran before the first
    committed. The database's unique index catches it and the first case comes back (this
    was a ValidationError, a 500 on the form, a 400 in the API)."""
    from backend.cases.services import creation as services

    first = _create(idempotency_key="k-1").case
    calls = []  # only the first look-up is to miss the case
    real = services._case_with_key

    def missing_first_time(key):
        calls.append(key)
        return None if len(calls) == 1 else real(key)

    monkeypatch.setattr(services, "_case_with_key", missing_first_time)

    again = _create(idempotency_key="k-1")

    assert (again.case, again.created, again.token) == (first, False, "")
    assert Case.objects.count() == 1
    assert calls == ["k-1", "k-1"]


def test_history_is_written_in_german_whatever_language_the_applicant_uses(idea_case, coordinator):
    """An applicant on the English pages: the event's comment and actor are stored in German,
    the language the coordinators read the history in."""
    from django.utils import translation

    request = ChangeRequest.objects.create(
        case=idea_case, message="Bitte KVA.", due_on=timezone.localdate() + timedelta(days=9)
    )
    with translation.override("en"):
        change_request_answer(
            case=Case.objects.get(pk=idea_case.pk),
            actor=Actor.applicant(idea_case),
            change_request_id=request.pk,
            response="Anbei.",
        )
    event = CaseEvent.objects.filter(case=idea_case, kind="record").latest("pk")
    assert event.comment == "Nachforderung beantwortet"
    assert event.actor_label == "Antragsteller*in (Statuslink)"


def test_financing_plan_has_at_most_50_lines_on_every_channel(idea_case, coordinator, program):
    from backend.cases.services import MAX_PLAN_LINES

    actor = Actor.for_user(coordinator)
    case = move(idea_case, "start_advice", actor)
    plan = complete_plan(case, actor, program)
    lines = [{"label": f"Posten {n}", "amount": Decimal("1")} for n in range(MAX_PLAN_LINES + 1)]

    with pytest.raises(ValidationError) as refused:
        _draft_plan(case, actor, program, lines, "51")

    assert "Höchstens 50 Kostenpositionen." in str(refused.value)
    assert plan.lines.count() == 2
    assert MAX_PLAN_LINES == 50
