"""A throw-away database for evaluations and benchmarks: created, migrated, dropped.

It lives on the same server as the configured database (the embedded PostgreSQL or
``DATABASE_URL``) under its own name, so neither the development nor the test database is
touched, and a run that is interrupted leaves nothing a second run would trip over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.test")
    import django

    django.setup()


@contextmanager
def scratch_database(suffix: str) -> Iterator[str]:
    """Create ``<database>_<suffix>``, migrate it, use it as ``default``; drop it after."""
    from django.db import connection

    name = f"{connection.settings_dict['NAME']}_{suffix}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
