"""The lifecycle is declared in one place (workflows/mixin.py, workflows/policy.py): every
transition declares every part, and the pages, mails, timeline and docs read from there."""

from __future__ import annotations

import pytest

from backend.intake.selectors import status_timeline
from workflows import effects, forms, policy
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.mixin import spec
from workflows.notifications import Mail
from workflows.registry import transitions
from workflows.states import OPEN_STATES, CaseState

PARTS = ("effect", "timeline", "mail", "dangerous")


@pytest.mark.parametrize("name", list(transitions()))
def test_every_transition_declares_every_part(name):
    declared = transitions()[name]

    assert str(declared.label).strip()
    assert issubclass(declared.form, forms.TransitionForm)
    assert callable(declared.effect)
    assert str(declared.timeline).strip().endswith(".")
    assert isinstance(declared.mail, Mail)
    assert isinstance(declared.dangerous, bool)
    assert declared.doc, "the method's docstring says what it does (docs/workflow.md)"
    assert declared.roles
    assert declared.sources


@pytest.mark.parametrize("part", PARTS)
def test_a_transition_without_a_part_does_not_even_import(part):
    complete = {
        "effect": effects.nothing,
        "timeline": "Geschehen.",
        "mail": Mail(),
        "dangerous": False,
    }
    del complete[part]

    with pytest.raises(TypeError, match=part):
        spec("Neu", forms.TransitionForm, **complete)


def test_what_is_dangerous_is_what_ends_or_turns_down_a_case_against_the_association():
    dangerous = {name for name, declared in transitions().items() if declared.dangerous}
    finishing = {name for name, declared in transitions().items() if declared.finishes}

    assert dangerous == {"refer", "reject", "withdraw"}
    assert finishing == dangerous | {"accept_report", "confirm_repayment"}


def test_only_change_requests_are_quoted_in_their_mail():
    quoting = {n for n, d in transitions().items() if d.mail.quotes_change_request}
    assert quoting == {"request_changes", "request_report_changes"}


def test_the_applicant_timeline_shows_each_transitions_declared_sentence(idea_case, coordinator):
    for name, declared in transitions().items():
        case_event_record(
            case=idea_case,
            actor=Actor.for_user(coordinator),
            kind="transition",
            transition=name,
            from_state=declared.sources[0],
            to_state=declared.target,
        )

    texts = [str(entry.text) for entry in status_timeline(case=idea_case)]

    assert texts == ["Idee eingereicht."] + [str(d.timeline) for d in transitions().values()]


def test_the_workspace_colours_exactly_the_declared_dangerous_buttons(
    client, coordinator, idea_case
):
    client.force_login(coordinator)
    response = client.get(f"/koordination/faelle/{idea_case.reference}/")

    danger = {a["spec"].name for a in response.context["actions"] if a["danger"]}
    shown = {a["spec"].name for a in response.context["actions"]}
    assert danger == {n for n in shown if transitions()[n].dangerous} == {"refer", "withdraw"}


# --- records by state (workflows/policy.py) -------------------------------------------------


def test_every_record_has_a_rule_and_a_refusal_where_it_can_be_refused():
    assert set(policy.RULES) == set(policy.Record)
    for record, rule in policy.RULES.items():
        assert str(rule.label)
        if set(rule.states) != set(CaseState):
            assert str(rule.refusal).endswith("."), record


@pytest.mark.parametrize(
    ("record", "allowed"),
    [
        (policy.Record.ADVICE_SESSION, {"idea", "advice", "application"}),
        (policy.Record.FINANCING_PLAN, {"advice"}),
        (policy.Record.CHANGE_REQUEST_ANSWER, {str(s) for s in OPEN_STATES}),
        (policy.Record.IDEA_CORRECTION, {"idea", "advice", "application"}),
        (policy.Record.OVERLAP_ASSESSMENT, {str(s) for s in CaseState}),
        (policy.Record.REASSIGNMENT, {str(s) for s in CaseState}),
    ],
)
def test_may_record_answers_by_state(record, allowed):
    assert {str(s) for s in CaseState if policy.may_record(record, s)} == allowed
