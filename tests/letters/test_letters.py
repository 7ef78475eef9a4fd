"""Letters (issue #13): a decision issues its Bescheid as a PDF/A document of the case, with
the figures and legal texts in it (read back from the PDF), attached to the state mail."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from backend.cases.models import CaseEvent
from backend.documents.models import CaseDocument
from backend.letters.models import LetterSettings
from tests import clock
from tests.browser.helpers import SCREENSHOT_DIR
from tests.factories import (
    approve_data,
    complete_plan,
    move,
    pay_out,
    repayment_account,
    report_data,
    submit_idea,
    to_period_end,
)
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def _text(document: CaseDocument) -> str:
    """The PDF's text; the file is also kept next to the browser screenshots to look at."""
    with document.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF-")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    (SCREENSHOT_DIR / f"letter-{document.original_name.split('-')[0]}.pdf").write_bytes(content)
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _application(coordinator, program):
    case = submit_idea()
    actor = Actor.for_user(coordinator)
    move(case, "start_advice", actor)
    complete_plan(case, actor, program)
    move(case, "submit_application", Actor.applicant(case))
    return case, actor


@pytest.fixture
def essen_letters(essen):
    return LetterSettings.objects.create(
        city=essen,
        authority="Stadt Essen – Der Oberbürgermeister",
        office="Kommunales Integrationszentrum",
        address="Musterstraße 1\n45127 Essen",
        contact="0201 88-00000 · integration@essen.invalid",
        place="Essen",
        payment_details="Stadt Essen, IBAN DE00 0000 0000 0000 0000 00",
    )


def test_approval_issues_the_bewilligungsbescheid(
    coordinator, program, essen_letters, mailoutbox, jobs
):
    case, actor = _application(coordinator, program)
    start, end = clock.funding_period()

    jobs.run()
    mailoutbox.clear()
    move(case, "approve", actor, {**approve_data("2700"), "conditions": "Logo der Stadt nennen."})
    jobs.run()

    letter = CaseDocument.objects.get(case=case, category="bescheid")
    assert letter.original_name == f"Bewilligungsbescheid-{case.reference}.pdf"
    assert letter.content_type == "application/pdf"
    text = _text(letter)
    assert "Zuwendungsbescheid (Bewilligung)" in text
    assert "bis zu 2.700,00 €" in text
    assert f"{start:%d.%m.%Y} bis {end:%d.%m.%Y}" in text
    assert "Fehlbedarfsfinanzierung" in text
    assert "Logo der Stadt nennen." in text
    assert "ANBest-P" in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "Verwaltungsgericht" in text
    assert "Stadt Essen – Der Oberbürgermeister" in text
    assert "Kulturbrücke Borbeck e.V." in text
    assert case.reference in text
    event = CaseEvent.objects.get(case=case, transition="approve")
    assert event.payload["letter"] == letter.pk
    assert CaseEvent.objects.filter(case=case, kind="document", payload__action="issue").exists()
    [mail] = [m for m in mailoutbox if m.to == ["ayse@example.org"]]
    [(name, content, mimetype)] = mail.attachments
    assert (name, mimetype) == (letter.original_name, "application/pdf")
    assert content.startswith(b"%PDF-")
    assert "im Anhang" in mail.body
    assert "Bewilligt sind bis zu 2.700,00 €" in mail.body
    assert mail.subject == f"Ihre Projektidee {case.reference}: Bewilligt"


def test_the_letter_is_pdf_a(coordinator, program, essen_letters):
    case, actor = _application(coordinator, program)
    move(case, "approve", actor, approve_data("2700"))

    letter = CaseDocument.objects.get(case=case, category="bescheid")
    with letter.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data()
    # The PDF/A identification (part 3, conformance B) in the XMP metadata.
    assert b"pdfaid" in xmp
    assert b"3" in xmp.split(b"pdfaid:part")[1][:5]


def test_rejection_issues_the_ablehnungsbescheid_with_reasons(coordinator, program, essen):
    case, actor = _application(coordinator, program)

    move(
        case,
        "reject",
        actor,
        {"reasons": "Das Budget ist ausgeschöpft.", "deciding_body": "Bezirksvertretung IV"},
    )

    letter = CaseDocument.objects.get(case=case, category="bescheid")
    text = _text(letter)
    assert "Ablehnungsbescheid" in text
    assert "Das Budget ist ausgeschöpft." in text
    assert "Bezirksvertretung IV" in text
    assert "Rechtsbehelfsbelehrung" in text
    # Without settings edited in the admin, neutral defaults of the city stand in.
    assert "Stadt Essen" in text


def test_report_with_repayment_issues_the_schlussbescheid(
    coordinator, program, essen_letters, time_machine
):
    case, actor = _application(coordinator, program)
    move(case, "approve", actor, approve_data("2700"))
    pay_out(case, actor, "2700")
    to_period_end(time_machine, case)
    amounts = [str(line.amount - Decimal("100")) for line in case.financing_plan.lines.all()]
    move(case, "submit_report", Actor.applicant(case), report_data(case, amounts))
    repayment_account()

    move(case, "demand_repayment", actor)

    letters = CaseDocument.objects.filter(case=case, category="bescheid").order_by("pk")
    assert letters.count() == 2
    text = _text(letters.last())
    assert "Schlussbescheid mit Rückforderung" in text
    assert "Zu erstatten" in text
    case.decision.refresh_from_db()
    assert case.decision.repayment_amount > 0
    assert f"{case.decision.repayment_amount:.2f}".replace(".", ",") in text
    assert "DE02 3705 0299 0000 6847 12" in text
    assert f"KZ 5100 {case.reference}" in text


def test_report_without_repayment_issues_no_letter(coordinator, program, essen, time_machine):
    case, actor = _application(coordinator, program)
    move(case, "approve", actor, approve_data("2700"))
    pay_out(case, actor, "2700")
    to_period_end(time_machine, case)
    amounts = [str(line.amount) for line in case.financing_plan.lines.all()]
    move(case, "submit_report", Actor.applicant(case), report_data(case, amounts))

    move(case, "accept_report", actor)

    assert CaseDocument.objects.filter(case=case, category="bescheid").count() == 1


def test_a_letter_cannot_be_deleted(coordinator, program, essen):
    from backend.documents.services import document_delete
    from workflows.errors import Forbidden

    case, actor = _application(coordinator, program)
    move(case, "approve", actor, approve_data("2700"))
    letter = CaseDocument.objects.get(case=case, category="bescheid")

    with pytest.raises(Forbidden):
        document_delete(document=letter, actor=actor)
    assert CaseDocument.objects.filter(pk=letter.pk).exists()
