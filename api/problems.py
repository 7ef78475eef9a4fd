"""Problem types of the API (RFC 9457): one stable URI per kind of error.

The URIs are URNs on purpose: they are identifiers for machines, independent of where an
installation runs; docs/api.md explains each.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PROBLEM_MEDIA_TYPE = "application/problem+json"
PREFIX = "urn:foerderlotse:problem:"

#: code → (HTTP status, title). Titles are German; ``detail`` explains the single case.
PROBLEMS = {
    "validation": (400, _("Ungültige Angaben")),
    "malformed-request": (400, _("Die Anfrage ist nicht lesbar")),
    "invalid-cursor": (400, _("Ungültiger Seitenzeiger")),
    "import-rejected": (400, _("Import abgelehnt")),
    "not-authenticated": (401, _("Anmeldung erforderlich")),
    "authentication-failed": (401, _("Anmeldung fehlgeschlagen")),
    "permission-denied": (403, _("Keine Berechtigung")),
    "read-only-token": (403, _("Token nur zum Lesen")),
    "not-found": (404, _("Nicht gefunden")),
    "link-expired": (410, _("Statuslink abgelaufen")),
    "method-not-allowed": (405, _("Methode nicht erlaubt")),
    "not-acceptable": (406, _("Antwortformat nicht verfügbar")),
    "transition-not-allowed": (409, _("Schritt im aktuellen Status nicht möglich")),
    "guard-failed": (409, _("Voraussetzungen nicht erfüllt")),
    "stale-case": (409, _("Der Fall wurde inzwischen geändert")),
    "conflict": (409, _("Konflikt")),
    "idempotency-key-in-progress": (409, _("Anfrage mit diesem Idempotency-Key läuft noch")),
    "precondition-failed": (412, _("Veraltete Version (If-Match)")),
    "payload-too-large": (413, _("Anfrage zu groß")),
    "unsupported-media-type": (415, _("Format der Anfrage nicht unterstützt")),
    "idempotency-key-reused": (422, _("Idempotency-Key gehört zu einer anderen Anfrage")),
    "throttled": (429, _("Zu viele Anfragen")),
    "server-error": (500, _("Interner Fehler")),
    "service-unavailable": (503, _("Vorübergehend nicht erreichbar")),
}


def problem_type(code: str) -> str:
    return PREFIX + code
