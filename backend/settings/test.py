"""Settings for the test suite: ``main`` plus safe defaults for what tests do not configure."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("EMBEDDED_PG", "true")
# Debug is off in tests, which requires an SMTP server; tests deliver to locmem (below) or to
# their own SMTP sink (tests/smtp.py).
os.environ.setdefault(
    "EMAIL_URL", "smtp://127.0.0.1:25"
)  # tests without DATABASE_URL use the embedded one
# Concurrency tests queue 20 approvals on one budget row on a busy 2-core machine; the fault
# tests set a short lock_timeout on their own connection (tests/common/test_faults.py).
os.environ.setdefault("DATABASE_LOCK_TIMEOUT", "60000")

from backend.settings.database import owner_connection_settings
from backend.settings.main import *  # noqa: F403

# The suite connects as the owner role: it creates and drops the test database and resets it
# between transactional tests (TRUNCATE). What the runtime role may do is tested on its own
# (tests/common/test_db_roles.py), with the role the app uses, or, on a server given by a
# single-role DATABASE_URL, with a role the suite creates.
if DATABASE_OWNER_URL:  # noqa: F405
    DATABASES["default"] = owner_connection_settings(DATABASES["default"], DATABASE_OWNER_URL)  # noqa: F405
DATABASE_RUNTIME_ROLE = DATABASE_RUNTIME_ROLE or "foerderlotse_test_runtime"  # noqa: F405
# Transactional tests are reset by TRUNCATE, which the audit trail refuses unless the session
# of the table's owner asks for it (migration cases 0010): every test connection does.
DATABASES["default"]["OPTIONS"]["options"] += " -c foerderlotse.audit_truncate=on"  # noqa: F405

# Hashing with PBKDF2 makes every login in a test cost ~0.3 s; tests do not need its strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests (and live_server) serve static files through the finders; no collectstatic first.
STATIC_ROOT = None  # type: ignore[assignment]

# The suite (and schemathesis) sends many requests from one address; limits are tested
# explicitly with low rates.
API_THROTTLE_RATES = {
    "user": "100000/min",
    "ideas": "100000/min",
    "idea_status": "100000/min",
    "overlap_checks": "100000/min",
}
