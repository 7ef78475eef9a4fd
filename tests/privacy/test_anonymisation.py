"""Retention (issue #17): finished cases are anonymised when their retention ends; their figures
stay, their audit trail stays append-only (also for the runtime role) and its chains verify."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from psycopg import sql

from backend.associations.models import Association, ContactPerson
from backend.cases.audit_chain import audit_chain_verify
from backend.cases.models import AdviceSession, Case, CaseEvent, Decision, Receipt, Report
from backend.cases.services.anonymisation import (
    PLACEHOLDER,
    case_anonymise,
    cases_due_for_anonymisation,
)
from backend.cases.services.links import add_months, case_finished_at
from backend.cases.tasks import anonymise_due as anonymise_due_task
from backend.documents.models import CaseDocument
from backend.statistics.selectors import StatsFilters, stats_figures
from tests.factories import (
    UserFactory,
    move,
    submit_idea,
)
from workflows.actors import Actor
from workflows.errors import GuardFailed

pytestmark = pytest.mark.django_db


def _go(time_machine, moment: dt.datetime) -> None:
    time_machine.move_to(moment, tick=True)


def _figures(case: Case) -> dict[str, object]:
    decision = Decision.objects.get(case=case)
    return {
        "state": case.state,
        "reference": case.reference,
        "quarter": case.quarter_id,
        "topics": case.topics,
        "target_groups": case.target_groups,
        "estimated_cost": case.estimated_cost,
        "program": case.program_id,
        "amount": decision.amount,
        "plan": case.financing_plan.requested_amount,
        "receipts": sorted(Receipt.objects.filter(case=case).values_list("amount", flat=True)),
        "spent": Report.objects.get(case=case).spent_by_line,
        "events": list(
            CaseEvent.objects.filter(case=case)
            .order_by("id")
            .values_list("id", "kind", "transition", "to_state", "created_at")
        ),
    }


def test_a_closed_case_is_anonymised_five_years_after_closure_and_keeps_its_figures(
    closed_case, time_machine, jobs
):
    case = Case.objects.get(pk=closed_case.pk)
    figures = _figures(case)
    central = UserFactory(username="zentrale", is_central_office=True)
    statistics = stats_figures(user=central, filters=StatsFilters())
    closed_at = case_finished_at(case)
    assert closed_at is not None
    _go(time_machine, add_months(closed_at, 60) - dt.timedelta(days=1))
    assert cases_due_for_anonymisation() == []
    assert anonymise_due_task(timestamp=0) == 0

    _go(time_machine, add_months(closed_at, 60) + dt.timedelta(hours=1))
    assert cases_due_for_anonymisation() == [case.pk]
    assert anonymise_due_task(timestamp=0) == 1

    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert case.challenge == PLACEHOLDER
    assert "Sprachcafé" not in case.title
    assert AdviceSession.objects.get(case=case).notes == PLACEHOLDER
    assert Report.objects.get(case=case).narrative == PLACEHOLDER
    assert set(Receipt.objects.filter(case=case).values_list("payee", flat=True)) == {PLACEHOLDER}
    documents = CaseDocument.objects.filter(case=case)
    assert {(d.original_name, d.file.name) for d in documents} == {(PLACEHOLDER, "")}
    contact = ContactPerson.objects.get(pk=case.contact_id)
    assert (contact.name, contact.phone) == (PLACEHOLDER, "")
    assert "ayse" not in contact.email
    association = Association.objects.get(pk=case.association_id)
    assert "Kulturbrücke" not in association.name
    assert association.street == ""
    assert association.postal_code  # statistics by postcode stay
    # the figures, states and the events' skeleton are as before
    assert {k: v for k, v in _figures(case).items() if k != "events"} == {
        k: v for k, v in figures.items() if k != "events"
    }
    # …and so is every figure of the statistics (issue #16's page, exports and API)
    assert stats_figures(user=central, filters=StatsFilters()) == statistics
    assert statistics.money.approved > 0
    events = _figures(case)["events"]
    assert isinstance(events, list)
    assert events[:-1] == figures["events"]
    # no name left in the audit trail; the anonymisation is its last event
    texts = " ".join(f"{c} {p}" for c, p in CaseEvent.objects.values_list("comment", "payload"))
    assert "Demir" not in texts
    last = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert last.payload["anonymisation"] == "retention"
    assert len(last.payload["chain_head_before"]) == 64
    assert audit_chain_verify().intact
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "audit trail intact" in out.getvalue()
    # run again: nothing more to do
    assert anonymise_due_task(timestamp=0) == 0


def test_an_open_case_is_not_anonymised_and_stays_as_it_was(coordinator, actor):
    case = move(submit_idea(), "start_advice", actor)
    before = list(CaseEvent.objects.filter(case=case).values_list("id", "comment", "hash"))

    with pytest.raises(GuardFailed, match="Nur abgeschlossene Fälle"):
        case_anonymise(case=case, actor=Actor.system())

    case.refresh_from_db()
    assert case.anonymised_at is None
    assert "Eltern" in case.challenge
    assert list(CaseEvent.objects.filter(case=case).values_list("id", "comment", "hash")) == before


def test_the_database_function_refuses_an_open_case(coordinator):
    case = submit_idea()
    with (
        pytest.raises(DatabaseError, match="not finished"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT cases_caseevent_anonymise(%s)", [case.pk])


def test_a_rejected_idea_waits_for_the_configured_months(
    coordinator, actor, settings, time_machine
):
    settings.RETENTION_UNFUNDED_MONTHS = 12
    case = move(
        submit_idea(), "refer", actor, {"referral_kind": "other_funder", "reason": "Landesmittel"}
    )
    keep = move(submit_idea(), "start_advice", actor)  # open: never due
    finished = case_finished_at(Case.objects.get(pk=case.pk))
    _go(time_machine, add_months(finished, 11))
    assert cases_due_for_anonymisation() == []
    _go(time_machine, add_months(finished, 12) + dt.timedelta(hours=1))

    call_command("anonymise_due", stdout=io.StringIO())

    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert case.referral_reason == PLACEHOLDER
    assert case.referral_kind == "other_funder"
    keep.refresh_from_db()
    assert keep.anonymised_at is None
    # the contact still has an open case: it keeps its name
    assert ContactPerson.objects.get(pk=keep.contact_id).name != PLACEHOLDER
    assert audit_chain_verify().intact


@contextmanager
def _session(*, case_id: int, runtime_role: str | None, grant_update: bool = False):
    """A savepoint (rolled back on failure), optionally as the runtime role, with the
    anonymisation's flag set by hand as an attacker would."""
    with transaction.atomic(), connection.cursor() as cursor:
        if runtime_role:
            role = sql.Identifier(runtime_role)
            if grant_update:
                cursor.execute(sql.SQL("GRANT UPDATE ON cases_caseevent TO {}").format(role))
            cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(role))
        cursor.execute(
            "SELECT set_config('foerderlotse.audit_anonymise', %s, true)", [str(case_id)]
        )
        yield cursor


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cases_caseevent SET comment = 'geschönt' WHERE case_id = %(case)s",
        "DELETE FROM cases_caseevent WHERE case_id = %(case)s",
    ],
)
@pytest.mark.parametrize("as_runtime", [False, True])
def test_after_anonymisation_events_still_cannot_be_altered(
    closed_case, settings, statement, as_runtime
):
    case = case_anonymise(case=closed_case, actor=Actor.system())
    before = list(CaseEvent.objects.filter(case=case).values_list("id", "comment", "hash"))
    role = settings.DATABASE_RUNTIME_ROLE if as_runtime else None

    with (
        pytest.raises(DatabaseError, match=r"append-only|permission denied"),
        _session(case_id=case.pk, runtime_role=role) as cursor,
    ):
        cursor.execute(statement, {"case": case.pk})

    assert list(CaseEvent.objects.filter(case=case).values_list("id", "comment", "hash")) == before
    assert audit_chain_verify().intact


def test_the_runtime_role_cannot_slip_an_update_through_the_trigger(closed_case, settings):
    """Even given UPDATE on the table, the runtime role setting the flag is refused: only the
    owner, inside the SECURITY DEFINER function, passes the trigger."""
    role = settings.DATABASE_RUNTIME_ROLE
    with (
        pytest.raises(DatabaseError, match="append-only"),
        _session(case_id=closed_case.pk, runtime_role=role, grant_update=True) as cursor,
    ):
        cursor.execute(
            "UPDATE cases_caseevent SET comment = 'geschönt' WHERE case_id = %s", [closed_case.pk]
        )


def test_the_runtime_role_anonymises_through_the_function(closed_case, settings):
    role = sql.Identifier(settings.DATABASE_RUNTIME_ROLE)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(role))
        case_anonymise(case=closed_case, actor=Actor.system())
        cursor.execute("RESET ROLE")
    assert Case.objects.get(pk=closed_case.pk).anonymised_at is not None
    assert audit_chain_verify().intact


def test_a_second_anonymisation_is_refused(closed_case):
    case = case_anonymise(case=closed_case, actor=Actor.system())
    count = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(GuardFailed, match="bereits anonymisiert"):
        case_anonymise(case=case, actor=Actor.system())
    assert CaseEvent.objects.filter(case=case).count() == count


def test_the_amounts_in_event_payloads_stay(closed_case):
    amounts = list(
        CaseEvent.objects.filter(case=closed_case, transition="approve").values_list(
            "payload", flat=True
        )
    )
    case_anonymise(case=closed_case, actor=Actor.system())
    after = list(
        CaseEvent.objects.filter(case=closed_case, transition="approve").values_list(
            "payload", flat=True
        )
    )
    assert Decimal(str(after[0].get("amount", "0"))) == Decimal(str(amounts[0].get("amount", "0")))
