"""docs/workflow.md is generated from the declared transitions and must be current."""

from pathlib import Path

from workflows.docs import render_workflow_markdown
from workflows.registry import transitions

ROOT = Path(__file__).resolve().parents[2]


def test_committed_workflow_doc_is_current():
    committed = (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8")
    assert committed == render_workflow_markdown(), "run: python manage.py workflow_docs"


def test_workflow_doc_names_every_transition_and_edge():
    text = render_workflow_markdown()
    for name, spec in transitions().items():
        assert f"| `{name}` |" in text
        for source in spec.sources:
            assert f"    {source.value} --> {spec.target.value}: {name}" in text
