"""Write side of documents: upload, delete, and store a letter the system issued.

Each locks the case (``workflows.locking.case_lock``), checks who may do it and whether the
case's state allows it (``workflows.policy``), bumps the case's version and appends one audit
event naming the file (name, category, size, SHA-256), so the trail says what was on file
even after a deletion.
"""

from __future__ import annotations

import hashlib
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case
from backend.documents.inspection import inspect_upload
from backend.documents.models import UPLOAD_CATEGORIES, CaseDocument, DocumentCategory
from workflows.actors import APPLICANT, COORDINATOR, Actor, actor_has_role
from workflows.audit import case_event_record
from workflows.errors import Forbidden
from workflows.locking import case_bump, case_lock
from workflows.policy import Record, require_recordable
from workflows.states import ActorKind, EventKind


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _lock_for(case: Case, actor: Actor, expected_version: int | None) -> Case:
    locked = case_lock(case=case, expected_version=expected_version)
    if not (actor_has_role(actor, locked, COORDINATOR) or actor_has_role(actor, locked, APPLICANT)):
        raise Forbidden(_("Sie dürfen diesen Fall nicht bearbeiten."))
    return locked


def _check_room(locked: Case, size: int) -> None:
    if size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Die Datei ist %(size)s MB groß; erlaubt sind höchstens %(max)s MB.")
                % {"size": megabytes(size), "max": megabytes(settings.DOCUMENT_MAX_BYTES)}
            }
        )
    stored = CaseDocument.objects.filter(case=locked).aggregate(total=Sum("size"))["total"] or 0
    if stored + size > settings.DOCUMENT_MAX_CASE_BYTES:
        raise ValidationError(
            {
                "file": _(
                    "Zu diesem Fall sind schon %(stored)s MB gespeichert; zusammen sind "
                    "höchstens %(max)s MB möglich. Bitte laden Sie kleinere Dateien hoch "
                    "(zum Beispiel als PDF)."
                )
                % {
                    "stored": megabytes(stored),
                    "max": megabytes(settings.DOCUMENT_MAX_CASE_BYTES),
                }
            }
        )


def _record(locked: Case, actor: Actor, document: CaseDocument, action: str) -> None:
    comment = {
        "upload": gettext_noop("Dokument hochgeladen: %(category)s, „%(name)s“"),
        "delete": gettext_noop("Dokument gelöscht: %(category)s, „%(name)s“"),
        "issue": gettext_noop("Schreiben erstellt: „%(name)s“"),
    }[action]
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.DOCUMENT,
        comment=comment
        % {"category": document.get_category_display(), "name": document.original_name},
        payload={
            "action": action,
            "document": document.pk,
            "category": document.category,
            "name": document.original_name,
            "content_type": document.content_type,
            "size": document.size,
            "sha256": document.sha256,
        },
    )


@transaction.atomic
def document_upload(
    *,
    case: Case,
    actor: Actor,
    category: str,
    name: str,
    stream: IO[bytes],
    size: int,
    expected_version: int | None = None,
) -> CaseDocument:
    """Store an uploaded file with the case. Raises ValidationError (German, keyed by field)
    for a bad category, name, type or size; nothing is stored then."""
    if category not in UPLOAD_CATEGORIES:
        raise ValidationError({"category": _("Bitte wählen Sie, was für ein Dokument das ist.")})
    try:
        inspected = inspect_upload(name, stream, size)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    locked = _lock_for(case, actor, expected_version)
    require_recordable(Record.DOCUMENT_UPLOAD, locked)
    _check_room(locked, size)
    document = CaseDocument(
        case=locked,
        category=category,
        original_name=inspected.name,
        content_type=inspected.content_type,
        size=size,
        sha256=_sha256(stream),
        uploaded_by_kind=actor.kind,
        uploaded_by=actor.user if actor.kind == ActorKind.USER else None,
    )
    _store(document, File(stream), locked, actor, "upload")
    return document


def _store(
    document: CaseDocument, content: File[bytes], locked: Case, actor: Actor, action: str
) -> None:
    """Write the file, then its row and the audit event; if those fail, the file goes again
    (the storage is not part of the transaction)."""
    document.file.save(document.original_name, content, save=False)
    try:
        with transaction.atomic():
            document.save()
            case_bump(locked, [])
            _record(locked, actor, document, action)
    except BaseException:
        document.file.storage.delete(str(document.file.name))
        raise


@transaction.atomic
def document_delete(
    *, document: CaseDocument, actor: Actor, expected_version: int | None = None
) -> None:
    """Delete an uploaded document (never a letter). The association may delete what it
    uploaded itself, while the case is open; coordinators any upload of an open case."""
    locked = _lock_for(document.case, actor, expected_version)
    if document.is_letter:
        raise Forbidden(_("Ein Bescheid bleibt in der Akte; er kann nicht gelöscht werden."))
    if actor.kind == ActorKind.APPLICANT and document.uploaded_by_kind != ActorKind.APPLICANT:
        raise Forbidden(_("Dieses Dokument hat die Koordination abgelegt."))
    require_recordable(Record.DOCUMENT_DELETE, locked)
    _record(locked, actor, document, "delete")
    name, storage = str(document.file.name), document.file.storage
    document.delete()
    case_bump(locked, [])
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def document_issue(
    *, case: Case, actor: Actor, name: str, content: bytes, content_type: str
) -> CaseDocument:
    """File a letter the system rendered (a Bescheid) with the case: immutable, audited.

    Runs inside the transition that decides (the caller holds the case lock)."""
    document = CaseDocument(
        case=case,
        category=DocumentCategory.BESCHEID,
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_kind=actor.kind,
        uploaded_by=actor.user if actor.kind == ActorKind.USER else None,
    )
    _store(document, ContentFile(content), case, actor, "issue")
    return document
