"""URLs of the coordinators' workspace, under /koordination/ (German paths)."""

from django.urls import path, re_path

from backend.workspace.views import (
    auth,
    case,
    conference_topics,
    conferences,
    cooperations,
    documents,
    inbox,
    preferences,
    privacy,
    statistics,
)

app_name = "workspace"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("anmelden/", auth.login, name="login"),
    path("benachrichtigungen/", preferences.notifications, name="notifications"),
    path("auswertung/", statistics.statistics, name="statistics"),
    re_path(
        r"^auswertung/(?P<what>faelle|kennzahlen)\.(?P<fmt>csv|xlsx)$",
        statistics.statistics_export,
        name="statistics_export",
    ),
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
    # Events, their topics and the cooperations between associations (issue #19).
    path("veranstaltungen/", conferences.conference_list, name="conference_list"),
    path("veranstaltungen/neu/", conferences.conference_edit, name="conference_new"),
    path("veranstaltungen/<int:pk>/", conferences.conference_detail, name="conference_detail"),
    path(
        "veranstaltungen/<int:pk>/bearbeiten/",
        conferences.conference_edit,
        name="conference_edit",
    ),
    path(
        "veranstaltungen/<int:pk>/bericht/",
        conferences.conference_report_view,
        name="conference_report",
    ),
    path(
        "veranstaltungen/<int:pk>/themen/neu/",
        conference_topics.topic_edit,
        name="topic_new",
    ),
    path(
        "veranstaltungen/<int:pk>/themen/<int:topic_id>/",
        conference_topics.topic_edit,
        name="topic_edit",
    ),
    path("themen/<int:topic_id>/personen/", conference_topics.person_add, name="person_add"),
    path(
        "themen/<int:topic_id>/personen/<int:person_id>/entfernen/",
        conference_topics.person_remove,
        name="person_remove",
    ),
    path("themen/<int:topic_id>/idee/", conference_topics.topic_idea, name="topic_idea"),
    path("kooperationen/", cooperations.cooperation_list, name="cooperation_list"),
    path(
        "kooperationen/<int:pk>/verbinden/",
        cooperations.cooperation_merge_view,
        name="cooperation_merge",
    ),
]
