"""Offering writes are limited to the token's districts and recorded (issue #18: a district
coordinator's write token renamed and deactivated offerings of other districts, unaudited)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from backend.offerings.models import Offering, OfferingEvent
from tests.api.conftest import assert_problem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/offerings/import/"


def row(**overrides):
    values = {
        "external_id": "o1",
        "title": "Sprachcafé",
        "description": "Deutsch sprechen",
        "provider": "Verein A",
        "quarter": "Altendorf",  # district III
        "target_groups": ["familien"],
        "topics": ["sprache"],
        "citywide": False,
    }
    values.update(overrides)
    return values


def _import(client, *rows, partial=False):
    return client.post(
        URL, {"source": "atlas", "rows": list(rows), "partial": partial}, format="json"
    )


def test_a_coordinator_cannot_change_an_offering_of_another_district(api, central_api):
    """District IV's token renames and deactivates district III's offering: refused."""
    assert _import(central_api, row()).status_code == 200
    offering = Offering.objects.get(external_id="o1")
    events = OfferingEvent.objects.count()

    body = assert_problem(
        _import(api, row(title="Umbenannt", active=False)), 400, "import-rejected"
    )
    assert [(p["code"], p["row"]) for p in body["problems"]] == [("forbidden_district", 1)]
    offering.refresh_from_db()
    assert (offering.title, offering.active) == ("Sprachcafé", True)
    assert OfferingEvent.objects.count() == events


@pytest.mark.parametrize(
    "overrides",
    [
        {"quarter": "Altendorf"},
        {"quarter": "", "citywide": True},
        # City-wide with a location in the coordinator's own district (issue #23): still
        # city-wide, the central office's.
        {"quarter": "Borbeck-Mitte", "citywide": True},
    ],
    ids=["other-district", "citywide", "citywide-located-in-own-district"],
)
def test_a_coordinator_cannot_create_offerings_outside_their_districts(api, overrides):
    body = assert_problem(_import(api, row(**overrides)), 400, "import-rejected")
    assert body["problems"][0]["code"] == "forbidden_district"
    assert "nicht in Ihrem Stadtbezirk" in body["problems"][0]["message"]
    assert not Offering.objects.exists()


def test_a_coordinator_cannot_move_an_own_offering_into_another_district(api):
    assert _import(api, row(quarter="Borbeck-Mitte")).status_code == 200
    body = assert_problem(_import(api, row(quarter="Altendorf")), 400, "import-rejected")
    assert body["problems"][0]["code"] == "forbidden_district"
    assert Offering.objects.get().quarter.name == "Borbeck-Mitte"


def test_with_partial_the_own_rows_are_stored_and_the_others_refused(api):
    response = _import(
        api,
        row(external_id="mine", quarter="Borbeck-Mitte"),
        row(external_id="theirs"),
        partial=True,
    )
    body = assert_problem(response, 400, "import-rejected")
    assert body["stored"] is True
    assert [p["row"] for p in body["problems"]] == [2]
    assert list(Offering.objects.values_list("external_id", flat=True)) == ["mine"]


def test_changes_are_recorded_with_actor_channel_and_old_and_new_values(api, coordinator):
    assert _import(api, row(quarter="Borbeck-Mitte")).status_code == 200
    assert (
        _import(api, row(quarter="Borbeck-Mitte", title="Sprachcafé am Markt")).status_code == 200
    )
    created, updated = OfferingEvent.objects.order_by("id")
    assert (created.kind, created.channel, created.actor) == ("created", "api", coordinator)
    assert created.changes["title"] == {"new": "Sprachcafé"}
    assert (updated.kind, updated.actor) == ("updated", coordinator)
    assert updated.changes == {"title": {"old": "Sprachcafé", "new": "Sprachcafé am Markt"}}


def test_the_central_office_imports_for_the_whole_city(central_api, central):
    response = _import(central_api, row(), row(external_id="o2", quarter="", citywide=True))
    assert response.status_code == 200, response.content
    assert OfferingEvent.objects.filter(actor=central, channel="api").count() == 2


def test_the_change_log_is_append_only(central_api):
    _import(central_api, row())
    event = OfferingEvent.objects.get()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM offerings_offeringevent WHERE id = %s", [event.pk])
    assert OfferingEvent.objects.count() == 1


def test_admin_edits_are_recorded(client, central_api, essen):
    _import(central_api, row())
    offering = Offering.objects.get()
    admin = UserFactory(username="chef", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:offerings_offering_change", args=[offering.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        title="Sprachcafé (neu)",
        target_groups=offering.target_groups,
        topics=offering.topics,
        active="on",
    )
    data.pop("citywide", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = OfferingEvent.objects.filter(channel="admin").get()
    assert event.actor == admin
    assert event.changes["title"] == {"old": "Sprachcafé", "new": "Sprachcafé (neu)"}
