"""URLs of the coordinators' workspace, under /koordination/ (German paths)."""

from django.urls import path

from backend.workspace.views import auth, case, documents, inbox, preferences, privacy

app_name = "workspace"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("anmelden/", auth.login, name="login"),
    path("benachrichtigungen/", preferences.notifications, name="notifications"),
    path("abmelden/", auth.logout, name="logout"),
    path("datenschutz/", privacy.privacy_search, name="privacy"),
    path(
        "datenschutz/vereine/<str:pk>/export/",
        privacy.association_export_view,
        name="privacy_association_export",
    ),
    path(
        "datenschutz/vereine/<str:pk>/loeschen/",
        privacy.association_erase_view,
        name="privacy_association_erase",
    ),
    path(
        "datenschutz/personen/<str:pk>/export/",
        privacy.contact_export_view,
        name="privacy_contact_export",
    ),
    path(
        "datenschutz/personen/<str:pk>/loeschen/",
        privacy.contact_erase_view,
        name="privacy_contact_erase",
    ),
    path("passwort-vergessen/", auth.password_reset, name="password_reset"),
    path("passwort-vergessen/gesendet/", auth.password_reset_done, name="password_reset_done"),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("passwort-neu/fertig/", auth.password_reset_complete, name="password_reset_complete"),
    path("faelle/<str:reference>/", case.case_detail, name="case_detail"),
    path(
        "faelle/<str:reference>/schritte/<slug:name>/",
        case.case_transition_view,
        name="case_transition",
    ),
    path(
        "faelle/<str:reference>/beratungsgespraeche/",
        case.advice_session_create,
        name="advice_session_create",
    ),
    path(
        "faelle/<str:reference>/finanzierungsplan/",
        case.financing_plan_edit,
        name="financing_plan_edit",
    ),
    path(
        "faelle/<str:reference>/bewertungen/",
        case.overlap_assessment_create,
        name="overlap_assessment_create",
    ),
    path(
        "faelle/<str:reference>/ueberschneidungen/",
        case.overlap_refresh,
        name="overlap_refresh",
    ),
    path(
        "faelle/<str:reference>/unterlagen/",
        documents.case_document_upload,
        name="case_document_upload",
    ),
    path(
        "faelle/<str:reference>/unterlagen/<str:document_id>/",
        documents.case_document,
        name="case_document",
    ),
    path(
        "faelle/<str:reference>/unterlagen/<str:document_id>/loeschen/",
        documents.case_document_delete,
        name="case_document_delete",
    ),
    path(
        "faelle/<str:reference>/mittelabrufe/<int:payout_id>/",
        case.payout_decide_view,
        name="payout_decide",
    ),
    path("faelle/<str:reference>/statuslink/", case.case_link_resend, name="case_link_resend"),
    path("faelle/<str:reference>/zuweisung/", case.case_reassign_view, name="case_reassign"),
]
