"""The audit trail is append-only at database level."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from backend.cases.models import CaseEvent
from tests.factories import move

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
