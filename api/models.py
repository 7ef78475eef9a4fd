"""What the API itself stores: the responses it gave to requests with an Idempotency-Key."""

from __future__ import annotations

from django.db import models


class IdempotentRequest(models.Model):
    """A POST with an ``Idempotency-Key``, kept for a day (``api.idempotency``).

    ``scope`` is the client (a hash of its token, ``user:<id>`` for a browser session, or of
    its address when anonymous), so two clients never share a key. ``fingerprint`` is a hash of
    the method, path, query and body. ``status_code`` is null while the first request runs.
    """

    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="api_idempotent_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code or 'pending'})"
