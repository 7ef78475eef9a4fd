"""The Django admin per city (issue #24): a city's administrator (staff, not superuser, every
permission) gets nothing of another city through any admin; a superuser sees every city.

Generated from the admin site's registry: a new admin is in the matrix the day it is
registered, and must use ``CityScopedMixin`` with a path in ``CITY_PATHS``."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from backend.areas.models import City
from backend.common.admin_scope import CITY_PATHS, CityScopedMixin, SuperuserOnlyMixin
from tests.common.test_tenant_matrix import MARK, other  # noqa: F401 - the Oberhausen fixture
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)


def _url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _rows_of(model: Any, city: City) -> list[Any]:
    path = CITY_PATHS[model._meta.label_lower]
    rows = model._default_manager.filter(**({"pk": city.pk} if path is None else {path: city.pk}))
    return list(rows.distinct()[:3])


@pytest.fixture
def city_admin(essen) -> Client:
    user: Any = UserFactory(username="admin-essen", is_staff=True, city=essen)
    user.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [model for model, _ in REGISTRY], ids=lambda m: m._meta.label)
def test_every_admin_is_scoped_by_city_or_for_superusers_only(model):
    model_admin = admin.site._registry[model]
    if isinstance(model_admin, SuperuserOnlyMixin):
        return
    assert isinstance(model_admin, CityScopedMixin)
    assert model._meta.label_lower in CITY_PATHS


SCOPED = [m for m, a in REGISTRY if isinstance(a, CityScopedMixin)]
WIDE = [m for m, a in REGISTRY if isinstance(a, SuperuserOnlyMixin)]


@pytest.mark.parametrize("model", WIDE, ids=lambda m: m._meta.label)
def test_installation_wide_admins_are_for_superusers_only(model, city_admin):
    assert city_admin.get(_url(model, "changelist")).status_code == 403


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.label)
def test_a_city_admin_sees_nothing_of_another_city(model, other, city_admin):  # noqa: F811
    oberhausen = City.objects.get(slug="oberhausen")

    listed = city_admin.get(_url(model, "changelist"))

    assert listed.status_code == 200
    assert MARK.lower() not in listed.content.decode().lower()
    assert "Oberhausen" not in listed.content.decode()
    for row in _rows_of(model, oberhausen):
        for view in ("change", "delete"):
            response = city_admin.get(_url(model, view, row.pk))
            # "does not exist" (302 to the index), or no such view at all (read-only: 403)
            assert response.status_code in (302, 403), (model, view, row.pk)
            assert MARK.lower() not in response.content.decode().lower()


def test_a_city_admin_chooses_only_their_citys_rows(other, city_admin, essen):  # noqa: F811
    html = city_admin.get(_url(City.areas.field.model, "add")).content.decode()

    assert "Essen" in html
    assert "Oberhausen" not in html
    program_form = city_admin.get(reverse("admin:programs_fundingprogram_add")).content.decode()
    assert "Oberhausen" not in program_form


def test_a_city_admin_cannot_make_a_superuser(city_admin, essen):
    someone: Any = UserFactory(username="kollegin", is_staff=True, city=essen)

    page = city_admin.get(_url(type(someone), "change", someone.pk)).content.decode()

    assert 'name="is_superuser"' not in page


def test_a_superuser_sees_every_city(other, essen):  # noqa: F811
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)

    listed = client.get(reverse("admin:cases_case_changelist")).content.decode()

    assert MARK.lower() in listed.lower()
