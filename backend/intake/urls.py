"""Public pages. German paths; under ``i18n_patterns`` English lives at /en/<same path>."""

from django.urls import path

from backend.intake.views import (
    catalogue,
    conferences,
    cooperation,
    documents,
    funding,
    idea,
    legal,
    links,
    status,
)

app_name = "intake"

urlpatterns = [
    path("ideen/neu/", idea.idea_new, name="idea_new"),
    path("datenschutz/", legal.legal_page, {"kind": "datenschutz"}, name="privacy_notice"),
    path("barrierefreiheit/", legal.legal_page, {"kind": "barrierefreiheit"}, name="accessibility"),
    path("impressum/", legal.legal_page, {"kind": "impressum"}, name="imprint"),
    path("ideen/neu/aehnliche/", idea.idea_similar, name="idea_similar"),
    path("ideen/eingegangen/", idea.idea_done, name="idea_done"),
    path("ideen/link/", links.link_request, name="link_request"),
    path("ideen/link/angefordert/", links.link_requested, name="link_requested"),
    path("ideen/status/<str:token>/", status.status, name="status"),
    path("ideen/status/<str:token>/erneuern/", links.link_renew, name="link_renew"),
    path("ideen/status/<str:token>/daten/", documents.status_data, name="status_data"),
    path("ideen/status/<str:token>/antwort/", status.status_answer, name="status_answer"),
    path("ideen/status/<str:token>/antrag/", status.status_application, name="status_application"),
    path("ideen/status/<str:token>/nachweis/", status.status_report, name="status_report"),
    path("ideen/status/<str:token>/zurueckziehen/", status.status_withdraw, name="status_withdraw"),
    path("ideen/status/<str:token>/verzicht/", funding.status_waiver, name="status_waiver"),
    path("ideen/status/<str:token>/mittelabruf/", funding.status_payout, name="status_payout"),
    path(
        "ideen/status/<str:token>/zwischennachweis/",
        funding.status_interim,
        name="status_interim",
    ),
    path("ideen/status/<str:token>/belege/", funding.status_receipt, name="status_receipt"),
    path(
        "ideen/status/<str:token>/belege/import/",
        funding.status_receipts_import,
        name="status_receipts_import",
    ),
    path(
        "ideen/status/<str:token>/belege/<int:receipt_id>/loeschen/",
        funding.status_receipt_delete,
        name="status_receipt_delete",
    ),
    path("ideen/status/<str:token>/katalog/", catalogue.status_catalogue, name="status_catalogue"),
    path(
        "ideen/status/<str:token>/unterlagen/",
        documents.status_document_upload,
        name="status_document_upload",
    ),
    path(
        "ideen/status/<str:token>/unterlagen/<str:document_id>/",
        documents.status_document,
        name="status_document",
    ),
    path(
        "ideen/status/<str:token>/unterlagen/<str:document_id>/loeschen/",
        documents.status_document_delete,
        name="status_document_delete",
    ),
    path(
        "ideen/status/<str:token>/kennenlernen/",
        cooperation.status_cooperation_request,
        name="status_cooperation_request",
    ),
    path(
        "ideen/status/<str:token>/kennenlernen/antwort/",
        cooperation.status_cooperation_answer,
        name="status_cooperation_answer",
    ),
    path(
        "kennenlernen/<str:token>/", cooperation.cooperation_answer_page, name="cooperation_answer"
    ),
    # Events of the districts and registration of interest (issue #19).
    path("veranstaltungen/", conferences.district_index, name="conference_districts"),
    path("veranstaltungen/termin/<str:pk>/", conferences.conference_page, name="conference"),
    path(
        "veranstaltungen/thema/<str:pk>/interesse/", conferences.interest_new, name="interest_new"
    ),
    path("veranstaltungen/interesse/gesendet/", conferences.interest_sent, name="interest_sent"),
    path(
        "veranstaltungen/interesse/bestaetigen/<str:token>/",
        conferences.interest_confirm_view,
        name="interest_confirm",
    ),
    path(
        "veranstaltungen/<slug:city>/<str:code>/",
        conferences.district_programme,
        name="conference_district",
    ),
    # The form of one city (ADR 0015): /essen/ideen/neu/, /oberhausen/ideen/neu/. Last, so
    # that no fixed path above is ever read as a city.
    path("<slug:city>/ideen/neu/", idea.idea_new, name="idea_new_city"),
    path("<slug:city>/farben.css", legal.city_colours, name="city_colours"),
    path(
        "<slug:city>/datenschutz/",
        legal.legal_page,
        {"kind": "datenschutz"},
        name="privacy_notice_city",
    ),
    path(
        "<slug:city>/barrierefreiheit/",
        legal.legal_page,
        {"kind": "barrierefreiheit"},
        name="accessibility_city",
    ),
    path("<slug:city>/impressum/", legal.legal_page, {"kind": "impressum"}, name="imprint_city"),
]
