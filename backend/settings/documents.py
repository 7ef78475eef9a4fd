"""Where documents of cases are stored, and how large they may be (ADR 0007).

The local folder needs nothing to run; production may use any S3-compatible store
(django-storages; credentials from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
environment or the machine's role).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from backend.settings.env import Env


def documents_config(env: Env, base_dir: Path) -> tuple[dict[str, Any], int, int]:
    """(the ``STORAGES["documents"]`` entry, bytes per file, bytes per case)."""
    kind = env.string("DOCUMENTS_STORAGE", "local", doc="Where documents are stored: local or s3")
    folder = env.string(
        "DOCUMENTS_DIR", str(base_dir / "var" / "documents"), doc="Folder for documents (local)"
    )
    s3: dict[str, Any] = {
        "bucket_name": env.string("DOCUMENTS_S3_BUCKET", "", doc="Bucket for documents (s3)"),
        "endpoint_url": env.string(
            "DOCUMENTS_S3_ENDPOINT_URL",
            "",
            doc="S3-compatible endpoint, e.g. https://s3.example.org",
        )
        or None,
        "region_name": env.string("DOCUMENTS_S3_REGION", "", doc="Region of the bucket (s3)")
        or None,
        "location": "documents",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    max_file = 1_000_000 * env.integer(
        "DOCUMENT_MAX_MB", 10, minimum=1, doc="Largest document per file, in MB"
    )
    max_case = 1_000_000 * env.integer(
        "DOCUMENT_MAX_CASE_MB", 50, minimum=1, doc="All documents of one case together, in MB"
    )
    if kind == "local":
        storage = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": None},
        }
    elif kind == "s3":
        if not s3["bucket_name"]:
            raise ImproperlyConfigured("DOCUMENTS_S3_BUCKET: required with DOCUMENTS_STORAGE=s3")
        storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3}
    else:
        raise ImproperlyConfigured(f"DOCUMENTS_STORAGE: expected local or s3, got {kind!r}")
    return storage, max_file, max_case
