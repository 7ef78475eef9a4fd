"""Small but real files of every allowed type (and some that are not), built in memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 64 + b"\xff\xd9"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip(
    members: list[tuple[str, str]], *, stored_first: bool = False, deflate: bool = True
) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for index, (name, text) in enumerate(members):
            if stored_first and index == 0:
                archive.writestr(zipfile.ZipInfo(name), text)  # stored, uncompressed
            else:
                archive.writestr(name, text)
    return buffer.getvalue()


def docx(*, docprops_first: bool = False) -> bytes:
    """A DOCX; ``docprops_first`` puts docProps/ before word/ uncompressed, as some writers
    do, where libmagic only sees "a ZIP" and the member names decide."""
    if docprops_first:
        names = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "word/document.xml"]
        return _zip([(name, "<x/>") for name in names], deflate=False)
    members = [("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>")]
    members.append(("word/document.xml", "<w:document/>"))
    return _zip(members)


def xlsx() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", "<Types/>"),
            ("_rels/.rels", "<Relationships/>"),
            ("xl/workbook.xml", "<workbook/>"),
        ]
    )


def odf(kind: str) -> bytes:
    return _zip(
        [("mimetype", f"application/vnd.oasis.opendocument.{kind}"), ("content.xml", "<x/>")],
        stored_first=True,
    )


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
