"""Reading numbers that arrive as text from pages (query strings, hidden fields)."""

from __future__ import annotations


def small_id(raw: str) -> int | None:
    """``raw`` as a row id, or None: ASCII digits only (``str.isdigit`` also accepts "²",
    which ``int`` refuses, and "٣"), at most nine of them (no integer overflow)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
