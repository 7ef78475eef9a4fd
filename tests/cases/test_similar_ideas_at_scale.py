"""Similar open ideas come from indexes (issue #25, docs/performance.md): ideas sharing a
word through ``Case.search_vector``'s GIN index, and the ideas of the same district; the
stored words follow every change of the texts."""

from __future__ import annotations

import pytest
from django.db import connection

from backend.cases.models import Case
from backend.cases.overlap import overlap_check
from backend.offerings.overlap import any_of
from tests.factories import quarter, submit_idea

pytestmark = pytest.mark.django_db


def similar(title, where="Borbeck-Mitte", **kwargs):
    check = overlap_check(title=title, quarter=quarter(where), **kwargs)
    return [match.case.pk for match in check.similar_ideas]


def test_an_idea_in_another_district_sharing_a_word_is_found(essen):
    far = submit_idea(
        "Frohnhausen",
        idea={"title": "Repair-Café mit Lastenrad", "topics": ["ehrenamt"]},
        association_name="Fahrradfreunde",
    )
    assert similar("Lastenrad-Werkstatt Repair-Café", topics=["ehrenamt"]) == [far.pk]


def test_an_idea_of_the_same_district_without_shared_words_is_still_a_candidate(essen):
    near = submit_idea(
        "Borbeck-Mitte",
        idea={"title": "Hausaufgabenhilfe", "topics": ["bildung"], "target_groups": ["kinder"]},
    )
    found = similar(
        "Lernpaten für Grundschüler",
        description="Nachhilfe nach der Schule",
        topics=["bildung"],
        target_groups=["kinder"],
    )
    assert found == [near.pk]


def test_stored_words_follow_a_changed_text(essen):
    idea = submit_idea("Frohnhausen", idea={"title": "Schachclub", "topics": ["ehrenamt"]})
    assert similar("Imkerei auf dem Dach", topics=["ehrenamt"]) == []
    Case.objects.filter(pk=idea.pk).update(title="Imkerei im Schulgarten")
    assert similar("Imkerei auf dem Dach", topics=["ehrenamt"]) == [idea.pk]


def test_the_word_lookup_can_use_the_index(essen):
    submit_idea()
    sql, params = (
        Case.objects.filter(search_vector=any_of(["sprachcaf"]))
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        # Only scans with an index condition remain: a whole-table scan, also one of the
        # list's btree index with a filter (a tiny table makes that cheap), is not the question.
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_search_vector" in plan


def test_ideas_are_scored_on_text_and_vocabulary_that_reach_one():
    """Open ideas store no activities: the activity's weight goes to the other parts in
    proportion (after issue #23 added it, an idea could score at most 0.65 and a clear match
    in another district fell under MIN_IDEA_SCORE)."""
    from backend.offerings.overlap import DEFAULT_WEIGHTS

    weights = DEFAULT_WEIGHTS.without_activity()

    assert weights.activity == 0
    assert weights.text + weights.topics + weights.groups == pytest.approx(1.0)
    assert weights.text / weights.topics == pytest.approx(
        DEFAULT_WEIGHTS.text / DEFAULT_WEIGHTS.topics
    )
    assert weights.threshold == DEFAULT_WEIGHTS.threshold
