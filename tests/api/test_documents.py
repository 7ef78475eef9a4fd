"""Issue #13 in the API: documents of a case — list, multipart upload, metadata, download,
delete — with every bad input answered as problem+json and nothing stored."""

from __future__ import annotations

import pytest

from backend.cases.models import CaseEvent
from backend.documents.models import CaseDocument
from tests.api.conftest import assert_problem
from tests.documents import files
from tests.factories import move, submit_idea
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def url(case, document=None, suffix=""):
    base = f"/api/v1/cases/{case.pk}/documents/"
    return f"{base}{document.pk}/{suffix}" if document is not None else base


def upload(api, case, name="Angebot.pdf", content=files.PDF, category="kostenvoranschlag", **h):
    return api.post(
        url(case),
        {"category": category, "file": files.upload(name, content)},
        format="multipart",
        **h,
    )


def test_upload_list_metadata_download_delete(api, coordinator):
    case = submit_idea()

    created = upload(api, case, HTTP_IF_MATCH=f'"{case.version}"')

    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Location"] == f"/api/v1/cases/{case.pk}/documents/{body['id']}/"
    assert created["ETag"] == f'"{case.version + 1}"'
    assert body["category"] == "kostenvoranschlag"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(files.PDF)
    assert body["uploaded_by_kind"] == "user"
    document = CaseDocument.objects.get(pk=body["id"])
    assert api.get(url(case)).json() == [body]
    assert api.get(url(case, document)).json() == body
    content = api.get(body["content_url"])
    assert content.status_code == 200
    assert content.getvalue() == files.PDF
    assert content["Content-Disposition"].startswith("attachment;")
    assert content["X-Content-Type-Options"] == "nosniff"

    deleted = api.delete(url(case, document))

    assert deleted.status_code == 204
    assert not CaseDocument.objects.exists()
    assert CaseEvent.objects.filter(case=case, kind="document").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "category", "field", "text"),
    [
        ("a.pdf", files.PDF, "bescheid", "category", ""),
        ("a.pdf", files.PDF, "", "category", ""),
        ("leer.pdf", b"", "beleg", "file", "ist leer"),
        ("tool.pdf", files.EXE, "beleg", "file", "keine Datei der erlaubten Arten"),
        ("seite.pdf", files.HTML, "beleg", "file", "keine Datei der erlaubten Arten"),
        ("Satzung.xlsx", files.docx(), "satzung", "file", "passt nicht zur Endung"),
        ("ohne-endung", files.PDF, "beleg", "file", "passt nicht zur Endung"),
    ],
)
def test_bad_uploads_are_400_and_store_nothing(
    api, coordinator, name, content, category, field, text, documents_folder
):
    case = submit_idea()

    response = upload(api, case, name=name, content=content, category=category)

    body = assert_problem(response, 400, "validation")
    assert field in body["errors"]
    assert text in " ".join(body["errors"][field])
    assert not CaseDocument.objects.exists()
    assert not documents_folder.exists() or not any(documents_folder.rglob("*.*"))


def test_upload_without_a_file_or_as_json_is_400(api, coordinator):
    case = submit_idea()

    as_json = api.post(url(case), {"category": "beleg"}, format="json")
    no_file = api.post(url(case), {"category": "beleg"}, format="multipart")

    assert "file" in assert_problem(as_json, 400, "validation")["errors"]
    assert "file" in assert_problem(no_file, 400, "validation")["errors"]


def test_limits_and_states(api, coordinator, settings):
    case = submit_idea()
    settings.DOCUMENT_MAX_BYTES = 1_000_000

    too_large = upload(api, case, content=files.PDF + b"0" * 1_000_000)

    assert "höchstens 1,0 MB" in " ".join(
        assert_problem(too_large, 400, "validation")["errors"]["file"]
    )
    assert_problem(upload(api, case, HTTP_IF_MATCH='"99"'), 412, "precondition-failed")
    move(case, "withdraw", Actor.applicant(case), {"reason": "Nicht mehr nötig."})
    closed = upload(api, case)
    assert closed.status_code == 409
    assert "abgeschlossenen Fall" in closed.json()["detail"]
    assert not CaseDocument.objects.exists()


def test_other_district_readonly_and_anonymous(api, other_api, api_readonly, anon, coordinator):
    case = submit_idea()
    document_id = upload(api, case).json()["id"]
    document = CaseDocument.objects.get(pk=document_id)

    assert_problem(other_api.get(url(case)), 404, "not-found")
    assert_problem(other_api.get(url(case, document, "content/")), 404, "not-found")
    assert_problem(other_api.delete(url(case, document)), 404, "not-found")
    assert_problem(upload(api_readonly, case), 403, "read-only-token")
    assert api_readonly.get(url(case, document, "content/")).status_code == 200
    assert anon.get(url(case, document, "content/")).status_code in (401, 403)
    assert CaseDocument.objects.count() == 1


def test_another_cases_document_is_404(api, coordinator):
    case = submit_idea()
    other = submit_idea(association_name="Anderer Verein e.V.")
    foreign = CaseDocument.objects.get(pk=upload(api, other).json()["id"])

    assert_problem(api.get(url(case, foreign)), 404, "not-found")
    assert_problem(api.get(url(case, foreign, "content/")), 404, "not-found")
    assert_problem(api.delete(url(case, foreign)), 404, "not-found")
    assert CaseDocument.objects.filter(pk=foreign.pk).exists()
