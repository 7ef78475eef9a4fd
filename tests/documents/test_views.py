"""Documents on the status page (by the private link) and on the case page (coordinators):
upload, list, download as attachment, delete; bad input answered in German, nothing stored;
another case's or district's file is never served."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backend.cases.models import CaseEvent
from backend.documents.models import CaseDocument
from tests import clock
from tests.documents import files
from tests.factories import move
from tests.intake.helpers import case_with_token
from tests.workspace.conftest import case_url
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def status_url(token: str, name: str = "status", **kwargs) -> str:
    return reverse(f"intake:{name}", kwargs={"token": token, **kwargs})


def _post_upload(client: Client, token: str, name="Beleg.pdf", content=files.PDF, **data):
    return client.post(
        status_url(token, "status_document_upload"),
        {"category": "beleg", "file": files.upload(name, content), **data},
    )


def test_association_uploads_lists_and_downloads(client: Client, coordinator) -> None:
    case, token = case_with_token()

    response = _post_upload(client, token)

    assert response.status_code == 302
    assert response["Location"].endswith("#unterlagen")
    document = CaseDocument.objects.get(case=case)
    page = client.get(status_url(token)).content.decode()
    assert "Beleg.pdf" in page
    assert "ist hochgeladen" in page
    download = client.get(status_url(token, "status_document", document_id=document.pk))
    assert download.status_code == 200
    assert download.getvalue() == files.PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="Beleg.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": ""}, "Bitte wählen Sie, was für ein Dokument das ist."),
        ({"category": "bescheid"}, "Bitte wählen Sie, was für ein Dokument das ist."),
        ({"file": ""}, "Bitte wählen Sie eine Datei aus."),
        ({"name": "leer.pdf", "content": b""}, "Die Datei ist leer."),
        ({"name": "tool.pdf", "content": files.EXE}, "keine Datei der erlaubten Arten"),
        ({"name": "Satzung.docx", "content": files.PDF}, "passt nicht zur Endung"),
    ],
)
def test_bad_uploads_on_the_status_page_store_nothing(
    client: Client, coordinator, data, message, documents_folder
) -> None:
    _case, token = case_with_token()
    name = data.pop("name", "Beleg.pdf")
    content = data.pop("content", files.PDF)
    payload = {"category": "beleg", "file": files.upload(name, content), **data}

    response = client.post(status_url(token, "status_document_upload"), payload)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'id="error-summary"' in page
    assert not CaseDocument.objects.exists()
    assert not documents_folder.exists() or not any(
        p.is_file() for p in documents_folder.rglob("*")
    )


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../etc/Beleg.pdf", "Beleg.pdf"),
        ("C:\\Belege\\Beleg.pdf", "Beleg.pdf"),
        ("Be\x07leg\u202e.pdf", "Beleg.pdf"),
    ],
)
def test_path_parts_and_control_characters_never_reach_the_storage(
    client: Client, coordinator, sent, stored, documents_folder
) -> None:
    """Django's multipart parser keeps only the base name and drops unprintable characters
    before the app sees the name (the service refuses them where a raw name arrives:
    test_inspection); the stored file has a random name under the case's folder."""
    case, token = case_with_token()

    assert _post_upload(client, token, name=sent).status_code == 302

    document = CaseDocument.objects.get()
    assert document.original_name == stored
    [path] = [p for p in documents_folder.rglob("*") if p.is_file()]
    assert path.parent == documents_folder / "cases" / str(case.pk)


def test_a_too_large_file_is_refused_with_the_limit(client: Client, coordinator, settings) -> None:
    _case, token = case_with_token()
    settings.DOCUMENT_MAX_BYTES = 1_000_000

    response = _post_upload(client, token, content=files.PDF + b"0" * 1_000_000)

    assert response.status_code == 400
    assert "erlaubt sind höchstens 1,0 MB" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_another_cases_document_is_not_found_by_its_id(client: Client, coordinator) -> None:
    _case, token = case_with_token()
    other, other_token = case_with_token(title="Andere Idee", email="b@example.org")
    _post_upload(client, other_token)
    foreign = CaseDocument.objects.get(case=other)

    for document_id in (foreign.pk, "abc", "99999999"):
        response = client.get(status_url(token, "status_document", document_id=document_id))
        assert response.status_code == 404
    response = client.post(status_url(token, "status_document_delete", document_id=foreign.pk))
    assert response.status_code == 404
    assert CaseDocument.objects.filter(pk=foreign.pk).exists()
    wrong_token = client.get(status_url("x" * 43, "status_document", document_id=foreign.pk))
    assert wrong_token.status_code == 404


def test_association_deletes_its_own_upload_until_the_case_is_finished(
    client: Client, coordinator
) -> None:
    case, token = case_with_token()
    _post_upload(client, token)
    _post_upload(client, token, name="Zweiter.pdf")
    first, second = CaseDocument.objects.order_by("pk")

    response = client.post(status_url(token, "status_document_delete", document_id=first.pk))

    assert response.status_code == 302
    assert not CaseDocument.objects.filter(pk=first.pk).exists()
    move(case, "withdraw", Actor.applicant(case), {"reason": "Nicht mehr nötig."})
    client.post(status_url(token, "status_document_delete", document_id=second.pk))
    assert CaseDocument.objects.filter(pk=second.pk).exists()
    page = client.get(status_url(token)).content.decode()
    assert "nicht mehr gelöscht werden" in page
    assert "Dokument hochladen" not in page  # no upload form on a finished case
    assert "Zweiter.pdf" in page


def test_a_change_request_names_the_documents_it_needs(
    client: Client, coordinator, program
) -> None:
    from tests.factories import complete_plan

    case, token = case_with_token()
    actor = Actor.for_user(coordinator)
    move(case, "start_advice", actor)
    complete_plan(case, actor, program)
    move(case, "submit_application", Actor.applicant(case))
    move(
        case,
        "request_changes",
        actor,
        {
            "message": "Bitte reichen Sie Unterlagen nach.",
            "due_on": clock.days_from_today(10),
            "documents_needed": ["satzung", "kostenvoranschlag"],
        },
    )

    page = client.get(status_url(token)).content.decode()
    missing = page.split('id="unterlagen-fehlen"')[1].split("</div>")[0]
    assert "Satzung" in missing
    assert "Kostenvoranschlag" in missing
    _post_upload(client, token, name="Satzung.pdf", category="satzung")
    page = client.get(status_url(token)).content.decode()
    missing = page.split('id="unterlagen-fehlen"')[1].split("</div>")[0]
    assert "Satzung" not in missing
    assert "Kostenvoranschlag" in missing


# --- workspace -----------------------------------------------------------------------------


def test_coordinator_uploads_sees_and_downloads(
    coordinator_client: Client, coordinator, client: Client
) -> None:
    case, token = case_with_token()
    _post_upload(client, token, name="Quittung.png", content=files.png())

    response = coordinator_client.post(
        case_url(case, "case_document_upload"),
        {
            "version": case.version + 1,
            "category": "sonstiges",
            "file": files.upload("Vermerk.odt", files.odf("text")),
        },
    )

    assert response.status_code == 302
    page = coordinator_client.get(case_url(case)).content.decode()
    assert "Quittung.png" in page
    assert "Vermerk.odt" in page
    receipt = CaseDocument.objects.get(original_name="Quittung.png")
    download = coordinator_client.get(case_url(case, "case_document", document_id=receipt.pk))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.getvalue() == files.png()
    assert CaseEvent.objects.filter(case=case, kind="document").count() == 2


def test_bad_upload_on_the_case_page_comes_back_inline(
    coordinator_client: Client, coordinator
) -> None:
    case, _token = case_with_token()

    response = coordinator_client.post(
        case_url(case, "case_document_upload"),
        {"version": case.version, "category": "beleg", "file": files.upload("x.pdf", files.HTML)},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="unterlagen-hochladen" open' in page
    assert "keine Datei der erlaubten Arten" in page
    stale = coordinator_client.post(
        case_url(case, "case_document_upload"),
        {"version": 99, "category": "beleg", "file": files.upload("x.pdf", files.PDF)},
    )
    assert stale.status_code == 409
    assert not CaseDocument.objects.exists()


def test_another_district_gets_no_file(other_client: Client, client: Client, coordinator) -> None:
    case, token = case_with_token()
    _post_upload(client, token)
    document = CaseDocument.objects.get()

    assert other_client.get(
        case_url(case, "case_document", document_id=document.pk)
    ).status_code in (
        403,
        404,
    )
    assert other_client.post(
        case_url(case, "case_document_delete", document_id=document.pk)
    ).status_code in (403, 404)
    assert Client().get(case_url(case, "case_document", document_id=document.pk)).status_code == 302
    assert CaseDocument.objects.filter(pk=document.pk).exists()


def test_coordinator_deletes_an_upload(coordinator_client: Client, client: Client, coordinator):
    case, token = case_with_token()
    _post_upload(client, token)
    document = CaseDocument.objects.get()
    case.refresh_from_db()

    response = coordinator_client.post(
        case_url(case, "case_document_delete", document_id=document.pk), {"version": case.version}
    )

    assert response.status_code == 302
    assert not CaseDocument.objects.exists()
