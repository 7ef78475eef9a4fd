"""The financing plan has one rule set (backend.cases.forms.FinancingPlanForm) for the
workspace, the status page and the API; shared field rules live in backend.common.fields."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.serializers.cases import FinancingPlanWriteSerializer
from backend.cases.forms import FinancingPlanForm
from backend.common.fields import ends_before_start
from backend.intake.status_forms import ApplicationForm
from backend.programs.models import FundingProgram

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (date(2027, 5, 2), date(2027, 5, 1), True),
        (date(2027, 5, 1), date(2027, 5, 1), False),  # a one-day project
        (None, date(2027, 5, 1), False),  # incomplete: the guards say so, not this rule
        (date(2027, 5, 1), None, False),
    ],
)
def test_ends_before_start(start, end, refused):
    assert ends_before_start(start, end) is refused


FIGURES = {
    "financing_type": "fehlbedarf",
    "own_share": "300",
    "third_party": "0",
    "requested_amount": "2700",
    "funding_start": "2027-05-02",
    "funding_end": "2027-05-01",
}


def test_every_channel_refuses_a_plan_that_ends_before_it_starts(advice_case):
    workspace = FinancingPlanForm(FIGURES, programs=FundingProgram.objects.all())
    status_page = ApplicationForm(FIGURES, case=advice_case)
    api = FinancingPlanWriteSerializer(data={**FIGURES, "program": None, "lines": []})

    assert not workspace.is_valid()
    assert not status_page.is_valid()
    assert not api.is_valid()
    assert workspace.errors["funding_end"] == ["Das Ende muss nach dem Beginn liegen."]
    assert status_page.errors["funding_end"] == ["Das Projektende muss nach dem Beginn liegen."]
    assert [str(m) for m in api.errors["funding_end"]] == workspace.errors["funding_end"]


def test_the_status_page_asks_the_plan_without_its_financing_type(advice_case):
    form = ApplicationForm(case=advice_case)

    assert isinstance(form, FinancingPlanForm)
    assert "financing_type" not in form.fields
    assert set(form.fields) == set(FinancingPlanForm.base_fields) - {"financing_type"}


def test_a_programme_is_offered_with_the_limits_its_guards_check(advice_case, program, client):
    from decimal import Decimal

    program.min_own_share_percent = Decimal("12.5")
    program.save()
    expected = "Integrationsbudget Essen (höchstens 5.000,00 €, Eigenanteil mindestens 12,5 %)"

    workspace = FinancingPlanForm(programs=FundingProgram.objects.filter(pk=program.pk))
    status_page = ApplicationForm(case=advice_case)

    workspace_field: Any = workspace.fields["program"]
    status_field: Any = status_page.fields["program"]
    assert [label for _pk, label in workspace_field.choices][1:] == [expected]
    assert expected in [label for _pk, label in status_field.choices]
