"""``manage.py migrate`` as the owner role, then the runtime role's privileges.

With ``DATABASE_OWNER_URL`` set (the embedded PostgreSQL always sets it), the migrations run
as the owner role, on the connection ``DATABASE_URL`` names otherwise unchanged (same database,
options and timeouts). Afterwards the runtime role gets its privileges on whatever the
migrations created (``backend.common.db_roles``). Without it, everything runs as the one role
of ``DATABASE_URL``, as Django's own command does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from backend.common.db_roles import runtime_privileges_grant
from backend.settings.database import owner_connection_settings


@contextmanager
def _as_owner(connection: BaseDatabaseWrapper, owner_url: str) -> Iterator[None]:
    original = dict(connection.settings_dict)
    owner = owner_connection_settings(original, owner_url)
    if owner["USER"] == original["USER"]:
        yield
        return
    connection.close()
    connection.settings_dict.update(owner)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


class Command(migrate.Command):
    help = migrate.Command.help + " Runs as the owner role when DATABASE_OWNER_URL is set."

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        owner_url = getattr(settings, "DATABASE_OWNER_URL", None)
        role = getattr(settings, "DATABASE_RUNTIME_ROLE", None)
        if alias != DEFAULT_DB_ALIAS or owner_url is None:
            super().handle(*args, **options)
            return
        with _as_owner(connections[alias], owner_url):
            super().handle(*args, **options)
            if role:
                runtime_privileges_grant(role=role, using=alias)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Granted the runtime role {role} its privileges.")
