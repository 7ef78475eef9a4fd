"""Top-level URL configuration.

Pages people read are under ``i18n_patterns`` without a prefix for German (the default) and
with ``/en/`` for English. The API, health check and admin are language-neutral.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from backend.common.views import healthz

# Below /api/ these answer problem+json; elsewhere they are Django's default pages.
handler400 = "api.exceptions.handler400"
handler404 = "api.exceptions.handler404"
handler500 = "api.exceptions.handler500"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico where a page names no icon (a JSON answer, a PDF).
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("koordination/", include("backend.workspace.urls")),
    path("angebote/", include("backend.catalogue.urls")),
    path("", include("backend.intake.urls")),
    prefix_default_language=False,
)
