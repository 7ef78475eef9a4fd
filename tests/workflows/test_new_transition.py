"""Adding a transition touches one file: this module declares one (``pause``) the way
workflows/mixin.py declares theirs, and the workspace, the audit trail, the association's
timeline, the mail and the generated docs pick it up from the declaration alone."""

from __future__ import annotations

import pytest
from django_fsm import transition

from backend.cases.models import Case, CaseEvent
from backend.intake.selectors import status_timeline
from tests.factories import move
from workflows import effects, forms
from workflows.actors import COORDINATOR
from workflows.docs import render_workflow_markdown
from workflows.mixin import may, spec
from workflows.notifications import STATE_MAIL
from workflows.registry import transitions
from workflows.states import CaseState as S

pytestmark = pytest.mark.django_db


def _register(name: str, method=None) -> None:
    if method is None:
        delattr(Case, name)
    else:
        setattr(Case, name, method)
    Case._meta.get_field("state")._collect_transitions(sender=Case)
    transitions.cache_clear()


@pytest.fixture
def pause():
    def pause(self) -> None:
        """Put the advice on hold until the association is ready again."""

    declared = transition(
        field="state",
        source=S.ADVICE,
        target=S.IDEA,
        permission=may(COORDINATOR),
        custom=spec(
            "Beratung ruhen lassen",
            forms.TransitionForm,
            effect=effects.nothing,
            timeline="Die Beratung ruht.",
            mail=STATE_MAIL,
            dangerous=False,
        ),
    )(pause)
    _register("pause", declared)
    yield transitions()["pause"]
    _register("pause")


def test_a_transition_declared_in_one_place_works_everywhere(
    pause, advice_case, actor, client, coordinator, mailoutbox, jobs
):
    client.force_login(coordinator)
    page = client.get(f"/koordination/faelle/{advice_case.reference}/")
    assert "pause" in [action["spec"].name for action in page.context["actions"]]

    moved = move(advice_case, "pause", actor, {"comment": "Vorstand neu gewählt"})
    jobs.run()

    assert moved.state == "idea"
    event = CaseEvent.objects.filter(case=advice_case, transition="pause").get()
    assert (event.from_state, event.to_state, event.comment) == (
        "advice",
        "idea",
        "Vorstand neu gewählt",
    )
    assert [str(e.text) for e in status_timeline(case=advice_case)][-1] == "Die Beratung ruht."
    assert mailoutbox[-1].subject.endswith(": Die Beratung ruht")
    assert "| `pause` | `advice` | `idea` |" in render_workflow_markdown()


def test_the_declared_transition_is_gone_with_its_declaration(advice_case):
    assert "pause" not in transitions()
    assert not hasattr(Case, "pause")
