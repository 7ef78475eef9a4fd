"""Schemathesis against a live server: all checks, the examples, coverage, fuzzing and stateful
phases, with the demo data and a write token of the central office (``make schemathesis``;
CI runs it). Exits non-zero on any failure.

1. A fresh database: ``SCHEMATHESIS_DATABASE_URL``'s database is dropped and created again
   (name one for this run only, e.g. ``…/foerderlotse_schemathesis``); without it a fresh
   embedded cluster in ``var/pgdata-schemathesis``. ``DATABASE_URL`` is never used.
2. ``migrate``, ``load_areas``, ``demo``, a write token for ``zentrale``.
3. gunicorn on a free port with ``backend.settings.test`` (high rate limits, mail kept in
   memory), then ``schemathesis run`` with ``tests/api/schemathesis.toml`` and the ids of the
   demo data it names; bounded by ``SCHEMATHESIS_MAX_TIME`` seconds (default 240).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "tests" / "api" / "schemathesis.toml"


def _fresh_database(env: dict[str, str]) -> None:
    env.pop("DATABASE_URL", None)
    url = env.get("SCHEMATHESIS_DATABASE_URL")
    if not url:
        folder = ROOT / "var" / "pgdata-schemathesis"
        shutil.rmtree(folder, ignore_errors=True)
        env.update(EMBEDDED_PG="true", EMBEDDED_PG_DIR=str(folder))
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _config(env: dict[str, str], folder: Path) -> Path:
    """tests/api/schemathesis.toml with the demo data's ids as body parameters."""
    ids = _demo_ids(env)
    config = folder / "schemathesis.toml"
    config.write_text(
        CONFIG.read_text()
        + "\n[parameters]\n"
        + "".join(f'"body.{name}" = {value}\n' for name, value in {**ids, **FIXED}.items())
    )
    return config


def _demo_ids(env: dict[str, str]) -> dict[str, int]:
    """Ids in the demo data that request bodies must name (they exist, and are of the kind
    the server demands: a quarter, not a district)."""
    code = (
        "from backend.areas.models import Area, AreaKind;"
        "from backend.accounts.models import User;"
        "from backend.programs.models import FundingProgram;"
        "print(Area.objects.filter(kind=AreaKind.QUARTER, name='Borbeck-Mitte').get().pk);"
        "print(FundingProgram.objects.order_by('pk').first().pk);"
        "print(User.objects.get(username='bezirk-iv').pk)"
    )
    quarter, program, user = _manage(env, "shell", "-c", code).split()[-3:]
    return {"quarter": int(quarter), "program": int(program), "to_user": int(user)}


#: Values every body that has the field gets (they name something that must exist).
FIXED = {"city": '"essen"', "url": '"https://hooks.example.org/foerderlotse"'}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own server)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def main() -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings.test",
        "PYTHONUNBUFFERED": "1",
    }
    _fresh_database(env)
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "load_areas")
    _manage({**env, "DJANGO_DEBUG": "true"}, "demo")  # demo data refuses production settings
    token = _manage(
        env, "api_token_create", "--user", "zentrale", "--name", "schemathesis", "--scope", "write"
    ).split()[0]
    folder = Path(tempfile.mkdtemp(prefix="schemathesis-"))
    config = _config(env, folder)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "backend.wsgi", "-b", f"127.0.0.1:{port}"),
            *("--workers", "1", "--threads", "4", "--timeout", "60"),
            *("--access-logfile", "/dev/null"),
            # Long query strings reach the app (which answers 400 for values too long) instead
            # of gunicorn's 414 HTML page; a proxy in front may still answer 414 in production.
            *("--limit-request-line", "0"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        _wait(f"{base}/healthz")
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(config),
            "run",
            f"{base}/api/schema/",
            "--url",
            base,
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--suppress-health-check",
            "all",
            "--max-time",
            env.get("SCHEMATHESIS_MAX_TIME", "240"),
            *sys.argv[1:],
        ]
        return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
