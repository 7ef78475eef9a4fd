"""One lock for every write to a case (workflows/locking.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from backend.cases.models import Case
from backend.cases.services import (
    advice_session_record,
    case_idea_update,
    case_reassign,
    change_request_answer,
    financing_plan_save,
    overlap_assessment_record,
)
from tests import clock
from tests.factories import UserFactory, complete_plan, move
from tests.workflows.conftest import snapshot
from workflows import errors
from workflows.actors import Actor
from workflows.locking import case_bump, case_lock

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_case_lock_needs_a_transaction(idea_case):
    with pytest.raises(RuntimeError, match="transaction"):
        case_lock(case=idea_case)


def test_case_lock_refuses_a_version_someone_else_has_moved_on(idea_case):
    with transaction.atomic():
        locked = case_lock(case=idea_case, expected_version=idea_case.version)
        case_bump(locked, ["title"])

    with pytest.raises(errors.StaleCase) as info, transaction.atomic():
        case_lock(case=idea_case, expected_version=idea_case.version)
    assert info.value.extra == {"state": "idea", "version": idea_case.version + 1}
    assert Case.objects.get(pk=idea_case.pk).version == idea_case.version + 1


def test_case_bump_saves_only_the_named_fields_and_the_next_version(idea_case):
    with transaction.atomic():
        locked = case_lock(case=idea_case)
        locked.title = "Neu"
        locked.challenge = "nicht gespeichert"
        case_bump(locked, ["title"])

    fresh = Case.objects.get(pk=idea_case.pk)
    assert (fresh.title, fresh.challenge, fresh.version) == (
        "Neu",
        idea_case.challenge,
        idea_case.version + 1,
    )


@pytest.mark.parametrize(
    "write",
    [
        lambda case, actor, v: advice_session_record(
            case=case,
            actor=actor,
            held_on=clock.today(),
            place="Büro",
            notes="n",
            expected_version=v,
        ),
        lambda case, actor, v: case_idea_update(
            case=case, actor=actor, changes={"title": "Anders"}, expected_version=v
        ),
        lambda case, actor, v: overlap_assessment_record(
            case=case,
            actor=actor,
            verdict="complementary",
            other_case=case.__class__.objects.exclude(pk=case.pk).first(),
            expected_version=v,
        ),
        lambda case, actor, v: case_reassign(
            case=case,
            actor=Actor.for_user(UserFactory(username="zentrale-lock", is_central_office=True)),
            to_user=case.assigned_to,
            expected_version=v,
        ),
    ],
    ids=["advice_session", "idea_update", "assessment", "reassign"],
)
def test_record_services_refuse_a_stale_version_and_change_nothing(idea_case, actor, write):
    from tests.factories import submit_idea

    submit_idea(association_name="Anderer Verein e.V.", idea={"title": "Andere Idee"})
    before = snapshot(idea_case)

    with pytest.raises(errors.StaleCase):
        write(idea_case, actor, idea_case.version - 1)

    assert snapshot(idea_case) == before
    write(idea_case, actor, idea_case.version)  # the version the caller saw: it goes through
    assert snapshot(idea_case).version == before.version + 1


LOCKS = re.compile(r"select_for_update|\.version\s*\+=|version\s*=\s*F\(")
#: Rows other than cases that are locked on purpose: the reference counter and the budget.
OTHER_ROWS = ("ReferenceCounter", "ProgramBudget")


@pytest.mark.parametrize(
    "folder", ["api", "backend/workspace", "backend/intake", "backend/cases", "workflows"]
)
def test_no_one_but_case_lock_locks_a_case_or_bumps_its_version(folder):
    """Views and API views pass versions; only workflows/locking.py locks and bumps."""
    offenders = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "workflows/locking.py" or "/migrations/" in relative:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LOCKS.search(line) and not any(model in line for model in OTHER_ROWS):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_plan_and_answer_services_refuse_a_stale_version(advice_case, actor, program):
    """The status page's and the workspace's plan and answer paths pass the version too."""
    complete_plan(advice_case, actor, program)
    advice_case.refresh_from_db()
    plan = {
        "program": program,
        "financing_type": "fehlbedarf",
        "own_share": advice_case.financing_plan.own_share,
        "third_party": advice_case.financing_plan.third_party,
        "requested_amount": advice_case.financing_plan.requested_amount,
        "funding_start": None,
        "funding_end": None,
        "lines": [{"label": "Miete", "amount": 3000}],
    }
    before = snapshot(advice_case)

    with pytest.raises(errors.StaleCase):
        financing_plan_save(
            case=advice_case, actor=actor, expected_version=advice_case.version - 1, **plan
        )
    assert snapshot(advice_case) == before

    move(advice_case, "submit_application", actor)
    due = {"message": "Satzung?", "due_on": clock.days_from_today(7)}
    case = move(advice_case, "request_changes", actor, due)
    request = case.change_requests.get()
    before = snapshot(case)

    with pytest.raises(errors.StaleCase):
        change_request_answer(
            case=case,
            actor=Actor.applicant(case),
            change_request_id=request.pk,
            response="Anbei.",
            expected_version=case.version - 1,
        )
    assert snapshot(case) == before
    request.refresh_from_db()
    assert request.response == ""
