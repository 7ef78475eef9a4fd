"""The private status page: only the token's case is reachable, and every action's bad paths."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from backend.cases.models import Case, CaseEvent, ChangeRequest, FinancingPlanLine
from backend.cases.services import case_reassign
from tests.factories import approve_data, complete_plan, move, receipts_for, to_period_end
from tests.intake.helpers import case_with_token
from workflows.actors import Actor
from workflows.audit import case_event_record

pytestmark = pytest.mark.django_db


def url(name: str, token: str) -> str:
    return reverse(f"intake:{name}", kwargs={"token": token})


@pytest.fixture
def idea(coordinator):
    return case_with_token()


@pytest.fixture
def advice(idea, coordinator):
    case, token = idea
    return move(case, "start_advice", Actor.for_user(coordinator)), token


@pytest.fixture
def other_advice(coordinator):
    case, token = case_with_token(title="Nähcafé", email="other@example.org")
    return move(case, "start_advice", Actor.for_user(coordinator)), token


def plan_post(prog, **overrides):
    start = timezone.localdate() + timedelta(days=30)
    data = {
        "program": str(prog.pk),
        "own_share": "300",
        "third_party": "0",
        "requested_amount": "2.700",
        "funding_start": start.isoformat(),
        "funding_end": (start + timedelta(days=150)).isoformat(),
        "line-TOTAL_FORMS": "3",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "40",
        "line-0-label": "Honorare",
        "line-0-amount": "2.700",
        "line-1-label": "Material",
        "line-1-amount": "300",
        "line-2-label": "",
        "line-2-amount": "",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- Reaching the page -------------------------------------------------------------------------


def test_status_page_shows_state_in_plain_words_and_the_coordinator(client, idea):
    case, token = idea

    response = client.get(url("status", token))

    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html
    assert "Ihre Idee ist bei uns angekommen." in html
    assert "Beratungsgespräch" in html  # what happens next
    assert "Marktstraße 22" in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_status_page_in_english_under_en(client, idea):
    response = client.get("/en" + url("status", idea[1]))

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_wrong_token_is_404_and_shows_nothing_of_any_case(client, idea):
    case, _token = idea

    response = client.get(url("status", "not-the-token"))

    html = response.content.decode()
    assert response.status_code == 404
    assert "Diesen Statuslink kennen wir nicht" in html
    assert case.reference not in html


@pytest.mark.parametrize("name", ["status_answer", "status_application", "status_report"])
def test_wrong_token_is_404_for_every_action(client, idea, name):
    response = client.post(url(name, "x" * 43), {})

    assert response.status_code == 404


@override_settings(RATE_LIMITS={"token-miss": (3, 600)})
def test_too_many_wrong_tokens_pause_the_address_even_for_a_right_token(client, idea):
    _case, token = idea
    for attempt in range(3):
        assert client.get(url("status", f"guess-{attempt}")).status_code == 404

    response = client.get(url("status", token))

    assert response.status_code == 429
    assert "Bitte warten Sie kurz" in response.content.decode()
    other_address = client.get(url("status", token), REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 200


def test_timeline_leaves_out_internal_details(client, idea, coordinator, essen):
    case, token = idea
    move(case, "start_advice", Actor.for_user(coordinator), {"comment": "intern: Verein bekannt"})
    case_event_record(
        case=case,
        actor=Actor.for_user(coordinator),
        kind="assessment",
        comment="Überschneidung mit Angebot X geprüft",
    )
    central = essen.central_queue
    central.is_central_office = True
    case.refresh_from_db()
    case_reassign(case=case, actor=Actor.for_user(central), to_user=coordinator, comment="intern")

    html = client.get(url("status", token)).content.decode()

    assert "Idee eingereicht." in html
    assert "Die Beratung hat begonnen." in html
    assert "intern" not in html
    assert "Überschneidung mit Angebot X" not in html
    assert str(coordinator.username) not in html


# --- Change requests ---------------------------------------------------------------------------


@pytest.fixture
def with_change_request(advice, coordinator, program):
    case, token = advice
    complete_plan(case, Actor.applicant(case), program)
    move(case, "submit_application", Actor.applicant(case))
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    case = move(
        case,
        "request_changes",
        Actor.for_user(coordinator),
        {"message": "Bitte Kostenvoranschlag nachreichen.", "due_on": due},
    )
    return case, token, case.change_requests.get()


def test_answer_a_change_request(client, with_change_request):
    _case, token, change_request = with_change_request
    page = client.get(url("status", token)).content.decode()
    assert "Bitte Kostenvoranschlag nachreichen." in page

    response = client.post(
        url("status_answer", token), {"change_request": change_request.pk, "response": "Liegt bei."}
    )

    assert response.status_code == 302
    change_request.refresh_from_db()
    assert change_request.response == "Liegt bei."
    assert (
        "Danke! Ihre Antwort ist gespeichert." in client.get(url("status", token)).content.decode()
    )


def test_empty_answer_is_refused_at_the_field(client, with_change_request):
    _case, token, change_request = with_change_request

    response = client.post(
        url("status_answer", token), {"change_request": change_request.pk, "response": "  "}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Antwort." in html
    assert f'id="cr{change_request.pk}-response-error"' in html


def test_answer_to_another_cases_change_request_changes_nothing(
    client, with_change_request, coordinator
):
    _case, token, _mine = with_change_request
    other, _other_token = case_with_token(title="Andere Idee", email="x@example.org")
    theirs = ChangeRequest.objects.create(
        case=other, message="Fehlt etwas", due_on=timezone.localdate() + timedelta(days=3)
    )

    response = client.post(
        url("status_answer", token), {"change_request": theirs.pk, "response": "gekapert"}
    )

    assert response.status_code == 400
    assert "Diese Nachforderung gibt es nicht." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.response == ""
    assert not CaseEvent.objects.filter(case=other, kind="record").exists()


@pytest.mark.parametrize("bad", ["", "abc", "-1"])
def test_answer_with_a_broken_id_is_refused(client, with_change_request, bad):
    _case, token, change_request = with_change_request

    response = client.post(url("status_answer", token), {"change_request": bad, "response": "x"})

    assert response.status_code == 400
    change_request.refresh_from_db()
    assert change_request.response == ""


# --- Application -------------------------------------------------------------------------------


def test_application_form_appears_once_advice_has_started(client, idea, advice):
    _case, token = advice

    html = client.get(url("status", token)).content.decode()

    assert "Ihr Antrag" in html
    assert "Bevor Sie den Antrag absenden können, fehlt noch:" in html
    assert "Bitte wählen Sie ein aktives Förderprogramm." in html


def test_application_form_is_not_there_before_advice(client, idea):
    assert "Ihr Antrag" not in client.get(url("status", idea[1])).content.decode()


def test_save_draft_keeps_the_state_and_stores_the_plan(client, advice, program):
    case, token = advice

    response = client.post(url("status_application", token), plan_post(program))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "advice"
    plan = case.financing_plan
    assert plan.requested_amount == Decimal("2700")
    assert [(line.label, line.amount) for line in plan.lines.all()] == [
        ("Honorare", Decimal("2700")),
        ("Material", Decimal("300")),
    ]
    html = client.get(url("status", token)).content.decode()
    assert "Ihr Entwurf ist gespeichert." in html
    assert 'value="Honorare"' in html


def test_submit_complete_application(client, advice, program):
    case, token = advice

    response = client.post(url("status_application", token), plan_post(program, action="submit"))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "application"
    assert "Ihr Antrag ist eingereicht." in client.get(url("status", token)).content.decode()


def test_application_sent_twice_says_it_is_in_and_changes_nothing(client, advice, program):
    case, token = advice
    client.post(url("status_application", token), plan_post(program, action="submit"))
    events = case.events.count()

    response = client.post(
        url("status_application", token), plan_post(program, action="submit"), follow=True
    )

    assert "Ihr Antrag ist bereits eingereicht." in response.content.decode()
    assert "Bitte prüfen Sie" not in response.content.decode()
    assert case.events.count() == events
    assert Case.objects.get(pk=case.pk).state == "application"


def test_submit_incomplete_application_shows_guards_in_german_and_keeps_the_draft(
    client, advice, program
):
    case, token = advice

    response = client.post(
        url("status_application", token), plan_post(program, action="submit", own_share="0")
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "noch nicht abgeschickt" in html
    assert "müssen zusammen die Gesamtkosten ergeben" in html
    case.refresh_from_db()
    assert case.state == "advice"
    assert case.financing_plan.own_share == 0  # the draft is saved


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"own_share": "-1"}, "Der Betrag darf nicht negativ sein."),
        ({"requested_amount": "zweitausend"}, "Bitte geben Sie einen Betrag in Euro an"),
        ({"line-0-amount": ""}, "Bitte geben Sie den Betrag an."),
        ({"line-1-label": ""}, "Bitte beschreiben Sie, wofür das Geld ist."),
        ({"line-0-amount": "0"}, "Der Betrag muss größer als 0 sein."),
        ({"line-0-label": "x" * 201}, "Bitte höchstens 200 Zeichen."),
        ({"funding_start": "morgen"}, "Bitte geben Sie ein Datum an"),
        ({"funding_end": "2020-01-01"}, "Das Projektende muss nach dem Beginn liegen."),
        ({"program": "999999"}, "Bitte wählen Sie ein Förderprogramm aus der Liste."),
    ],
)
def test_invalid_application_comes_back_with_the_message_and_the_input(
    client, advice, program, overrides, message
):
    case, token = advice

    response = client.post(url("status_application", token), plan_post(program, **overrides))

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert 'value="Honorare"' in html or overrides.get("line-0-label")
    assert not hasattr(Case.objects.get(pk=case.pk), "financing_plan")


def test_programme_of_another_city_cannot_be_chosen(client, advice, program):
    from backend.areas.services import areas_load_reference
    from backend.programs.models import FundingProgram

    areas_load_reference(city_slug="oberhausen")
    foreign = FundingProgram.objects.create(
        city=program.city.__class__.objects.get(slug="oberhausen"),
        name="Fremd",
        funder="Oberhausen",
        max_amount_per_case=Decimal("9999"),
    )
    _case, token = advice

    response = client.post(url("status_application", token), plan_post(foreign))

    assert response.status_code == 400
    assert "Bitte wählen Sie ein Förderprogramm aus der Liste." in response.content.decode()


def test_tampered_plan_line_ids_cannot_touch_another_case(client, advice, other_advice, program):
    case, token = advice
    other, _ = other_advice
    complete_plan(other, Actor.applicant(other), program)
    their_lines = list(other.financing_plan.lines.values_list("pk", "label", "amount"))

    data = plan_post(
        program,
        **{
            "line-0-id": str(their_lines[0][0]),
            "line-INITIAL_FORMS": "1",
            "plan": "1",
            "case": "1",
        },
    )
    response = client.post(url("status_application", token), data)

    assert response.status_code == 302
    assert list(other.financing_plan.lines.values_list("pk", "label", "amount")) == their_lines
    assert case.financing_plan.lines.count() == 2


def test_application_cannot_be_changed_after_submission(client, advice, program):
    case, token = advice
    client.post(url("status_application", token), plan_post(program, action="submit"))

    response = client.post(url("status_application", token), plan_post(program, own_share="1"))

    assert response.status_code == 400
    assert "nur in der Beratungsphase" in response.content.decode()
    assert Case.objects.get(pk=case.pk).financing_plan.own_share == Decimal("300")


# --- Decision and report -----------------------------------------------------------------------


@pytest.fixture
def decided(advice, coordinator, program):
    case, token = advice
    complete_plan(case, Actor.applicant(case), program)
    move(case, "submit_application", Actor.applicant(case))
    return move(case, "approve", Actor.for_user(coordinator), approve_data()), token


@pytest.fixture
def ready(decided, time_machine):
    """The decided case at the end of its period, with a Belegliste of 100 € per line."""
    case, token = decided
    to_period_end(time_machine, case)
    receipts_for(case, ["100", "100"])
    return case, token


def test_decision_and_report_form_are_shown(client, ready):
    case, token = ready

    html = client.get(url("status", token)).content.decode()

    assert "Bewilligt am" in html
    assert "2.700,00" in html
    assert "Verwendungsnachweis" in html
    for line in case.financing_plan.lines.all():
        assert f'name="spent_{line.pk}"' in html


def test_submit_report(client, ready):
    case, token = ready
    data = {"narrative": "Zwölf Treffen mit 15 Eltern."}
    data.update({f"spent_{line.pk}": "100" for line in case.financing_plan.lines.all()})

    response = client.post(url("status_report", token), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "report"
    assert case.report.spent_total == Decimal("200")


def test_report_sent_back_for_changes_starts_from_what_was_sent(
    client, decided, coordinator, time_machine
):
    case, token = decided
    to_period_end(time_machine, case)
    receipts_for(case, ["1234.50", "1234.50"])
    data = {"narrative": "Zwölf Treffen mit 15 Eltern."}
    data.update({f"spent_{line.pk}": "1.234,50" for line in case.financing_plan.lines.all()})
    client.post(url("status_report", token), data)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    move(
        Case.objects.get(pk=case.pk),
        "request_report_changes",
        Actor.for_user(coordinator),
        {"message": "Belege fehlen", "due_on": due},
    )

    html = client.get(url("status", token)).content.decode()

    assert "Zwölf Treffen mit 15 Eltern.</textarea>" in html
    for line in case.financing_plan.lines.all():
        assert re.search(rf'name="spent_{line.pk}"[^>]*value="1.234,50"', html)


def test_report_sent_twice_says_it_is_in_and_changes_nothing(client, ready):
    case, token = ready
    data = {"narrative": "Zwölf Treffen mit 15 Eltern."}
    data.update({f"spent_{line.pk}": "100" for line in case.financing_plan.lines.all()})
    client.post(url("status_report", token), data)
    events = case.events.count()

    response = client.post(url("status_report", token), data, follow=True)

    assert response.status_code == 200
    assert "Ihr Verwendungsnachweis ist bereits eingereicht." in response.content.decode()
    assert case.events.count() == events
    assert Case.objects.get(pk=case.pk).state == "report"


def test_report_needs_narrative_and_every_line(client, ready):
    case, token = ready
    first = case.financing_plan.lines.first()

    response = client.post(url("status_report", token), {"narrative": "", f"spent_{first.pk}": "1"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte beschreiben Sie, wie das Projekt gelaufen ist." in html
    assert "Bitte geben Sie an, was Sie ausgegeben haben." in html
    assert Case.objects.get(pk=case.pk).state == "decision"


def test_report_ignores_plan_lines_of_another_case(client, ready, other_advice, program):
    case, token = ready
    other, _ = other_advice
    complete_plan(other, Actor.applicant(other), program)
    foreign = other.financing_plan.lines.first()
    data = {"narrative": "Gut gelaufen.", f"spent_{foreign.pk}": "999"}
    data.update({f"spent_{line.pk}": "100" for line in case.financing_plan.lines.all()})

    client.post(url("status_report", token), data)

    case.refresh_from_db()
    assert str(foreign.pk) not in case.report.spent_by_line
    assert FinancingPlanLine.objects.get(pk=foreign.pk).amount == foreign.amount


# --- Withdraw ----------------------------------------------------------------------------------


def test_withdraw_asks_first_then_withdraws(client, idea):
    case, token = idea

    confirm = client.get(url("status_withdraw", token))
    assert "Möchten Sie Ihre Idee wirklich zurückziehen?" in confirm.content.decode()
    assert Case.objects.get(pk=case.pk).state == "idea"

    response = client.post(url("status_withdraw", token), {"reason": "Keine Zeit mehr."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "withdrawn"
    assert case.withdrawal_reason == "Keine Zeit mehr."
    html = client.get(url("status", token)).content.decode()
    assert "Sie haben Ihre Idee zurückgezogen." in html
    assert url("status_withdraw", token) not in html


def test_withdraw_is_refused_after_the_decision(client, decided):
    case, token = decided

    response = client.post(url("status_withdraw", token), {})

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == "decision"
    assert (
        "kann nicht mehr zurückgezogen werden" in client.get(url("status", token)).content.decode()
    )


def test_withdraw_reason_has_a_length_limit(client, idea):
    case, token = idea

    response = client.post(url("status_withdraw", token), {"reason": "x" * 2001})

    assert response.status_code == 400
    assert "höchstens 2000 Zeichen" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == "idea"


# --- After an answer: the next step is said, and the inbox shows the answer -----------------


def test_after_answering_the_association_is_told_to_send_the_application_again(
    client, with_change_request
):
    _case, token, change_request = with_change_request
    assert "Nächster Schritt" not in client.get(url("status", token)).content.decode()

    client.post(
        url("status_answer", token), {"change_request": change_request.pk, "response": "Anbei."}
    )
    html = client.get(url("status", token)).content.decode()

    assert (
        "Danke! Ihre Antwort ist gespeichert. Nächster Schritt: Prüfen Sie unten Ihren Antrag "
        "und senden Sie ihn erneut ab – erst dann sieht die Koordination ihn wieder."
    ) in html
    assert 'id="naechster-schritt"' in html
    assert '<a href="#application">Zum Antrag</a>' in html


def test_the_next_step_is_gone_once_the_application_is_sent_again(client, with_change_request):
    case, token, change_request = with_change_request
    client.post(
        url("status_answer", token), {"change_request": change_request.pk, "response": "Anbei."}
    )
    move(Case.objects.get(pk=case.pk), "submit_application", Actor.applicant(case))

    assert 'id="naechster-schritt"' not in client.get(url("status", token)).content.decode()


def test_after_answering_a_report_request_the_report_is_to_be_sent_again(
    client, ready, coordinator
):
    case, token = ready
    data = {"narrative": "Zwölf Treffen."}
    data.update({f"spent_{line.pk}": "100" for line in case.financing_plan.lines.all()})
    client.post(url("status_report", token), data)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    case = move(
        Case.objects.get(pk=case.pk),
        "request_report_changes",
        Actor.for_user(coordinator),
        {"message": "Belege fehlen", "due_on": due},
    )
    request = case.change_requests.get(for_report=True)

    client.post(url("status_answer", token), {"change_request": request.pk, "response": "Anbei."})
    html = client.get(url("status", token)).content.decode()

    assert "Nächster Schritt: Prüfen Sie unten Ihren Verwendungsnachweis" in html
    assert '<a href="#report">Zum Verwendungsnachweis</a>' in html


def test_the_inbox_marks_a_case_whose_change_request_was_answered(
    client, with_change_request, coordinator
):
    case, token, change_request = with_change_request
    client.force_login(coordinator)

    def marked() -> list[str]:
        response = client.get(reverse("workspace:inbox"))
        page = response.content.decode()
        return [c.reference for c in response.context["page"] if c.answered_requests] + (
            ["page"] if "Nachforderung beantwortet" in page else []
        )

    assert marked() == []
    client.post(
        url("status_answer", token), {"change_request": change_request.pk, "response": "Anbei."}
    )
    assert marked() == [case.reference, "page"]


def test_the_report_due_date_is_shown_only_while_the_report_is_due(
    client, decided, coordinator, time_machine
):
    case, token = decided
    from django.utils.formats import date_format

    due = f"Der Verwendungsnachweis ist bis {date_format(case.report_due_on)} fällig."
    assert due in client.get(url("status", token)).content.decode()
    to_period_end(time_machine, case)
    receipts_for(case, ["100", "100"])
    today = date_format(timezone.localdate())

    data = {"narrative": "Zwölf Treffen."}
    data.update({f"spent_{line.pk}": "100" for line in case.financing_plan.lines.all()})
    client.post(url("status_report", token), data)
    html = client.get(url("status", token)).content.decode()
    assert due not in html
    assert (
        f"Ihr Verwendungsnachweis ist am {today} eingegangen; die Koordination prüft ihn." in html
    )

    move(Case.objects.get(pk=case.pk), "accept_report", Actor.for_user(coordinator))
    html = client.get(url("status", token)).content.decode()
    assert "fällig" not in html
    assert f"Ihr Verwendungsnachweis wurde am {today} angenommen." in html


def test_the_association_can_read_what_it_submitted(client, idea):
    case, token = idea
    Case.objects.filter(pk=case.pk).update(challenge="Eltern finden <schwer> Anschluss.")

    html = client.get(url("status", token)).content.decode()

    assert "Ihre Idee, wie sie bei uns gespeichert ist" in html
    for text in (
        f"<dt>Titel Ihrer Idee</dt><dd>{case.title}</dd>",
        "<dd>Eltern finden &lt;schwer&gt; Anschluss.</dd>",
        "<dd>Borbeck-Mitte (Borbeck)</dd>",
        "<dd>Familien</dd>",
        "<dd>3.000,00\u00a0€</dd>",
        f"<dd>{case.association.name}</dd>",
    ):
        assert text in html, text
