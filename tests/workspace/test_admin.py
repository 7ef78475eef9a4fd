"""The admin keeps reference data; it never changes a case's state or the audit trail."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from backend.cases.models import Case, CaseEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(essen) -> Client:
    client = Client()
    client.force_login(UserFactory(username="admin-demo", is_staff=True, is_superuser=True))
    return client


def test_admin_cannot_change_a_cases_state(admin_client_: Client, idea_case) -> None:
    url = reverse("admin:cases_case_change", args=[idea_case.pk])
    page = admin_client_.get(url)

    response = admin_client_.post(url, {"state": "closed", "version": "99", "title": "Neu"})

    assert page.status_code == 200
    assert 'name="state"' not in page.content.decode()
    assert response.status_code == 403
    fresh = Case.objects.get(pk=idea_case.pk)
    assert (fresh.state, fresh.version, fresh.title) == ("idea", 1, idea_case.title)
    case_admin = admin.site._registry[Case]
    assert {"state", "version"} <= set(case_admin.get_readonly_fields(page.wsgi_request))


def test_admin_cannot_add_or_delete_cases(admin_client_: Client, idea_case) -> None:
    assert admin_client_.get(reverse("admin:cases_case_add")).status_code == 403
    delete = reverse("admin:cases_case_delete", args=[idea_case.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert Case.objects.filter(pk=idea_case.pk).exists()


def test_case_events_are_read_only_in_the_admin(admin_client_: Client, idea_case) -> None:
    event = CaseEvent.objects.filter(case=idea_case).first()

    assert admin_client_.get(reverse("admin:cases_caseevent_add")).status_code == 403
    change = reverse("admin:cases_caseevent_change", args=[event.pk])
    assert admin_client_.get(change).status_code == 200
    assert admin_client_.post(change, {"kind": "record"}).status_code == 403
    delete = reverse("admin:cases_caseevent_delete", args=[event.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert CaseEvent.objects.get(pk=event.pk).kind == "created"


@pytest.mark.parametrize(
    "model",
    [
        "areas_city",
        "areas_area",
        "areas_office",
        "areas_coordinatorassignment",
        "programs_fundingprogram",
        "offerings_offering",
        "associations_association",
        "accounts_user",
        "cases_case",
        "cases_caseevent",
    ],
)
def test_reference_data_pages_open_in_the_admin(admin_client_: Client, model, idea_case) -> None:
    assert admin_client_.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_programme_budget_commitment_is_read_only(admin_client_: Client, program) -> None:
    page = admin_client_.get(reverse("admin:programs_fundingprogram_change", args=[program.pk]))

    assert page.status_code == 200
    assert 'name="budgets-0-committed"' not in page.content.decode()


def test_quarter_must_belong_to_a_district_of_its_city(essen) -> None:
    """A quarter under itself or under another quarter had no district: its ideas got the
    reference "-2026-0001" and no coordinator."""
    from django.core.exceptions import ValidationError

    from backend.areas.models import Area, AreaKind

    borbeck = Area.objects.get(city=essen, kind=AreaKind.QUARTER, name="Borbeck-Mitte")
    dellwig = Area.objects.get(city=essen, kind=AreaKind.QUARTER, name="Dellwig")
    for parent in (borbeck, dellwig):
        borbeck.parent = parent
        with pytest.raises(ValidationError) as refused:
            borbeck.full_clean()
        assert "Bitte einen Stadtbezirk wählen." in str(refused.value)


def test_admin_refuses_an_offering_in_a_quarter_of_another_city(admin_client_: Client, essen):
    from backend.areas.models import Area, AreaKind, City
    from backend.areas.services import areas_load_reference
    from backend.offerings.models import Offering

    areas_load_reference(city_slug="oberhausen")
    elsewhere = Area.objects.filter(
        city=City.objects.get(slug="oberhausen"), kind=AreaKind.QUARTER
    ).first()
    assert elsewhere is not None
    offering = Offering.objects.create(
        city=essen, title="Sprachcafé", citywide=True, external_id="x1", source="test"
    )
    url = reverse("admin:offerings_offering_change", args=[offering.pk])
    data = {
        "city": essen.pk,
        "title": "Sprachcafé",
        "quarter": elsewhere.pk,
        "citywide": "",
        "active": "on",
        "source": "test",
        "external_id": "x1",
    }

    response = admin_client_.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"quarter": ["Dieser Stadtteil gehört zu einer anderen Stadt."]}, errors
    assert Offering.objects.get(pk=offering.pk).quarter is None


def _committed_budget(program, committed: str = "2500"):
    from decimal import Decimal

    from tests.factories import booked_budget

    budget = booked_budget(program)
    budget.committed = Decimal(committed)
    budget.save()
    return budget


def test_a_budget_cannot_be_lowered_below_its_commitments(program) -> None:
    from backend.programs.admin import ProgramBudgetForm

    budget = _committed_budget(program)

    form = ProgramBudgetForm({"year": budget.year, "amount": "1000"}, instance=budget)

    assert not form.is_valid()
    assert form.errors["amount"] == [
        "Aus diesem Budget sind schon 2.500,00 € bewilligt; es kann nicht kleiner werden."
    ]
    assert ProgramBudgetForm({"year": budget.year, "amount": "2500"}, instance=budget).is_valid()


def test_a_budget_with_commitments_cannot_be_deleted_in_the_admin(program) -> None:
    from django.forms import inlineformset_factory

    from backend.programs.admin import ProgramBudgetForm, ProgramBudgetFormSet
    from backend.programs.models import FundingProgram, ProgramBudget

    budget = _committed_budget(program)
    formset_class = inlineformset_factory(
        FundingProgram,
        ProgramBudget,
        form=ProgramBudgetForm,
        formset=ProgramBudgetFormSet,
        extra=0,
        can_delete=True,
    )
    data = {
        "budgets-TOTAL_FORMS": str(program.budgets.count()),
        "budgets-INITIAL_FORMS": str(program.budgets.count()),
    }
    for index, row in enumerate(program.budgets.order_by("-year")):
        data |= {
            f"budgets-{index}-id": str(row.pk),
            f"budgets-{index}-program": str(program.pk),
            f"budgets-{index}-year": str(row.year),
            f"budgets-{index}-amount": str(row.amount),
        }
        if row.pk == budget.pk:
            data[f"budgets-{index}-DELETE"] = "on"

    formset = formset_class(data, instance=program, prefix="budgets")

    assert not formset.is_valid()
    assert formset.non_form_errors() == [
        f"Das Budget {budget.year} kann nicht gelöscht werden: daraus sind schon "
        "2.500,00 € bewilligt."
    ]


def test_the_database_keeps_a_budget_with_commitments(program) -> None:
    from django.db import IntegrityError, transaction

    budget = _committed_budget(program)

    with pytest.raises(IntegrityError, match="cannot be deleted"), transaction.atomic():
        budget.delete()
    budget.refresh_from_db()
    assert budget.committed == 2500


def test_a_budget_with_commitments_keeps_its_year(program) -> None:
    from django.db import IntegrityError, transaction

    from backend.programs.admin import ProgramBudgetForm

    budget = _committed_budget(program)
    form = ProgramBudgetForm(
        {"year": budget.year + 5, "amount": str(budget.amount)}, instance=budget
    )

    assert form.fields["year"].disabled
    assert form.is_valid()
    assert form.cleaned_data["year"] == budget.year  # the posted year is ignored
    with pytest.raises(IntegrityError, match="year cannot change"), transaction.atomic():
        type(budget).objects.filter(pk=budget.pk).update(year=budget.year + 5)
    budget.refresh_from_db()
    assert budget.committed == 2500
