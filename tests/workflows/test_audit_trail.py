"""The audit trail is append-only at database level, and tamper-evident by a hash chain."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from backend.cases.audit_chain import audit_chain_verify
from backend.cases.models import CaseEvent
from tests.factories import move, submit_idea

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cases_caseevent SET comment = 'rewritten' WHERE id = %s",
        "DELETE FROM cases_caseevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_events(idea_case, actor, statement):
    move(idea_case, "start_advice", actor)
    event = CaseEvent.objects.filter(case=idea_case).last()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.comment == ""
    assert CaseEvent.objects.filter(case=idea_case).count() == 2


def test_orm_cannot_update_events(idea_case):
    event = CaseEvent.objects.get(case=idea_case)
    event.comment = "changed"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.save()


def test_history_lists_creation_then_each_transition(idea_case, actor):
    move(idea_case, "start_advice", actor)
    move(idea_case, "withdraw", actor)
    kinds = list(CaseEvent.objects.filter(case=idea_case).values_list("kind", "to_state"))
    assert kinds == [("created", "idea"), ("transition", "advice"), ("transition", "withdrawn")]


# --- TRUNCATE, hash chain, back-dating (issue #18) ------------------------------------------


@pytest.mark.parametrize(
    "statement", ["TRUNCATE cases_caseevent CASCADE", "TRUNCATE cases_case CASCADE"]
)
def test_truncate_is_refused_unless_the_owner_allowed_it_for_the_database(idea_case, statement):
    with connection.cursor() as cursor:
        # The test database allows it for the transactional tests' reset; production does not.
        cursor.execute("SET LOCAL foerderlotse.audit_truncate = 'off'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks of this transaction
        with pytest.raises(DatabaseError, match="TRUNCATE is not allowed"), transaction.atomic():
            cursor.execute(statement)
    assert CaseEvent.objects.filter(case=idea_case).count() == 1


def test_each_event_is_chained_to_the_previous_event_of_its_case(idea_case, actor):
    move(idea_case, "start_advice", actor)
    move(idea_case, "withdraw", actor)
    events = list(CaseEvent.objects.filter(case=idea_case).order_by("id"))
    assert [e.prev_hash for e in events] == ["", events[0].hash, events[1].hash]
    assert all(len(e.hash) == 64 for e in events)
    assert len({e.hash for e in events}) == 3
    # What the writer passes for the hashes is ignored: the database computes them.
    forged = CaseEvent.objects.create(
        case=idea_case, kind="record", actor_kind="system", actor_label="x", hash="0" * 64
    )
    assert forged.prev_hash == events[2].hash
    assert forged.hash != "0" * 64
    assert audit_chain_verify().intact


def test_chains_of_other_cases_are_separate(idea_case, actor):
    other = submit_idea()
    first_events = CaseEvent.objects.filter(case__in=[idea_case, other]).order_by("id")
    assert [e.prev_hash for e in first_events] == ["", ""]
    report = audit_chain_verify(case_ids=[idea_case.pk, other.pk])
    assert (report.cases, report.events, report.intact) == (2, 2, True)


def test_a_back_dated_event_is_refused(idea_case, actor):
    move(idea_case, "start_advice", actor)
    last = CaseEvent.objects.filter(case=idea_case).latest("id")
    with (
        pytest.raises(DatabaseError, match="dated before"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO cases_caseevent (case_id, kind, actor_kind, actor_label, transition,"
            " from_state, to_state, comment, payload, created_at, prev_hash, hash)"
            " VALUES (%s, 'record', 'system', 'x', '', '', '', 'nachgetragen', '{}',"
            " %s, '', '')",
            [idea_case.pk, last.created_at - timedelta(days=3)],
        )
    assert CaseEvent.objects.filter(case=idea_case).count() == 2


def _tamper(statement: str, params: list) -> None:
    """What a role that can bypass the append-only triggers (the owner) could do."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks of this transaction
        cursor.execute("ALTER TABLE cases_caseevent DISABLE TRIGGER USER")
        cursor.execute(statement, params)
        cursor.execute("ALTER TABLE cases_caseevent ENABLE TRIGGER USER")


@pytest.mark.parametrize(
    ("statement", "broken_at", "reason"),
    [
        ("UPDATE cases_caseevent SET comment = 'geschönt' WHERE id = %s", 1, "was changed"),
        ("UPDATE cases_caseevent SET payload = '{\"amount\": 1}' WHERE id = %s", 1, "was changed"),
        (
            "UPDATE cases_caseevent SET created_at = created_at - interval '1 day' WHERE id = %s",
            1,
            "was changed",
        ),
        ("DELETE FROM cases_caseevent WHERE id = %s", 2, "was removed"),
    ],
)
def test_verify_audit_finds_a_changed_or_removed_event(
    idea_case, actor, statement, broken_at, reason
):
    move(idea_case, "start_advice", actor)
    move(idea_case, "withdraw", actor)
    events = list(CaseEvent.objects.filter(case=idea_case).order_by("id"))
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("audit trail intact: ")

    _tamper(statement, [events[1].pk])

    report = audit_chain_verify(case_ids=[idea_case.pk])
    assert [(link.event_id, reason in link.reason) for link in report.broken] == [
        (events[broken_at].pk, True)
    ]
    errors = StringIO()
    with pytest.raises(CommandError, match="audit trail BROKEN: 1 bad links"):
        call_command("verify_audit", "--case", str(idea_case.pk), stderr=errors)
    assert f"event {events[broken_at].pk}" in errors.getvalue()


def test_the_seal_changes_when_a_chain_is_cut_at_its_end(idea_case, actor):
    move(idea_case, "start_advice", actor)
    before = audit_chain_verify()
    last = CaseEvent.objects.filter(case=idea_case).latest("id")
    _tamper("DELETE FROM cases_caseevent WHERE id = %s", [last.pk])
    after = audit_chain_verify()
    assert after.intact  # a cut tail leaves a valid chain…
    assert after.seal != before.seal  # …but not the seal recorded before
