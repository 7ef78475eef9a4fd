"""Uploading and deleting documents: who may, when, how much; every change in the audit trail;
a refusal stores nothing."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError

from backend.cases.models import CaseEvent
from backend.documents.models import CaseDocument
from backend.documents.services import document_delete, document_issue, document_upload
from tests.documents import files
from tests.factories import move, submit_idea
from workflows.actors import Actor
from workflows.errors import Forbidden, StaleCase, TransitionNotAllowedInState

pytestmark = pytest.mark.django_db


def _upload(case, actor, name="Satzung.pdf", content=files.PDF, category="satzung", **kwargs):
    return document_upload(
        case=case,
        actor=actor,
        category=category,
        name=name,
        stream=io.BytesIO(content),
        size=len(content),
        **kwargs,
    )


def _stored_files(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_an_upload_is_stored_hashed_and_recorded(coordinator, documents_folder):
    case = submit_idea()

    document = _upload(case, Actor.applicant(case))

    assert document.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert (document.size, document.content_type) == (len(files.PDF), "application/pdf")
    assert document.uploaded_by_kind == "applicant"
    with document.file.open("rb") as stored:
        assert stored.read() == files.PDF
    assert "Satzung" not in document.file.name  # stored under a random name
    [stored_path] = _stored_files(documents_folder)
    assert stored_path.read_bytes() == files.PDF
    event = CaseEvent.objects.get(case=case, kind="document")
    assert event.payload["action"] == "upload"
    assert event.payload["sha256"] == document.sha256
    assert "Satzung.pdf" in event.comment
    case.refresh_from_db()
    assert case.version == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"category": "bescheid"}, "category"),
        ({"category": "nonsense"}, "category"),
        ({"name": "Satzung.docx"}, "file"),
        ({"content": files.EXE, "name": "tool.pdf"}, "file"),
    ],
)
def test_a_refused_upload_stores_nothing(coordinator, documents_folder, kwargs, field):
    case = submit_idea()

    with pytest.raises(ValidationError) as refused:
        _upload(case, Actor.applicant(case), **kwargs)

    assert field in refused.value.message_dict
    assert not CaseDocument.objects.exists()
    assert not CaseEvent.objects.filter(kind="document").exists()
    assert _stored_files(documents_folder) == []


def test_limits_per_file_and_per_case(coordinator, settings, documents_folder):
    case = submit_idea()
    settings.DOCUMENT_MAX_BYTES = len(files.PDF) + 10
    settings.DOCUMENT_MAX_CASE_BYTES = 2 * len(files.PDF) + 10
    actor = Actor.applicant(case)

    with pytest.raises(ValidationError, match="höchstens 0,0 MB"):
        _upload(case, actor, content=files.PDF + b"x" * 20)
    _upload(case, actor)
    _upload(case, actor, name="Freistellung.pdf", category="freistellungsbescheid")
    with pytest.raises(ValidationError, match="schon 0,0 MB gespeichert"):
        _upload(case, actor, name="dritte.pdf")

    assert CaseDocument.objects.count() == 2
    assert len(_stored_files(documents_folder)) == 2


def test_who_may_upload(coordinator, other_coordinator):
    from tests.factories import UserFactory

    central_user = UserFactory(username="zentrale-test", is_central_office=True)
    case = submit_idea()
    other_case = submit_idea(association_name="Anderer Verein e.V.")

    _upload(case, Actor.for_user(coordinator))
    _upload(case, Actor.for_user(central_user))
    with pytest.raises(Forbidden):
        _upload(case, Actor.for_user(other_coordinator))
    with pytest.raises(Forbidden):
        _upload(case, Actor.applicant(other_case))
    with pytest.raises(StaleCase):
        _upload(case, Actor.for_user(coordinator), expected_version=1)
    assert CaseDocument.objects.filter(case=case).count() == 2


def test_a_finished_case_takes_no_uploads_and_keeps_its_files(coordinator):
    case = submit_idea()
    document = _upload(case, Actor.applicant(case))
    move(case, "withdraw", Actor.applicant(case), {"reason": "Nicht mehr nötig."})

    with pytest.raises(TransitionNotAllowedInState, match="abgeschlossenen Fall"):
        _upload(case, Actor.applicant(case))
    with pytest.raises(TransitionNotAllowedInState, match="nicht mehr gelöscht"):
        document_delete(document=document, actor=Actor.applicant(case))
    assert CaseDocument.objects.filter(pk=document.pk).exists()


def test_deleting(coordinator, documents_folder, django_capture_on_commit_callbacks):
    case = submit_idea()
    own = _upload(case, Actor.applicant(case))
    filed = _upload(case, Actor.for_user(coordinator), name="Vermerk.pdf", category="sonstiges")
    letter = document_issue(
        case=case,
        actor=Actor.system(),
        name="Bewilligungsbescheid.pdf",
        content=files.PDF,
        content_type="application/pdf",
    )

    with pytest.raises(Forbidden, match="Koordination abgelegt"):
        document_delete(document=filed, actor=Actor.applicant(case))
    with pytest.raises(Forbidden, match="Bescheid bleibt"):
        document_delete(document=letter, actor=Actor.for_user(coordinator))
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=own, actor=Actor.applicant(case))

    assert set(CaseDocument.objects.values_list("pk", flat=True)) == {filed.pk, letter.pk}
    assert len(_stored_files(documents_folder)) == 2
    deleted = CaseEvent.objects.get(case=case, kind="document", payload__action="delete")
    assert deleted.payload["name"] == "Satzung.pdf"
    assert deleted.payload["sha256"] == own.sha256


def test_a_failure_after_the_file_was_written_removes_it(
    coordinator, monkeypatch, documents_folder
):
    case = submit_idea()
    from backend.documents import services

    def broken(*args, **kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(services, "_record", broken)
    with pytest.raises(RuntimeError):
        _upload(case, Actor.applicant(case))

    assert not CaseDocument.objects.exists()
    assert _stored_files(documents_folder) == []


def test_a_programme_can_require_documents_before_the_application(coordinator, program):
    from tests.factories import complete_plan
    from workflows.errors import GuardFailed

    program.required_documents = ["satzung", "freistellungsbescheid"]
    program.save()
    case = submit_idea()
    actor = Actor.for_user(coordinator)
    move(case, "start_advice", actor)
    complete_plan(case, actor, program)

    with pytest.raises(GuardFailed) as refused:
        move(case, "submit_application", Actor.applicant(case))
    [guard] = refused.value.extra["guards"]
    assert guard["code"] == "required_documents_present"
    assert "Satzung, Freistellungsbescheid" in guard["message"]

    _upload(case, Actor.applicant(case))
    _upload(case, Actor.applicant(case), name="Frei.pdf", category="freistellungsbescheid")
    moved = move(case, "submit_application", Actor.applicant(case))
    assert moved.state == "application"
