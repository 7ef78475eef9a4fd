"""Public pages. German paths; under ``i18n_patterns`` English lives at /en/<same path>."""

from django.urls import path

from backend.intake.views import catalogue, documents, idea, links, status

app_name = "intake"

urlpatterns = [
    path("ideen/neu/", idea.idea_new, name="idea_new"),
    path("ideen/neu/aehnliche/", idea.idea_similar, name="idea_similar"),
    path("ideen/eingegangen/", idea.idea_done, name="idea_done"),
    path("ideen/link/", links.link_request, name="link_request"),
    path("ideen/link/angefordert/", links.link_requested, name="link_requested"),
    path("ideen/status/<str:token>/", status.status, name="status"),
    path("ideen/status/<str:token>/antwort/", status.status_answer, name="status_answer"),
    path("ideen/status/<str:token>/antrag/", status.status_application, name="status_application"),
    path("ideen/status/<str:token>/nachweis/", status.status_report, name="status_report"),
    path("ideen/status/<str:token>/zurueckziehen/", status.status_withdraw, name="status_withdraw"),
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
]
