"""What an upload is, read from its content: every allowed type passes, anything else or a
file whose content does not match its name is refused in German, naming the problem."""

from __future__ import annotations

import io

import magic
import pytest
from django.core.exceptions import ValidationError

from backend.documents.inspection import DOCX, JPEG, ODS, ODT, PDF, PNG, XLSX, inspect_upload
from tests.documents import files


def _inspect(name: str, content: bytes):
    return inspect_upload(name, io.BytesIO(content), len(content))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("Satzung.pdf", files.PDF, PDF),
        ("beleg.JPG", files.JPEG, JPEG),
        ("foto.jpeg", files.JPEG, JPEG),
        ("quittung.png", files.png(), PNG),
        ("Kostenplan.docx", files.docx(), DOCX),
        ("Tabelle.xlsx", files.xlsx(), XLSX),
        ("Bericht.odt", files.odf("text"), ODT),
        ("Liste.ods", files.odf("spreadsheet"), ODS),
    ],
)
def test_allowed_types_pass(name, content, expected) -> None:
    assert _inspect(name, content).content_type == expected


def test_an_office_file_libmagic_calls_a_zip_is_read_by_its_parts() -> None:
    content = files.docx(docprops_first=True)
    assert magic.from_buffer(content, mime=True) == "application/zip"

    assert _inspect("Angebot.docx", content).content_type == DOCX


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rechnung.pdf", files.EXE, "keine Datei der erlaubten Arten"),
        ("seite.pdf", files.HTML, "keine Datei der erlaubten Arten"),
        ("archiv.zip", files._zip([("a.txt", "x")]), "keine Datei der erlaubten Arten"),
        ("Satzung.docx", files.PDF, "Die Datei ist eine PDF-Datei"),
        ("Satzung", files.PDF, "passt nicht zur Endung"),
        ("bild.pdf", files.png(), "Die Datei ist eine PNG-Datei"),
        ("leer.pdf", b"", "ist leer"),
        ("../../etc/passwd.pdf", files.PDF, "keine Ordnerangaben"),
        ("ordner\\datei.pdf", files.PDF, "keine Ordnerangaben"),
        (".versteckt.pdf", files.PDF, "keine Ordnerangaben"),
        ("satz\x00ung.pdf", files.PDF, "Steuerzeichen"),
        ("rechnung\u202efdp.exe", files.PDF, "Steuerzeichen"),
        ("zeile\num.pdf", files.PDF, "Steuerzeichen"),
        ("x" * 197 + ".pdf", files.PDF, "länger als 200 Zeichen"),
        ("   ", files.PDF, "keinen Namen"),
    ],
)
def test_bad_files_are_refused_with_the_reason(name, content, message) -> None:
    with pytest.raises(ValidationError) as refused:
        _inspect(name, content)

    assert message in " ".join(refused.value.messages)
