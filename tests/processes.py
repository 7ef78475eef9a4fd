"""Run the product in a second process, as production would: its settings, a database URL.

Some behaviour only shows across processes (a limit shared by workers, a database that does
not answer, the runtime role after ``migrate`` as the owner). These helpers start
``python -c`` or ``manage.py`` with production settings (debug off, a throwaway secret, no
embedded database) against the database the test names, and return what the process printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]

#: Production settings with nothing real in them: a secret for tests, mail to a closed port.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "backend.settings.main",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "second-process-test-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "EMBEDDED_PG": "false",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "STATIC_ROOT": "",
}


def database_url(*, user: str | None = None, name: str | None = None) -> str:
    """A URL for the test database (or another ``name`` on its server), as ``user``."""
    params = connection.settings_dict
    host, port = params["HOST"], params["PORT"]
    user, name = user or params["USER"], name or params["NAME"]
    if host.startswith("/"):
        return f"postgres://{user}@/{name}?host={host}"
    return f"postgres://{user}@{host}:{port or 5432}/{name}"


def production_env(**overrides: str | None) -> dict[str, str]:
    """This process's environment with production settings; an override of None removes."""
    env = {**os.environ, **PRODUCTION_ENV}
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(
    script: str, env: dict[str, str], *, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """``python -c script`` in the project's folder; the caller checks the return code."""
    return _run([sys.executable, "-c", script], env, timeout)


def run_manage(
    *args: str, env: dict[str, str], timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """``manage.py args`` in the project's folder; the caller checks the return code."""
    return _run([sys.executable, "manage.py", *args], env, timeout)


def _run(command: list[str], env: dict[str, str], timeout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
