"""URLs of the API: ``/api/v1/`` resources, ``/api/schema/`` and the documentation UIs."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from api.views.areas import AreaViewSet
from api.views.associations import AssociationViewSet
from api.views.case_records import CaseRecordViewSet
from api.views.cases import CaseViewSet
from api.views.catalogue import CatalogueListView
from api.views.conferences import (
    ConferenceTopicViewSet,
    ConferenceViewSet,
    CooperationViewSet,
)
from api.views.documents import (
    CaseDocumentContentViewSet,
    CaseDocumentDetailViewSet,
    CaseDocumentViewSet,
)
from api.views.events import EventFeedView
from api.views.funding import CaseFundingViewSet
from api.views.ideas import IdeaStatusView, IdeaSubmitView
from api.views.offerings import OfferingViewSet
from api.views.overlap import CaseAssessmentViewSet, OverlapCheckView
from api.views.programs import FundingProgramViewSet
from api.views.statistics import CaseExportView, StatsView
from api.views.transitions import CaseTransitionListView, CaseTransitionView
from api.views.webhooks import WebhookSubscriptionViewSet
from workflows.registry import transition_names

app_name = "api"

router = SimpleRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("associations", AssociationViewSet, basename="association")
router.register("programs", FundingProgramViewSet, basename="program")
router.register("offerings", OfferingViewSet, basename="offering")
router.register("cases", CaseViewSet, basename="case")
router.register("cases", CaseRecordViewSet, basename="case-record")
router.register("cases", CaseAssessmentViewSet, basename="case-assessment")
router.register("cases", CaseDocumentViewSet, basename="case-document")
router.register("cases", CaseFundingViewSet, basename="case-funding")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")
router.register("conferences", ConferenceViewSet, basename="conference")
router.register("conference-topics", ConferenceTopicViewSet, basename="conference-topic")
router.register("cooperations", CooperationViewSet, basename="cooperation")

# One URL (and schema operation, with its own payload schema) per transition; an unknown
# name matches no URL and is a 404.
transition_urls = [
    path(
        f"cases/<int:pk>/transitions/{name}/",
        CaseTransitionView.as_view(transition_name=name),
        name=f"case-transition-{name}",
    )
    for name in transition_names()
]

document_urls = [
    path(
        "cases/<int:pk>/documents/<int:document_id>/",
        CaseDocumentDetailViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="case-document-detail",
    ),
    path(
        "cases/<int:pk>/documents/<int:document_id>/content/",
        CaseDocumentContentViewSet.as_view({"get": "retrieve"}),
        name="case-document-content-detail",
    ),
]

v1 = [
    path("ideas/", IdeaSubmitView.as_view(), name="idea-submit"),
    path("ideas/<str:token>/", IdeaStatusView.as_view(), name="idea-status"),
    path("overlap-checks/", OverlapCheckView.as_view(), name="overlap-check"),
    path("events/", EventFeedView.as_view(), name="event-list"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("catalogue/", CatalogueListView.as_view(), name="catalogue"),
    path("cases/export/", CaseExportView.as_view(), name="case-export"),
    path("cases/<int:pk>/transitions/", CaseTransitionListView.as_view(), name="case-transitions"),
    *transition_urls,
    *document_urls,
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    # The schema and its viewers are static documents: not throttled (the counts live in the
    # database; generators and schemathesis load the schema without one).
    path("schema/", SpectacularAPIView.as_view(urlconf=None, throttle_classes=[]), name="schema"),
    # Swagger UI with its start script as a file of its own (no inline script: CSP); it sets a
    # few inline styles itself.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", throttle_classes=[])
        ),
        name="docs",
    ),
    # Redoc injects its styles at run time and searches in a worker from a blob: URL.
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(
                url_name="api:schema", template_name="api/redoc.html", throttle_classes=[]
            )
        ),
        name="redoc",
    ),
]
