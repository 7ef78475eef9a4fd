"""What an uploaded file really is: its type read from its content (libmagic, and the member
names of a ZIP-based office file), checked against its name. Nothing here trusts the
extension or the type the browser or client sent."""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

import magic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Allowed content types and the extensions a file of that type may have.
ALLOWED: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    JPEG: ("jpg", "jpeg"),
    PNG: ("png",),
    ODT: ("odt",),
    ODS: ("ods",),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
}
ALLOWED_EXTENSIONS = sorted({ext for exts in ALLOWED.values() for ext in exts})
#: How much of the file libmagic reads (ZIP-based formats name their parts in the first KB).
HEAD_BYTES = 64 * 1024
MAX_NAME_LENGTH = 200
#: Where an office file keeps its main part, if libmagic only saw "a ZIP".
_OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


@dataclass(frozen=True)
class InspectedFile:
    name: str
    content_type: str


def allowed_types_text() -> str:
    return "PDF, JPEG, PNG, ODT, ODS, DOCX, XLSX"


def clean_name(raw: str) -> str:
    """The file name as given, if it is a plain name; a German ValidationError otherwise."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        raise ValidationError(_("Die Datei hat keinen Namen."), code="name")
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise ValidationError(
            _("Der Dateiname darf keine Ordnerangaben enthalten: „%(name)s“.") % {"name": name},
            code="name",
        )
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
        raise ValidationError(
            _("Der Dateiname enthält Steuerzeichen. Bitte benennen Sie die Datei um."),
            code="name",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("Der Dateiname ist länger als %(max)s Zeichen. Bitte kürzen Sie ihn.")
            % {"max": MAX_NAME_LENGTH},
            code="name",
        )
    return name


def _zip_office_type(stream: IO[bytes]) -> str | None:
    """DOCX or XLSX by the parts a ZIP names (no member is decompressed)."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    found = {kind for part, kind in _OOXML_MAIN_PARTS.items() if part in names}
    return found.pop() if len(found) == 1 else None


def inspect_upload(name: str, stream: IO[bytes], size: int) -> InspectedFile:
    """Check an upload's name, size and content; returns what it is or raises ValidationError
    (German, naming the problem)."""
    clean = clean_name(name)
    if size <= 0:
        raise ValidationError(_("Die Datei „%(name)s“ ist leer.") % {"name": clean}, code="empty")
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    detected = magic.from_buffer(head, mime=True)
    if detected == "application/zip":
        detected = _zip_office_type(stream) or detected
    extension = clean.rsplit(".", 1)[-1].casefold() if "." in clean else ""
    if detected not in ALLOWED:
        raise ValidationError(
            _(
                "„%(name)s“ ist keine Datei der erlaubten Arten (%(types)s). Bitte speichern "
                "Sie sie zum Beispiel als PDF."
            )
            % {"name": clean, "types": allowed_types_text()},
            code="type",
        )
    if extension not in ALLOWED[detected]:
        raise ValidationError(
            _(
                "Der Inhalt von „%(name)s“ passt nicht zur Endung: Die Datei ist eine "
                "%(kind)s-Datei. Bitte benennen Sie sie passend oder speichern Sie sie neu."
            )
            % {"name": clean, "kind": ALLOWED[detected][0].upper()},
            code="mismatch",
        )
    return InspectedFile(name=clean, content_type=detected)
