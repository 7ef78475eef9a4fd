"""Login, logout and password reset: Django's views with our German templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class PasswordResetView(auth_views.PasswordResetView):
    """Links in the mail point at ``SITE_URL``, not at whatever Host the request claimed."""

    template_name = "workspace/registration/password_reset_form.html"
    email_template_name = "workspace/registration/password_reset_email.txt"
    subject_template_name = "workspace/registration/password_reset_subject.txt"
    success_url = reverse_lazy("workspace:password_reset_done")

    def form_valid(self, form: Any) -> Any:
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


login = auth_views.LoginView.as_view(
    template_name="workspace/registration/login.html", redirect_authenticated_user=True
)
logout = auth_views.LogoutView.as_view()
password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="workspace/registration/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="workspace/registration/password_reset_confirm.html",
    success_url=reverse_lazy("workspace:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="workspace/registration/password_reset_complete.html"
)
