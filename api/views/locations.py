"""``Location`` of a created resource: the URL of its detail operation (RFC 9110 § 10.2.2)."""

from __future__ import annotations

from django.urls import reverse


def location(basename: str, pk: int) -> dict[str, str]:
    """The header for a new resource whose detail route is ``api:<basename>-detail``."""
    return {"Location": reverse(f"api:{basename}-detail", args=[pk])}
