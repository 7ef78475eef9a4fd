"""Access and erasure requests (issue #17): the central office exports everything stored about
an association or contact (checked against the models' fields) and erases (anonymises) where
no retention duty applies; the association downloads its own case data from its status page."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.db import models
from django.urls import reverse

from backend.associations.models import Association, ContactPerson
from backend.cases.audit_chain import audit_chain_verify
from backend.cases.models import Case, CaseEvent
from backend.cases.services.anonymisation import PLACEHOLDER
from backend.cases.services.links import add_months, case_finished_at
from backend.privacy.export import CASE_RECORDS, EXCLUDED, contact_export, record_fields
from tests.documents.files import PDF
from tests.factories import UserFactory, move, submit_idea
from tests.intake.helpers import case_with_token
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def central(client):
    user = UserFactory(username="zentrale-ds", is_central_office=True)
    client.force_login(user)
    return user


def _unzip(content: bytes) -> tuple[dict, dict[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("daten.json")), files


def _attnames(model) -> set[str]:
    return {field.attname for field in model._meta.concrete_fields}


def test_every_model_that_points_to_a_case_is_exported():
    exported: set[type[models.Model]] = {model for _key, model, _path, _many in CASE_RECORDS}
    pointing: set[object] = set()
    candidates: list[type[models.Model]] = [Case, *exported]
    for model in candidates:
        pointing |= {
            rel.related_model
            for rel in model._meta.related_objects
            if rel.related_model not in (Case, Association, ContactPerson)
        }
    assert pointing <= exported


def test_the_export_contains_every_field_stored_about_a_contact(closed_case, central):
    contact = ContactPerson.objects.get(pk=closed_case.contact_id)

    data, files = _unzip(contact_export(contact, user=central))

    # the contact and the association: every stored field, nothing excluded
    assert set(data["contacts"][0]) == _attnames(ContactPerson)
    assert data["contacts"][0]["email"] == "ayse@example.org"
    assert set(data["association"]) == _attnames(Association)
    (case,) = data["cases"]
    assert set(case) - {key for key, *_ in CASE_RECORDS} == _attnames(Case) - {
        Case._meta.get_field(name).attname for model, name in EXCLUDED if model is Case
    }
    for key, model, _path, many in CASE_RECORDS:
        fields = {f.attname for f in record_fields(model)}
        assert fields == _attnames(model) - {
            model._meta.get_field(name).attname for m, name in EXCLUDED if m is model
        }
        rows = case[key] if many else [case[key]]
        for row in rows:
            if row is not None:
                extra = {"file_in_export"} if key == "documents" else set()
                assert set(row) == fields | extra, key
    for key in ("advice_sessions", "financing_plan_lines", "decision", "report", "receipts"):
        assert case[key], key  # the fixture's records are there
    assert "tracking_token_hash" not in json.dumps(data)
    # the documents themselves
    uploaded = [d for d in case["documents"] if d["original_name"] == "protokoll-demir.pdf"]
    assert files[uploaded[0]["file_in_export"]] == PDF
    assert len(files) == len(case["documents"])  # the Bescheid too
    assert any("Frau Demir" in e["comment"] for e in case["events"])


def test_only_the_central_office_exports(client, closed_case, coordinator):
    client.force_login(coordinator)
    url = reverse("workspace:privacy_contact_export", args=[closed_case.contact_id])
    assert client.get(url).status_code == 403
    assert client.get(reverse("workspace:privacy")).status_code == 403


def test_the_central_office_finds_and_exports_an_association(client, closed_case, central):
    page = client.get(reverse("workspace:privacy"), {"q": "ayse@example"})
    assert page.status_code == 200
    assert "Kulturbrücke" in page.content.decode() or "Verein" in page.content.decode()

    response = client.get(
        reverse("workspace:privacy_association_export", args=[closed_case.association_id])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data, files = _unzip(response.content)
    assert [c["reference"] for c in data["cases"]] == [closed_case.reference]
    assert len(files) == len(data["cases"][0]["documents"]) >= 1
    assert client.get(reverse("workspace:privacy_contact_export", args=["x"])).status_code == 404


def test_erasure_is_refused_during_the_retention_duty(client, closed_case, central):
    before = list(CaseEvent.objects.values_list("id", "hash"))
    url = reverse("workspace:privacy_association_erase", args=[closed_case.association_id])

    response = client.post(url, {"confirm": "yes"}, follow=True)

    html = response.content.decode()
    assert "Aufbewahrungspflicht für Belege bis" in html
    assert closed_case.reference in html
    assert Case.objects.get(pk=closed_case.pk).anonymised_at is None
    assert ContactPerson.objects.get(pk=closed_case.contact_id).email == "ayse@example.org"
    assert list(CaseEvent.objects.values_list("id", "hash")) == before


def test_erasure_is_refused_for_an_open_case_and_without_confirmation(client, central, actor):
    case = move(submit_idea(), "start_advice", actor)
    url = reverse("workspace:privacy_contact_erase", args=[case.contact_id])

    unconfirmed = client.post(url, {}, follow=True)
    refused = client.post(url, {"confirm": "yes"}, follow=True)

    assert "Bitte bestätigen Sie das Löschen." in unconfirmed.content.decode()
    assert "ist noch nicht abgeschlossen" in refused.content.decode()
    assert ContactPerson.objects.get(pk=case.contact_id).name != PLACEHOLDER


def test_erasure_anonymises_a_withdrawn_idea_at_once(client, central, actor):
    case = move(
        submit_idea(), "refer", actor, {"referral_kind": "other_funder", "reason": "Land NRW"}
    )
    url = reverse("workspace:privacy_association_erase", args=[case.association_id])

    response = client.post(url, {"confirm": "yes"}, follow=True)

    assert "wurden anonymisiert" in response.content.decode()
    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert ContactPerson.objects.get(pk=case.contact_id).name == PLACEHOLDER
    assert Association.objects.get(pk=case.association_id).street == ""
    last = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert last.payload["anonymisation"] == "erasure"
    assert last.actor_id == central.pk
    assert audit_chain_verify().intact


def test_erasure_after_the_retention_duty_is_allowed(client, closed_case, central, time_machine):
    closed_at = case_finished_at(Case.objects.get(pk=closed_case.pk))
    time_machine.move_to(add_months(closed_at, 60) + dt.timedelta(hours=1))
    client.force_login(central)  # five years later: a new session
    url = reverse("workspace:privacy_contact_erase", args=[closed_case.contact_id])

    client.post(url, {"confirm": "yes"})

    assert Case.objects.get(pk=closed_case.pk).anonymised_at is not None


def test_the_association_downloads_its_own_case_data(client, coordinator):
    case, token = case_with_token()
    status = client.get(reverse("intake:status", kwargs={"token": token})).content.decode()
    url = reverse("intake:status_data", kwargs={"token": token})
    assert url in status

    response = client.get(url)

    assert response.status_code == 200
    data, _files = _unzip(response.content)
    assert data["cases"][0]["reference"] == case.reference
    assert data["contacts"][0]["email"] == "ayse@example.org"
    assert "events" not in data["cases"][0]  # coordinators' own notes stay internal
    assert "advice_sessions" not in data["cases"][0]
    assert client.get(reverse("intake:status_data", kwargs={"token": "falsch"})).status_code == 404


def test_anonymised_actor_label_is_unchanged_for_staff(closed_case):
    """Staff names stay in the audit trail (accountability); the applicant's never was there."""
    labels = set(CaseEvent.objects.values_list("actor_label", flat=True))
    assert all("Demir" not in label for label in labels)
    assert Actor.system().kind == "system"


def test_a_city_exports_only_its_own_cases_of_an_association_in_two_cities(
    client, closed_case, central
):
    """Issue #24: the association is one record, its cases belong to cities. Essen's central
    office answers an access request with Essen's cases and contacts; Oberhausen's case and
    the person who handled it there stay with Oberhausen."""
    from backend.areas.models import Area
    from backend.areas.services import areas_load_reference

    areas_load_reference(city_slug="oberhausen")
    ob_quarter = Area.objects.filter(city__slug="oberhausen", kind="quarter").first()
    ob_case = submit_idea(idea={"quarter": ob_quarter, "title": "Nähcafé in Oberhausen"})
    assert ob_case.association_id == closed_case.association_id
    ob_contact = ContactPerson.objects.create(
        association=ob_case.association, name="Ole Oberhausen", email="ole@example.org"
    )
    Case.objects.filter(pk=ob_case.pk).update(contact=ob_contact)

    response = client.get(
        reverse("workspace:privacy_association_export", args=[closed_case.association_id])
    )

    data, _files = _unzip(response.content)
    assert [c["reference"] for c in data["cases"]] == [closed_case.reference]
    assert "Nähcafé" not in response.content.decode("latin-1")
    assert [c["email"] for c in data["contacts"]] == ["ayse@example.org"]
    person = client.get(reverse("workspace:privacy_contact_export", args=[ob_contact.pk]))
    assert person.status_code == 404
    found = client.get(reverse("workspace:privacy"), {"q": "Kulturbrücke"}).content.decode()
    assert "ayse@example.org" in found
    assert "Ole Oberhausen" not in found
    by_mail = client.get(reverse("workspace:privacy"), {"q": "ole@example"}).content.decode()
    assert "Kulturbrücke" not in by_mail
