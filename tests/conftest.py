"""Shared fixtures. Every test that touches data runs on a real PostgreSQL."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from backend.areas.services import areas_load_reference
from tests import clock

# --- the clock: TEST_TODAY / --today pins the whole run to one day (tests/clock.py) ---------


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        default=None,
        metavar="YYYY-MM-DD",
        help=f"run the suite as if today were this day (default: ${clock.ENV}, else the real day)",
    )


def pytest_configure(config):
    """Start time-machine before anything else (the test database, the reference data, the
    live servers' threads), so every part of the run sees the same day."""
    day = clock.pinned_day(config.getoption("--today"))
    if day is None:
        return
    import time_machine

    traveller = time_machine.travel(clock.pinned_moment(day), tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    day = clock.pinned_day(config.getoption("--today"))
    if day is None:
        return f"today: {clock.dt.date.today()} (real clock; pin it with {clock.ENV}=YYYY-MM-DD)"
    return f"today: {day} (pinned by time-machine)"


_TRAVELLER = pytest.StashKey["object"]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load Essen's reference data once into the test database; tests roll back around it.

    At the end, before pytest-django drops the test database: end the sessions other threads
    still hold. A live server's request thread closes its connection only when the browser's
    keep-alive socket closes, which can come after the last test; the drop then failed with
    "being accessed by other users" (and the next run had to recreate the database).
    """
    with django_db_blocker.unblock():
        areas_load_reference(city_slug="essen")
        with connection.cursor() as cursor:
            _runtime_role_ensure(cursor, settings.DATABASE_RUNTIME_ROLE)
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _runtime_role_ensure(cursor, role: str) -> None:
    """The role the app runs as, with its privileges on the test database (created here when
    the suite runs on a server as one superuser role: the role tests need it)."""
    from psycopg import sql

    from backend.common.db_roles import runtime_privileges_grant

    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is None:
        cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    runtime_privileges_grant(role=role)


@pytest.fixture(autouse=True)
def _german_by_default():
    """Every test starts in German, the site's default language.

    A request to an /en/ page activates English in the test's own thread (LocaleMiddleware
    never switches back), so the next test's ``reverse()`` would build /en/ URLs and its
    ``gettext`` would answer in English.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def essen(db):
    """Essen's reference areas and offices, loaded the way production loads them.

    Loaded once per session; a transactional test empties the tables, so reload if missing.
    """
    from backend.areas.models import City

    city = City.objects.filter(slug="essen").first()
    if city is None:
        areas_load_reference(city_slug="essen")
        city = City.objects.get(slug="essen")
    return city


@pytest.fixture
def district_iv(essen):
    from backend.areas.models import Area

    return Area.objects.get(city=essen, code="IV")


@pytest.fixture
def coordinator(district_iv):
    from tests.factories import coordinator_for

    return coordinator_for(district_iv, "bezirk-iv")


@pytest.fixture
def deputy(district_iv):
    """The deputy (Vertretung) of district IV."""
    from backend.areas.models import AssignmentRole, CoordinatorAssignment
    from tests.factories import UserFactory

    user = UserFactory(username="vertretung-iv")
    CoordinatorAssignment.objects.create(
        user=user, district=district_iv, role=AssignmentRole.DEPUTY
    )
    return user


@pytest.fixture
def other_coordinator(essen):
    from backend.areas.models import Area
    from tests.factories import coordinator_for

    return coordinator_for(Area.objects.get(city=essen, code="III"), "bezirk-iii")


@pytest.fixture
def program(essen):
    """A programme with 10,000 € for every year the default project's funding period touches
    (in December that is next year only; from July, this year and next)."""
    from tests.factories import ProgramFactory, budgets_for_period

    program = ProgramFactory(name="Integrationsbudget Essen")
    budgets_for_period(program, "10000")
    return program


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test empties every table when it ends; put the reference data back so
    the tests after it find Essen without each reloading it."""
    yield
    if nextitem is None:
        return  # the session ends: the test database is already gone
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        from pytest_django.plugin import blocking_manager_key

        blocker = item.session.config.stash[blocking_manager_key]
        with blocker.unblock():
            areas_load_reference(city_slug="essen")


# Cases in each state of the lifecycle, moved there through the real workflow.


@pytest.fixture
def actor(coordinator):
    from workflows.actors import Actor

    return Actor.for_user(coordinator)


@pytest.fixture
def idea_case(coordinator):
    from tests.factories import submit_idea

    return submit_idea()


@pytest.fixture
def advice_case(idea_case, actor):
    from tests.factories import move

    return move(idea_case, "start_advice", actor)


@pytest.fixture
def application_case(advice_case, actor, program):
    from tests.factories import complete_plan, move
    from workflows.actors import Actor

    complete_plan(advice_case, actor, program)
    return move(advice_case, "submit_application", Actor.applicant(advice_case))


@pytest.fixture
def sprachcafe(essen):
    """An existing offering in Borbeck-Mitte that the default test idea overlaps with."""
    from backend.offerings.models import Offering
    from tests.factories import quarter

    return Offering.objects.create(
        city=essen,
        title="Sprachcafé Borbeck",
        description="Deutsch sprechen bei Kaffee und Kuchen, für Eltern und Neuzugewanderte.",
        provider="Familienzentrum Borbeck",
        quarter=quarter("Borbeck-Mitte"),
        target_groups=["familien", "neuzugewanderte"],
        topics=["sprache", "begegnung"],
        external_id="sc-borbeck",
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request, django_db_blocker):
    """Rate limits count in the database cache. A test's transaction rolls its counts back;
    transactional tests (and their live servers) commit them, so these start from none and
    leave none (TRUNCATE between tests does not reach the cache table)."""
    from django.core.cache import cache

    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        with django_db_blocker.unblock():
            cache.clear()
    yield
    if transactional:
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def documents_folder(settings, tmp_path):
    """Documents a test stores land in its own folder, never in the checkout's var/."""
    folder = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "base_url": None},
        },
    }
    return folder


class Jobs:
    """The jobs the code queued for the worker (in memory), and a way to run them here."""

    def __init__(self, app, connector) -> None:
        self.app = app
        self.connector = connector

    def queued(self, task_name: str | None = None) -> list[dict]:
        return [
            job
            for job in self.connector.jobs.values()
            if job["status"] == "todo" and task_name in (None, job["task_name"])
        ]

    def run(self) -> int:
        """Run every queued job (and those they queue) in this thread, in order, as the
        worker would; returns how many ran. A job that raises is marked failed and re-raised."""
        ran = 0
        while todo := self.queued():
            job = min(todo, key=lambda row: row["id"])
            job["status"] = "doing"
            try:
                self.app.tasks[job["task_name"]](**job["args"])
            except Exception:
                job["status"] = "failed"
                raise
            job["status"] = "succeeded"
            ran += 1
        return ran


def _in_a_thread(coroutine_function, *args, **kwargs):
    """Run an async connector method to completion in a thread of its own: the test's thread
    may have an event loop running (Playwright's, once a browser test started), where
    procrastinate's ``async_to_sync`` refuses to work."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function(*args, **kwargs)).result()


def _sync_in_memory_connector():
    from procrastinate import testing

    class SyncInMemoryConnector(testing.InMemoryConnector):
        def execute_query(self, query, **arguments):
            return _in_a_thread(self.execute_query_async, query, **arguments)

        def execute_query_one(self, query, **arguments):
            return _in_a_thread(self.execute_query_one_async, query, **arguments)

        def execute_query_all(self, query, **arguments):
            return _in_a_thread(self.execute_query_all_async, query, **arguments)

    return SyncInMemoryConnector()


@pytest.fixture(autouse=True)
def jobs(request):
    """Jobs deferred in a test land in memory (``jobs.run()`` runs them in the test's thread and
    transaction). Tests marked ``worker`` use the real queue in PostgreSQL and the real worker
    instead (tests/messaging/test_worker.py)."""
    if request.node.get_closest_marker("worker"):
        # The real queue compares the database's clock with due times procrastinate computes
        # from Python's (a retry "in 2 seconds"): with a pinned day (TEST_TODAY) they would be
        # a year apart. Such a test runs at the database's now, with time running.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT now()")
            database_now = cursor.fetchone()[0]
        request.getfixturevalue("time_machine").move_to(database_now, tick=True)
        yield None
        return
    from procrastinate.contrib.django import app

    connector = _sync_in_memory_connector()
    with app.replace_connector(connector) as test_app:
        yield Jobs(test_app, connector)
