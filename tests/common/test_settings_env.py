"""Settings parsing: typed reads, and loud failures that name the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from backend.settings.env import Env, database_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("off", False)],
)
def test_env_bool_accepts_common_spellings(raw, expected):
    assert Env({"FLAG": raw}).boolean("FLAG", not expected) is expected


def test_env_bool_rejects_unknown_value_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"DJANGO_DEBUG: expected one of .* 'maybe'"):
        Env({"DJANGO_DEBUG": "maybe"}).boolean("DJANGO_DEBUG", False)


def test_env_int_rejects_non_number_and_below_minimum():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_CONN_MAX_AGE: expected an integer"):
        Env({"DATABASE_CONN_MAX_AGE": "ten"}).integer("DATABASE_CONN_MAX_AGE", 0)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_CONN_MAX_AGE: must be at least 0"):
        Env({"DATABASE_CONN_MAX_AGE": "-5"}).integer("DATABASE_CONN_MAX_AGE", 0)


def test_env_required_string_missing_names_variable():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY: required"):
        Env({}).string("DJANGO_SECRET_KEY", None)


def test_env_list_splits_and_rejects_empty_items():
    assert Env({"HOSTS": "a.example, b.example"}).strings("HOSTS", []) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="HOSTS: expected a comma-separated list"):
        Env({"HOSTS": "a.example,,b"}).strings("HOSTS", [])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "expected a URL with scheme postgres or postgresql"),
        ("postgres://u@h:notaport/db", "invalid port"),
        ("postgres:///db", "missing host"),
    ],
)
def test_env_url_rejects_malformed_database_url(url, message):
    with pytest.raises(ImproperlyConfigured, match=f"DATABASE_URL: {message}"):
        Env({"DATABASE_URL": url}).url("DATABASE_URL", schemes=("postgres", "postgresql"))


def test_database_config_parses_url_and_socket_host():
    config = database_config("postgresql://app:s3cret@db.example:6543/foerderlotse?sslmode=require")
    assert config["HOST"] == "db.example"
    assert config["PORT"] == "6543"
    assert config["USER"] == "app"
    assert config["PASSWORD"] == "s3cret"
    assert config["NAME"] == "foerderlotse"
    assert config["OPTIONS"] == {"sslmode": "require"}
    socket = database_config("postgresql://postgres:@/foerderlotse?host=/run/pg")
    assert socket["HOST"] == "/run/pg"


def test_database_config_requires_database_name():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL: missing database name"):
        database_config("postgres://u@h:5432/")


def _manage_check(extra_env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings.main", **extra_env}
    # The browser tests' Playwright sets this for the session; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_startup_fails_loudly_on_malformed_variable():
    result = _manage_check({"DJANGO_DEBUG": "perhaps", "DATABASE_URL": "postgres://u@h/db"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG: expected one of" in result.stderr


def test_startup_without_secret_key_in_production_mode_fails():
    env = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "", "DATABASE_URL": "postgres://u@h/db"}
    result = _manage_check(env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY: required" in result.stderr


def test_production_mode_without_database_url_refuses_to_start():
    env = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "DATABASE_URL": ""}
    result = _manage_check({**env, "EMBEDDED_PG": ""})
    assert result.returncode != 0
    assert "DATABASE_URL: required with debug off (or set EMBEDDED_PG=true" in result.stderr


@pytest.mark.parametrize("email_url", ["", "console://localhost"])
def test_production_mode_without_an_smtp_server_refuses_to_start(email_url):
    """Without EMAIL_URL mail went to the console, status links (credentials) into the log."""
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@h/db",
        "EMAIL_URL": email_url,
    }
    result = _manage_check(env)
    assert result.returncode != 0
    assert "EMAIL_URL: required with debug off" in result.stderr


def test_check_deploy_is_clean_with_the_documented_production_variables():
    """docs/operations.md, "HTTPS behind a proxy": these variables and nothing else."""
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "q" * 30,
        "DATABASE_URL": "postgres://u@h/db",
        "EMAIL_URL": "smtp://mail.foerderlotse.example:587?tls=true",
        "DJANGO_ALLOWED_HOSTS": "foerderlotse.example",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "DJANGO_SECURE_HSTS_PRELOAD": "true",
        "DJANGO_SECURE_COOKIES": "true",
    }

    result = _manage_check(env, "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_settings_come_from_the_environment():
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@h/db",
        "EMAIL_URL": "smtp://mail.example:25",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
    }
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings.main", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]


def test_env_example_documents_every_variable_the_settings_read():
    from backend.settings.main import env

    documented = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("##")
    }
    assert set(env.known) <= documented, set(env.known) - documented
    assert documented <= set(env.known), documented - set(env.known)
