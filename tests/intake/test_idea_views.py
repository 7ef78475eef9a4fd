"""The public idea form: every way a submission can go wrong, and the one way it goes right."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from backend.cases.models import Case
from backend.cases.selectors import case_get_by_token
from tests.intake.helpers import idea_post, similar_offering

URL = "/essen/ideen/neu/"  # the form of a city (ADR 0015); /ideen/neu/ leads there
pytestmark = pytest.mark.django_db


def send(client, **overrides):
    return client.post(
        URL,
        idea_post(
            step="send",
            overlap_answer="different",
            overlap_text="Bei uns mit Kinderbetreuung.",
            **overrides,
        ),
    )


def test_idea_form_shows_quarters_grouped_by_district_and_a_fresh_key(client, coordinator):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<optgroup label="Stadtbezirk IV – Borbeck">' in html
    assert "Borbeck-Mitte" in html
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', html)
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Koordination" in html  # who handles which district


def test_idea_form_is_english_under_en(client, essen):
    response = client.get("/en" + URL)

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


REQUIRED = [
    ("title", "Bitte geben Sie Ihrer Idee einen kurzen Titel."),
    ("challenge", "Bitte beschreiben Sie kurz die Herausforderung."),
    ("affected", "Bitte schreiben Sie, wen das betrifft."),
    ("intended_result", "Bitte beschreiben Sie, was am Ende besser sein soll."),
    ("quarter", "Bitte wählen Sie den Stadtteil aus."),
    ("target_groups", "Bitte wählen Sie mindestens eine Zielgruppe."),
    ("topics", "Bitte wählen Sie mindestens ein Thema."),
    ("association_name", "Bitte geben Sie den Namen Ihres Vereins oder Ihrer Initiative an."),
    ("legal_form", "Bitte wählen Sie die Rechtsform aus."),
    ("street", "Bitte geben Sie Straße und Hausnummer an."),
    ("postal_code", "Bitte geben Sie die Postleitzahl an."),
    ("town", "Bitte geben Sie den Ort an."),
    ("contact_name", "Bitte geben Sie Ihren Namen an."),
    ("email", "Bitte geben Sie Ihre E-Mail-Adresse an."),
    ("preferred_language", "Bitte wählen Sie eine Sprache."),
    ("consent", "Bitte stimmen Sie zu."),
]
INVALID = [
    ("email", "ayse-at-example", "Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de an."),
    ("phone", "call me maybe", "Bitte geben Sie die Telefonnummer nur mit Ziffern"),
    ("phone", "12", "Bitte geben Sie die Telefonnummer nur mit Ziffern"),
    ("postal_code", "4535", "Bitte geben Sie eine Postleitzahl mit 5 Ziffern an"),
    ("postal_code", "453555", "Bitte geben Sie eine Postleitzahl mit 5 Ziffern an"),
    ("title", "x" * 201, "höchstens 200 Zeichen"),
    ("challenge", "x" * 4001, "höchstens 4000 Zeichen"),
    ("quarter", "999999", "Bitte wählen Sie den Stadtteil aus der Liste."),
    ("quarter", "IV", "Bitte wählen Sie den Stadtteil aus der Liste."),
    ("target_groups", ["kinder", "aliens"], "Auswahl"),
    ("topics", ["nope"], "Auswahl"),
    ("legal_form", "verein", "Auswahl"),
    ("estimated_cost", "-5", "Der Betrag darf nicht negativ sein."),
    ("estimated_cost", "viel", "Bitte geben Sie einen Betrag in Euro an"),
    ("estimated_cost", "1e5", "Bitte geben Sie einen Betrag in Euro an"),
    ("estimated_cost", "NaN", "Bitte geben Sie einen Betrag in Euro an"),
    ("estimated_cost", "Infinity", "Bitte geben Sie einen Betrag in Euro an"),
    ("estimated_cost", "12,345", "höchstens 2 Stellen nach dem Komma"),
    ("preferred_language", "tr", "Auswahl"),
]


def _assert_error_shown(response, field: str, message: str) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in html  # summary at the top
    anchor = (
        f"id_{field}_0"
        if field in ("target_groups", "topics", "preferred_language")
        else (f"id_{field}")
    )
    assert f'href="#{anchor}"' in html  # the summary links to the field
    assert f'id="id_{field}-error"' in html  # the message at the field
    assert message in html
    assert Case.objects.count() == 0
    return html


@pytest.mark.parametrize(("field", "message"), REQUIRED)
@pytest.mark.parametrize("step", ["check", "send"])
def test_missing_required_field_returns_form_with_message_and_typed_data(
    client, coordinator, field, message, step
):
    data = idea_post(step=step)
    data.pop(field)

    html = _assert_error_shown(client.post(URL, data), field, message)

    assert "Kulturbrücke Borbeck e.V." in html or field == "association_name"
    assert "Wöchentliches Treffen mit Kinderbetreuung" in html  # kept what was typed
    assert "<title>Fehler:" in html


@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_invalid_value_returns_form_with_message(client, coordinator, field, value, message):
    response = client.post(URL, idea_post(step="send", **{field: value}))

    _assert_error_shown(response, field, message)


@pytest.mark.parametrize("value", ["10.000.000.000", "99999999999,99"])
def test_amount_far_too_high_is_said_once(client, coordinator, value):
    """Above the highest amount and the digits allowed: one message, not one per limit."""
    response = client.post(URL, idea_post(step="send", estimated_cost=value))

    html = _assert_error_shown(response, "estimated_cost", "Dieser Betrag ist zu hoch.")
    at_field = re.search(r'id="id_estimated_cost-error">(.*?)</p>', html, re.S)
    assert at_field is not None
    assert at_field.group(1).count("Dieser Betrag ist zu hoch.") == 1
    assert html.count("Dieser Betrag ist zu hoch.") == 2  # at the field and in the summary


def test_error_links_the_input_to_its_message_and_help(client, coordinator):
    html = client.post(URL, idea_post(email="nope")).content.decode()

    tag = re.search(r"<input[^>]*name=\"email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in tag
    assert 'aria-describedby="id_email-help id_email-error"' in tag


def test_group_of_checkboxes_describes_its_error_on_the_fieldset(client, coordinator):
    html = client.post(URL, idea_post(topics=[])).content.decode()

    assert re.search(r'<fieldset[^>]*aria-describedby="id_topics-help id_topics-error"', html)


def test_money_is_read_the_way_people_type_it(client, coordinator):
    for typed in ("3.000", "3000", "3.000,00 €", "3000.00"):
        response = client.post(URL, idea_post(estimated_cost=typed))
        assert "3.000,00 €" in response.content.decode(), typed


def test_money_on_english_pages_is_read_and_shown_the_english_way(client, coordinator):
    for typed in ("3,000", "3000", "3,000.00 €", "3000.00", "3.000,00"):
        response = client.post("/en" + URL, idea_post(estimated_cost=typed))
        html = response.content.decode()
        assert "3,000.00 €" in html, typed
        assert "3.000,00 €" not in html, typed
    response = client.post("/en" + URL, idea_post(estimated_cost="2,500.50"))
    assert "2,500.50 €" in response.content.decode()


def test_honeypot_filled_is_refused_with_a_visible_message(client, coordinator):
    response = send(client, website="http://spam.example")

    html = _assert_error_shown(response, "website", "Dieses Feld muss leer bleiben")
    assert 'class="hp"' not in html  # the field is shown, so a person can clear it


def test_check_step_shows_similar_offerings_with_reasons_and_does_not_save(client, coordinator):
    similar_offering()

    response = client.post(URL, idea_post(step="check"))

    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Idee" in html
    assert "Elterncafé mit Sprachförderung" in html
    assert "Warum ähnlich?" in html
    assert "Gleiches Thema: Sprache." in html
    assert 'name="overlap_answer"' in html
    assert 'type="hidden" name="title" value="Sprachcafé für Eltern"' in html
    assert Case.objects.count() == 0


def test_similar_open_ideas_show_title_and_quarter_but_not_who(client, coordinator):
    from tests.intake.helpers import case_with_token

    case_with_token(title="Sprachcafé im Stadtteil", email="other@example.org")

    html = client.post(URL, idea_post(step="check")).content.decode()

    assert "Ähnliche Ideen anderer Vereine" in html
    assert "Sprachcafé im Stadtteil" in html
    assert "other@example.org" not in html
    assert "Verein Sprachcafé im Stadtteil" not in html


def test_send_asks_for_an_answer_when_similar_offerings_exist(client, coordinator):
    similar_offering()

    response = client.post(URL, idea_post(step="send"))

    html = response.content.decode()
    assert "Bitte wählen Sie eine Antwort zu den ähnlichen Angeboten." in html
    assert 'href="#id_overlap_answer_0"' in html
    assert Case.objects.count() == 0


def test_answer_different_needs_a_reason(client, coordinator):
    similar_offering()

    response = client.post(URL, idea_post(step="send", overlap_answer="different"))

    assert "Bitte erklären Sie kurz, was an Ihrer Idee anders ist." in response.content.decode()
    assert Case.objects.count() == 0


def test_edit_step_returns_to_the_form_with_everything_typed(client, coordinator):
    response = client.post(URL, idea_post(step="edit"))

    html = response.content.decode()
    assert "Ihre Idee für den Stadtteil" in html
    assert 'value="Sprachcafé für Eltern"' in html
    assert re.search(r'value="sprache"[^>]*checked|checked[^>]*value="sprache"', html)
    assert "Bitte prüfen Sie Ihre Angaben" not in html


def test_send_creates_one_case_assigned_to_the_district_and_mails_the_link(
    client, coordinator, jobs
):
    similar_offering()

    response = send(client)
    jobs.run()

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:idea_done")
    case = Case.objects.get()
    assert case.state == "idea"
    assert case.assigned_to == coordinator
    assert case.estimated_cost == 3000
    assert case.overlap_statement == "Unsere Idee ist anders, weil Bei uns mit Kinderbetreuung."
    offering = case.overlap_snapshot["offerings"][0]
    assert offering["offering"]["title"] == "Elterncafé mit Sprachförderung"
    assert offering["reasons"]
    [confirmation] = [m for m in mail.outbox if m.to == ["ayse@example.org"]]
    token = re.search(r"/ideen/status/([\w-]+)/", confirmation.body).group(1)
    assert case_get_by_token(token=token) == case
    assert case.reference in confirmation.subject
    [notice] = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert notice.subject.startswith(f"[Förderlotse] {case.reference}: Neue Idee")
    assert f"/koordination/faelle/{case.reference}/" in notice.body

    done = client.get(response["Location"]).content.decode()
    assert case.reference in done
    assert f"/ideen/status/{token}/" in done
    assert "Marktstraße 22" in done  # the district office


def test_confirmation_shows_the_link_only_once(client, coordinator):
    send(client)
    first = client.get(reverse("intake:idea_done")).content.decode()
    again = client.get(reverse("intake:idea_done")).content.decode()

    assert "/ideen/status/" in first
    assert "/ideen/status/" not in again
    assert "ayse@example.org" in again


def test_confirmation_without_a_submission_goes_to_the_form(client, essen):
    response = client.get(reverse("intake:idea_done"))

    assert response.status_code == 302
    assert response["Location"] == "/ideen/neu/"  # which leads on to the city's form


def test_vacant_district_goes_to_the_fallback_and_says_so(client, essen):
    from backend.areas.models import Area

    quarter = Area.objects.get(kind="quarter", name="Kupferdreh")  # district VIII, vacant
    send(client, quarter=str(quarter.pk))

    case = Case.objects.get()
    assert case.assigned_to == essen.central_queue
    assert "zurzeit nicht besetzt" in client.get(reverse("intake:idea_done")).content.decode()


def test_double_submit_creates_one_case(client, coordinator, jobs):
    first = send(client)
    second = send(client)
    jobs.run()

    assert first.status_code == second.status_code == 302
    assert Case.objects.count() == 1
    assert len([m for m in mail.outbox if m.to == ["ayse@example.org"]]) == 1


def test_a_new_form_gets_a_new_key_and_a_new_case(client, coordinator):
    send(client)
    send(client, idempotency_key="f" * 32)

    assert Case.objects.count() == 2


def test_tampered_idempotency_key_still_creates_the_case(client, coordinator):
    response = send(client, idempotency_key="<script>")

    assert response.status_code == 302
    assert Case.objects.get().idempotency_key != "<script>"


@override_settings(RATE_LIMITS={"submit": (2, 3600)})
def test_rate_limit_on_submission_answers_429_with_a_clear_message_and_keeps_the_data(
    client, coordinator
):
    send(client, idempotency_key="a" * 32)
    send(client, idempotency_key="b" * 32)

    response = send(client, idempotency_key="c" * 32)

    html = response.content.decode()
    assert response.status_code == 429
    assert "sehr viele Ideen gesendet" in html
    assert 'type="hidden" name="title" value="Sprachcafé für Eltern"' in html
    assert Case.objects.count() == 2


@override_settings(RATE_LIMITS={"submit": (1, 3600)}, RATE_LIMIT_PROXY_HOPS=1)
def test_rate_limit_counts_per_client_behind_a_proxy(client, coordinator):
    send(client, idempotency_key="a" * 32, HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = client.post(
        URL,
        idea_post(step="send", overlap_answer="known", idempotency_key="b" * 32),
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )

    assert other.status_code == 302
    assert Case.objects.count() == 2


def test_csrf_is_required(coordinator):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, idea_post(step="send"))

    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_similar_fragment_lists_offerings_while_typing(client, coordinator):
    similar_offering()
    quarter = idea_post()["quarter"]

    response = client.get(
        reverse("intake:idea_similar"),
        {"title": "Sprachcafé", "quarter": quarter, "topics": ["sprache", "bogus"]},
    )

    assert response.status_code == 200
    assert "Elterncafé mit Sprachförderung" in response.content.decode()


def test_similar_fragment_without_title_or_quarter_only_hints(client, coordinator):
    response = client.get(reverse("intake:idea_similar"), {"quarter": "not-a-number"})

    assert "Sobald Sie einen Titel" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"title": "\x00", "quarter": "QUARTER"},
        {"title": "Sprach\x00café", "challenge": "a\x00b", "quarter": "QUARTER"},
        {"title": "Sprachcafé", "quarter": "²"},
        {"title": "Sprachcafé", "quarter": "٣"},
        {"title": "Sprachcafé", "quarter": "99999999999999999999"},
    ],
)
def test_similar_fragment_answers_odd_input_without_an_error(client, coordinator, params):
    """The live panel reads raw query parameters: NUL bytes, non-ASCII digits and huge
    numbers must give a normal answer (a hint or offerings), never a server error."""
    similar_offering()
    quarter = idea_post()["quarter"]
    params = {k: (quarter if v == "QUARTER" else v) for k, v in params.items()}
    params["topics"] = ["sprache"]

    response = client.get(reverse("intake:idea_similar"), params)

    assert response.status_code == 200
    body = response.content.decode()
    if params["title"].strip("\x00") and params["quarter"] == quarter:
        assert "Elterncafé mit Sprachförderung" in body
    else:
        assert "Sobald Sie einen Titel" in body


@override_settings(RATE_LIMITS={"similar": (1, 600)})
def test_similar_fragment_is_rate_limited(client, coordinator):
    client.get(reverse("intake:idea_similar"))

    response = client.get(reverse("intake:idea_similar"))

    assert response.status_code == 429
    assert "Pause" in response.content.decode()


def test_unrelated_idea_finds_nothing_and_needs_no_answer(client, coordinator):
    similar_offering()
    unrelated = {
        "title": "Fahrradwerkstatt für Jugendliche",
        "challenge": "Jugendliche haben keine Räder und keinen Ort zum Schrauben.",
        "affected": "Jugendliche",
        "intended_result": "Eine offene Werkstatt einmal pro Woche.",
        "first_ideas": "Werkzeug spenden lassen",
        "target_groups": ["jugendliche"],
        "topics": ["sport", "freizeit"],
    }

    review = client.post(URL, idea_post(step="check", **unrelated)).content.decode()
    assert "Wir haben keine ähnlichen Angebote oder Ideen" in review
    assert 'name="overlap_answer"' not in review

    response = client.post(URL, idea_post(step="send", **unrelated))

    assert response.status_code == 302
    snapshot = Case.objects.get().overlap_snapshot
    assert all(m["score"] < 0.2 for m in snapshot["offerings"])
    assert snapshot["similar_ideas"] == []


def test_text_fields_show_their_limit_instead_of_cutting_text_off(client, coordinator):
    """A browser cuts text at ``maxlength`` without a word; the form shows the limit instead,
    and a longer text comes back whole with the message."""
    html = client.get(URL).content.decode()

    for name in ("title", "challenge", "affected", "intended_result", "association_name"):
        tag = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
        assert " maxlength=" not in tag
        assert "data-maxlength=" in tag
    assert re.search(r'<input[^>]*name="title"[^>]*data-maxlength="200"', html)
    assert re.search(r'<textarea[^>]*name="challenge"[^>]*data-maxlength="4000"', html)
    assert '<p class="help char-count" id="id_challenge-count"' in html
    assert "höchstens 4000 Zeichen" in html
    assert re.search(r'name="challenge"[^>]*aria-describedby="[^"]*id_challenge-count', html)

    long_text = "Sehr lange Beschreibung. " * 800  # 20,000 characters
    response = client.post(URL, {**idea_post(), "challenge": long_text, "step": "check"})

    body = response.content.decode()
    assert "<title>Fehler:" in body
    assert re.search(r'<p class="error" id="id_challenge-error">.*4000 Zeichen', body)
    assert long_text.strip() in body  # nothing lost: the person can shorten it


def test_the_answer_about_similar_offerings_survives_going_back_to_edit(client, coordinator):
    similar_offering()
    answer = {"overlap_answer": "different", "overlap_text": "Wir treffen uns abends & <b>"}

    form_page = client.post(URL, idea_post(step="edit", **answer)).content.decode()

    assert '<input type="hidden" name="overlap_answer" value="different">' in form_page
    assert (
        '<input type="hidden" name="overlap_text" value="Wir treffen uns abends &amp; &lt;b&gt;">'
        in form_page
    )
    review = client.post(URL, idea_post(step="check", **answer)).content.decode()
    assert re.search(r'<input[^>]*value="different"[^>]*checked', review)
    assert "Wir treffen uns abends &amp; &lt;b&gt;</textarea>" in review


def test_the_public_form_is_drawn_with_a_handful_of_queries(
    client, coordinator, django_assert_max_num_queries
):
    """One query per district and person was 28 for Essen's nine districts; now the same
    handful whatever the number of districts: the city, its quarters, its districts with their
    city's queue, their coordinators, their offices (issue #25: a public page in ≤ 5)."""
    client.get(URL)  # warm caches (session, translations)

    with django_assert_max_num_queries(5):
        response = client.get(URL)

    html = response.content.decode()
    assert "Stadtbezirk IX – " in html  # every district with who receives its ideas
    assert html.count("Stadtbezirk ") >= 9
