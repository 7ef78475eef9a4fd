"""docker-compose.yml, Dockerfile and the entrypoint, checked without a Docker engine.

There is no Docker on the development and CI machines, so these tests read the files the way
Docker would (YAML with compose's ``${VAR:-default}`` interpolation, Dockerfile instructions)
and check what a broken deployment would get wrong: service wiring, credentials that agree,
variables the settings really read, and the migrate-then-gunicorn start. The entrypoint script
and the collectstatic build step are executed for real.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from backend.settings.env import Env

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
APP_SERVICES = ("web", "worker")
#: What a user must provide (``${DJANGO_SECRET_KEY:?...}``); everything else has defaults.
USER_ENV = {"DJANGO_SECRET_KEY": "compose-test-secret"}

_INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|(?P<bare>\w+))"
)


class MissingVariableError(Exception):
    """A ``${VAR:?message}`` variable was not set, as ``docker compose`` would report it."""


def _interpolate(value: Any, environ: Mapping[str, str]) -> Any:
    """Resolve compose's ``$$``, ``$VAR``, ``${VAR}``, ``${VAR:-x}``, ``${VAR:?x}`` forms."""
    if isinstance(value, dict):
        return {key: _interpolate(item, environ) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item, environ) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["name"] or match["bare"]
        current, op = environ.get(name), match["op"]
        unset = current is None or (op is not None and op.startswith(":") and current == "")
        if op is None or not unset:
            return current or ""
        if op.endswith("-"):
            return match["arg"]
        raise MissingVariableError(f"{name}: {match['arg']}")

    return _INTERPOLATION.sub(replace, value)


def _compose(environ: Mapping[str, str] = USER_ENV) -> dict[str, Any]:
    return _interpolate(yaml.safe_load(COMPOSE_FILE.read_text()), environ)


@pytest.fixture
def services() -> dict[str, Any]:
    return _compose()["services"]


def _environment(service: Mapping[str, Any]) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def _published(service: Mapping[str, Any]) -> dict[int, str]:
    """Container port -> published host port; short (``[ip:]host:container``) or long syntax."""
    ports: dict[int, str] = {}
    for entry in service.get("ports", []):
        if isinstance(entry, dict):
            ports[int(entry["target"])] = str(entry.get("published", ""))
        else:
            *host, container = str(entry).split("/")[0].split(":")
            ports[int(container)] = host[-1] if host else ""
    return ports


def _healthcheck_command(service: Mapping[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test[1:]) if isinstance(test, list) else test


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs with line continuations joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        if full:
            keyword, _, arguments = full.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def _dockerfile_values(keyword: str) -> list[str]:
    return [arguments for name, arguments in _dockerfile() if name == keyword]


# --- docker-compose.yml ---------------------------------------------------------------------


def test_compose_defines_db_web_worker_and_mailpit(services):
    assert {"db", "web", "worker", "mailpit"} <= set(services)


def test_db_is_postgres_17_with_named_volume_and_pg_isready_healthcheck():
    compose = _compose()
    db = compose["services"]["db"]
    assert db["image"] == "postgres:17"
    volume, _, target = db["volumes"][0].partition(":")
    assert volume in compose["volumes"], "db data must live in a named volume"
    assert target == "/var/lib/postgresql/data"
    assert "pg_isready" in _healthcheck_command(db)


def test_web_builds_from_the_repository_dockerfile_and_publishes_port_8000(services):
    web = services["web"]
    build = web["build"]
    context = ROOT / build["context"]
    assert (context / build.get("dockerfile", "Dockerfile")).resolve() == ROOT / "Dockerfile"
    assert 8000 in _published(web)
    assert _published(web)[8000] == "8000"


def test_web_healthcheck_calls_healthz_on_a_host_the_settings_allow(services):
    web = services["web"]
    command = _healthcheck_command(web)
    url = re.search(r"https?://[^'\"\s]+", command)
    assert url, command
    parts = urlsplit(url[0])
    assert parts.path == "/healthz"
    assert parts.port == 8000
    # Django answers 400 to a Host outside ALLOWED_HOSTS, which would mark web unhealthy.
    assert parts.hostname in _environment(web)["DJANGO_ALLOWED_HOSTS"].split(",")


def test_web_waits_for_a_healthy_db(services):
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_mailpit_publishes_smtp_1025_and_ui_8025(services):
    mailpit = services["mailpit"]
    assert mailpit["image"].split(":")[0] == "axllent/mailpit"
    assert {1025, 8025} <= set(_published(mailpit))


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_sets_only_variables_the_settings_read(services, name):
    from backend.settings.main import env

    variables = set(_environment(services[name]))
    assert variables, f"{name} sets no environment"
    assert variables <= set(env.known), variables - set(env.known)
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "EMAIL_URL"} <= variables
    assert {"SITE_URL"} <= variables


INIT_SCRIPT = ROOT / "docker" / "initdb" / "10-roles.sh"


def _init_roles() -> dict[str, str]:
    """Role name → the db service variable holding its password, as the init script has it."""
    text = INIT_SCRIPT.read_text()
    variables = dict(re.findall(r'-v (\w+)_password="\$(\w+)"', text))
    roles = re.findall(r"CREATE ROLE (\w+) LOGIN PASSWORD :'(\w+)_password'", text)
    return {role: variables[key] for role, key in roles}


@pytest.mark.parametrize(
    "overrides",
    [{}, {"FOERDERLOTSE_APP_PASSWORD": "s3cret-app", "FOERDERLOTSE_OWNER_PASSWORD": "s3cret-own"}],
)
@pytest.mark.parametrize(
    ("name", "variable", "role"),
    [
        ("web", "DATABASE_URL", "foerderlotse_app"),
        ("worker", "DATABASE_URL", "foerderlotse_app"),
        ("web", "DATABASE_OWNER_URL", "foerderlotse_owner"),
    ],
)
def test_database_urls_match_the_roles_the_db_service_creates(name, variable, role, overrides):
    services = _compose({**USER_ENV, **overrides})
    db = _environment(services["services"]["db"])
    url = _environment(services["services"][name])[variable]
    Env({variable: url}).url(variable, schemes=("postgres", "postgresql"))
    parts = urlsplit(url)
    assert parts.hostname == "db"
    assert parts.port in (None, 5432)
    assert parts.username == role
    assert parts.password == db[_init_roles()[role]]
    assert parts.path.lstrip("/") == "foerderlotse"
    assert "CREATE DATABASE foerderlotse OWNER foerderlotse_owner" in INIT_SCRIPT.read_text()
    if overrides:
        assert parts.password in overrides.values()


def test_only_web_which_migrates_knows_the_owner_role(services):
    assert "DATABASE_OWNER_URL" not in _environment(services["worker"])
    assert "DATABASE_OWNER_URL" in _environment(services["web"])
    assert "./docker/initdb:/docker-entrypoint-initdb.d:ro" in services["db"]["volumes"]
    assert os.access(INIT_SCRIPT, os.X_OK)
    check = subprocess.run(["sh", "-n", str(INIT_SCRIPT)], capture_output=True, check=False)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("name", APP_SERVICES)
def test_email_url_points_at_mailpit_smtp_port(services, name):
    parts = urlsplit(_environment(services[name])["EMAIL_URL"])
    assert parts.scheme == "smtp"
    assert parts.hostname == "mailpit"
    assert parts.port == 1025
    assert parts.port in _published(services["mailpit"])


def test_secret_key_must_be_provided_and_has_no_default_in_compose():
    with pytest.raises(MissingVariableError, match="DJANGO_SECRET_KEY"):
        _compose({})
    with pytest.raises(MissingVariableError, match="DJANGO_SECRET_KEY"):
        _compose({"DJANGO_SECRET_KEY": ""})


def test_settings_accept_the_compose_environment_of_web(services, tmp_path):
    # The real settings module, in a clean process with exactly the container's variables.
    script = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "db = s.DATABASES['default'];"
        "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'db_host': db['HOST'],"
        "'email': [s.EMAIL_HOST, s.EMAIL_PORT], 'site': s.SITE_URL}))"
    )
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "backend.settings.main",
        **_environment(services["web"]),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["debug"] is False
    assert loaded["db_host"] == "db"
    assert loaded["email"] == ["mailpit", 1025]
    assert "127.0.0.1" in loaded["hosts"]


def test_worker_runs_the_real_queue_and_never_migrates(services):
    worker = services["worker"]
    assert not worker.get("profiles"), "the worker starts with `docker compose up`"
    assert worker["command"] == ["worker"]
    assert worker["restart"] == "unless-stopped"
    assert "ports" not in worker
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert "documents:/app/var/documents" in worker["volumes"]
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    branch = entrypoint.split('if [ "$1" = "worker" ]; then', 1)[1].split("fi", 1)[0]
    assert "exec python manage.py procrastinate worker" in branch
    assert "migrate" not in branch


# --- Dockerfile and entrypoint -------------------------------------------------------------


def test_dockerfile_builds_on_python_311_slim_with_locked_dependencies_as_non_root():
    assert _dockerfile()[0] == ("FROM", "python:3.11-slim")
    runs = " ".join(_dockerfile_values("RUN"))
    assert re.search(r"pip install [^&]*\buv\b", runs)
    assert re.search(r"uv sync --frozen --no-dev\b", runs)
    users = _dockerfile_values("USER")
    assert users, "the container must not run as root"
    assert users[-1] not in {"root", "0"}


def test_dockerfile_starts_the_entrypoint_script_with_web_by_default():
    workdir = _dockerfile_values("WORKDIR")[-1]
    (entrypoint,) = json.loads(_dockerfile_values("ENTRYPOINT")[-1])
    assert Path(entrypoint) == Path(workdir) / ENTRYPOINT.relative_to(ROOT)
    assert any(src.split()[0] == "." for src in _dockerfile_values("COPY")), "COPY . . expected"
    assert json.loads(_dockerfile_values("CMD")[-1]) == ["web"]


def test_entrypoint_script_exists_is_executable_and_is_valid_sh():
    assert ENTRYPOINT.is_file()
    assert os.access(ENTRYPOINT, os.X_OK)
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    subprocess.run(["sh", "-n", str(ENTRYPOINT)], check=True)


def _run_entrypoint(tmp_path: Path, *args: str, python_exit: int = 0) -> tuple[int, list[str]]:
    """Run the entrypoint with stand-ins for python and gunicorn that record their arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for program, code in (("python", python_exit), ("gunicorn", 0)):
        stub = bin_dir / program
        stub.write_text(f'#!/bin/sh\necho "{program} $*" >> "$CALLS_LOG"\nexit {code}\n')
        stub.chmod(0o755)
    result = subprocess.run(
        [str(ENTRYPOINT), *args],
        cwd=ROOT,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "CALLS_LOG": str(log)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return result.returncode, log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("args", [(), ("web",)])
def test_entrypoint_migrates_then_execs_gunicorn_backend_wsgi(tmp_path, args):
    code, calls = _run_entrypoint(tmp_path, *args)
    assert code == 0
    assert calls == [
        "python manage.py migrate --no-input",
        "gunicorn backend.wsgi --bind 0.0.0.0:8000",
    ]


def test_entrypoint_does_not_start_gunicorn_when_migrations_fail(tmp_path):
    code, calls = _run_entrypoint(tmp_path, python_exit=1)
    assert code != 0
    assert calls == ["python manage.py migrate --no-input"]


def test_entrypoint_runs_other_commands_without_migrating(tmp_path):
    code, calls = _run_entrypoint(tmp_path, "python", "manage.py", "load_areas")
    assert code == 0
    assert calls == ["python manage.py load_areas"]


def test_dockerfile_collectstatic_step_needs_no_database(tmp_path):
    (step,) = [run for run in _dockerfile_values("RUN") if "collectstatic" in run]
    words = shlex.split(step)
    assignments = dict(word.split("=", 1) for word in words[: words.index("python")])
    # Without DATABASE_URL the settings would start an embedded PostgreSQL during the build.
    assert "DATABASE_URL" in assignments
    assert "DJANGO_SECRET_KEY" in assignments
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        **assignments,
    }
    command = [sys.executable, *words[words.index("python") + 1 :]]
    result = subprocess.run(
        command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "admin" / "css" / "base.css").is_file()


def _dockerignored(path: str) -> bool:
    """Docker's rule: the last matching pattern wins; ``!`` re-includes."""
    ignored = False
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        parts = path.split("/")
        # Patterns are anchored at the context root; ``**/`` lets them match at any depth.
        candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if pattern.startswith("**/"):
            pattern = pattern.removeprefix("**/")
            candidates += parts  # enough for the single-segment ``**/name`` patterns we use
        if any(fnmatch(candidate, pattern) for candidate in candidates):
            ignored = not negate
    return ignored


@pytest.mark.parametrize("path", [".env", ".git", "var/pgdata/base", ".venv/bin/python"])
def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image(path):
    assert _dockerignored(path)


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "pyproject.toml",
        "uv.lock",
        "backend/settings/main.py",
        "backend/areas/data/essen-areas.csv",
        "docker/entrypoint.sh",
    ],
)
def test_dockerignore_keeps_what_the_image_needs(path):
    assert not _dockerignored(path)
