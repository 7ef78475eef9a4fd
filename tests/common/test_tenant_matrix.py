"""The cross-city matrix (issue #24): a user of Essen gets nothing of Oberhausen, through every
page and every API operation.

The routes are not listed here: they are read from the URL conf and from the OpenAPI schema
(docs/openapi.yaml), so a new page or endpoint is in the matrix the day it is added. Every
route parameter is filled with the identifiers of Oberhausen's data (``_Other``); a parameter
name the matrix does not know fails the test, and so does a route that is neither checked nor
named in ``OPEN_BY_DESIGN`` with the reason it is open.

What "nothing" means:
- a page or operation that names one of Oberhausen's objects answers neither 2xx nor a body
  with any of Oberhausen's private markers (case title, association, address, e-mail, event,
  webhook, programme); a write changes nothing;
- a page or list without parameters (also asked with Oberhausen's city, district and
  programme as filters) shows none of the markers — in spreadsheets and zips too.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from backend.accounts.services import api_token_create
from backend.areas.models import Area, AreaKind, City
from backend.areas.services import areas_load_reference
from backend.cases.models import Case
from backend.conferences.services.events import conference_save, topic_save
from backend.documents.services import document_upload
from backend.webhooks.services import subscription_create
from tests import clock
from tests.documents import files
from tests.factories import ProgramFactory, UserFactory, coordinator_for
from tests.intake.helpers import case_with_token
from workflows.actors import Actor
from workflows.services import case_transition

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
MARK = "Zzmarkob"  # in every private text of Oberhausen's data, found case-insensitively

#: Routes open to whoever holds them, by design, not by a role in a city: they are not
#: tenant-walled, so the matrix does not walk them (route pattern prefix → why).
OPEN_BY_DESIGN = {
    "ideen/status/": "the association's private status link: the token is the key",
    "kennenlernen/": "a cooperation answer link mailed to one association: the token is the key",
    "veranstaltungen/interesse/bestaetigen/": "a signed double opt-in link",
    "api/v1/ideas/{token}": "the association's status link in the API: the token is the key",
    "koordination/passwort-neu/": "a password reset link mailed to one person",
    "admin/": "Django admin: walked by its own matrix, as a city's administrator "
    "(tests/common/test_admin_scope.py)",
}


#: Route parameters that choose a format or a view, not an object: such a route is a list.
OPTION_PARAMS = {"what", "fmt"}


@dataclass
class _Other:
    """Oberhausen's data, and what a route parameter of each name can be."""

    case: Case
    token: str
    values: dict[str, list[str]]


@pytest.fixture
def other(essen, documents_folder) -> _Other:
    areas_load_reference(city_slug="oberhausen")
    city = City.objects.get(slug="oberhausen")
    district = Area.objects.get(city=city, kind=AreaKind.DISTRICT, code="5")
    ob_coordinator = coordinator_for(district)
    case, token = case_with_token(
        title=f"{MARK} Lernhilfe",
        email=f"{MARK.lower()}@example.org",
        quarter_name="Sterkrade-Nord",
    )
    case.association.name = f"{MARK} Verein e.V."
    case.association.street = f"{MARK}straße 5"
    case.association.save()
    actor = Actor.for_user(ob_coordinator)
    case = case_transition(case=case, name="start_advice", actor=actor, data={})
    document = document_upload(
        case=case,
        actor=actor,
        category="satzung",
        name=f"{MARK}-Satzung.pdf",
        stream=io.BytesIO(files.PDF),
        size=len(files.PDF),
    )
    conference = conference_save(
        user=ob_coordinator,
        data={
            "district": district,
            "kind": "integrationskonferenz",
            "title": f"{MARK} Expertendialog",
            "held_on": clock.days_from_today(10),
            "place": f"{MARK} Saal",
            "public": False,
        },
    )
    topic = topic_save(user=ob_coordinator, conference=conference, data={"title": f"{MARK} Thema"})
    program: Any = ProgramFactory(city=city, name=f"{MARK} Programm", funder=f"{MARK} Stadt")
    webhook = subscription_create(
        city=city, url=f"https://{MARK.lower()}.example.org/hook", event_types=["case.created"]
    )
    case.refresh_from_db()
    pks = [case.pk, document.pk, conference.pk, topic.pk, program.pk, webhook.pk]
    pks += [case.association_id, case.contact_id, district.pk, case.quarter_id]
    values = {
        "reference": [case.reference],
        "pk": [str(pk) for pk in pks],
        "id": [str(pk) for pk in pks],
        "document_id": [str(document.pk)],
        "topic_id": [str(topic.pk)],
        "person_id": ["1"],
        "payout_id": ["1"],
        "receipt_id": ["1"],
        "change_request_id": ["1"],
        "name": ["start_advice", "withdraw"],
        "city": [city.slug],
        "code": [district.code],
        "token": [token],
        "what": ["faelle", "kennzahlen"],  # options, not objects (OPTION_PARAMS)
        "fmt": ["csv", "xlsx"],
    }
    return _Other(case=case, token=token, values=values)


@pytest.fixture
def essen_users(essen, district_iv):
    coordinator = coordinator_for(district_iv, "bezirk-iv")
    central = UserFactory(username="zentrale-essen-test", is_central_office=True)
    return {"coordinator": coordinator, "central office": central}


# --- the routes -------------------------------------------------------------------------


def _page_routes() -> list[tuple[str, str, list[str]]]:
    """(route pattern, name to reverse, parameter names) of every page in the URL conf."""
    found: list[tuple[str, str, list[str]]] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, space)
            elif isinstance(entry, URLPattern) and entry.name:
                params = re.findall(r"<(?:\w+:)?(\w+)>", route)
                found.append((route, namespace + entry.name, params))

    walk(get_resolver().url_patterns, "", "")
    return found


def _api_operations() -> list[tuple[str, str, list[str], bool]]:
    """(path, method, parameter names, public) of every operation in the OpenAPI schema;
    public: open without credentials (``security: [{}]``), like the public catalogue."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    return [
        (path, method.upper(), re.findall(r"{(\w+)}", path), operation.get("security") == [{}])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def _open_by_design(route: str) -> bool:
    """Is the route (a URL conf pattern or a schema path) one of ``OPEN_BY_DESIGN``?"""
    normal = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route).lstrip("^/")
    normal = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", normal)
    return any(normal.startswith(prefix) or f"/{prefix}" in normal for prefix in OPEN_BY_DESIGN)


def _fillings(params: list[str], other: _Other) -> list[dict[str, str]]:
    unknown = [name for name in params if name not in other.values]
    assert not unknown, f"the matrix knows no value for {unknown}: add Oberhausen's to _Other"
    pools = [other.values[name] for name in params]
    return [dict(zip(params, combo, strict=True)) for combo in itertools.product(*pools)]


# --- what a response may show -----------------------------------------------------------


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # xlsx, zip: look inside
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", errors="ignore")


def _leaks(response: Any, city: str = "") -> bool:
    """Does the answer show Oberhausen's private data (or, given ``city``, name the city:
    an API answer for a city's staff names no other city at all)?"""
    text = _text(response).lower()
    return MARK.lower() in text or bool(city and f'"{city}"' in text)


def _filters(other: _Other) -> dict[str, str]:
    case = other.case
    return {"city": str(case.city_id), "district": str(case.quarter.parent_id)}


def _snapshot(other: _Other) -> tuple[Any, ...]:
    case = Case.objects.get(pk=other.case.pk)
    return (case.version, case.state, case.documents.count(), case.events.count())


# --- the matrix -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "central office"])
def test_pages_show_a_user_of_essen_nothing_of_oberhausen(role, other, essen_users):
    client = Client()
    client.force_login(essen_users[role])
    before = _snapshot(other)
    problems, walked = [], 0
    for route, name, params in _page_routes():
        if _open_by_design(route):
            continue
        objects = [p for p in params if p not in OPTION_PARAMS]
        for kwargs in _fillings(params, other):
            url = reverse(name, kwargs=kwargs)
            public = not url.startswith(("/koordination/", "/en/koordination/"))
            get = client.get(url, _filters(other) if not objects else {})
            walked += 1
            if _leaks(get):
                problems.append(f"GET {url}: shows Oberhausen's data")
            elif objects and not public and 200 <= get.status_code < 300:
                problems.append(f"GET {url}: {get.status_code} for Oberhausen's object")
            if objects and not public:
                post = client.post(url, {})
                if 200 <= post.status_code < 300 or _leaks(post):
                    problems.append(f"POST {url}: {post.status_code}")
    assert walked > 100  # the URL conf was read, not an empty list
    assert problems == []
    assert _snapshot(other) == before


@pytest.mark.parametrize("role", ["coordinator", "central office"])
def test_api_shows_a_user_of_essen_nothing_of_oberhausen(role, other, essen_users):
    client = APIClient()
    key = api_token_create(user=essen_users[role], name="matrix", scope="write").key
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    before = _snapshot(other)
    problems, walked = [], 0
    for path, method, params, public in _api_operations():
        if _open_by_design(path):
            continue
        city = "" if public else other.case.city.slug
        for kwargs in _fillings(params, other):
            url = path.format(**kwargs)
            if method == "GET":
                answers = [client.get(url)]
                if not params:  # lists, also asked for Oberhausen's data by filter
                    answers.append(client.get(url, {"city": other.case.city.slug}))
            else:
                answers = [client.generic(method, url, "{}", content_type="application/json")]
            walked += 1
            for answer in answers:
                if _leaks(answer, city):
                    problems.append(f"{method} {url}: {answer.status_code}, Oberhausen's data")
    assert walked > 50  # the schema was read
    assert problems == []
    assert _snapshot(other) == before
