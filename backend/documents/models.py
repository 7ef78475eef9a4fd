"""A document of a case: an upload of the association or the office, or a letter it issued.

The categories are ``backend.common.vocabularies.DocumentCategory`` (change requests and
programmes name them too)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

__all__ = ["UPLOAD_CATEGORIES", "CaseDocument", "DocumentCategory", "UploadCategory"]

from backend.cases.models import Case
from backend.common.vocabularies import DocumentCategory, UploadCategory
from workflows.states import ActorKind

#: What people upload; a ``Bescheid`` is issued by the system only (``letters``).
UPLOAD_CATEGORIES = list(UploadCategory.values)


class _DocumentsStorage(LazyObject):
    """``STORAGES["documents"]``, looked up when first used (and again after the setting
    changes, as in tests), not when the model class is built."""

    def _setup(self) -> None:
        self._wrapped = storages["documents"]


documents_storage = _DocumentsStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        documents_storage._wrapped = empty  # type: ignore[assignment]


def document_path(instance: CaseDocument, filename: str) -> str:
    """``cases/<case id>/<random>``: never the person's file name (that stays in the row)."""
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    category = models.CharField(_("category"), max_length=30, choices=DocumentCategory.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(
        storage=cast(Storage, documents_storage), upload_to=document_path, max_length=300
    )
    uploaded_by_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__gt=0), name="documents_casedocument_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.original_name}"

    @property
    def is_letter(self) -> bool:
        return self.category == DocumentCategory.BESCHEID
