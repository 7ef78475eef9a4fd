"""Login, logout and password reset: Django's views with our German templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from backend.common import ratelimit


class PasswordResetView(auth_views.PasswordResetView):
    """Links in the mail point at ``SITE_URL``, not at whatever Host the request claimed."""

    template_name = "workspace/registration/password_reset_form.html"
    email_template_name = "workspace/registration/password_reset_email.txt"
    subject_template_name = "workspace/registration/password_reset_subject.txt"
    success_url = reverse_lazy("workspace:password_reset_done")

    def form_valid(self, form: Any) -> Any:
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    """Django's login, with a per-address limit on failed attempts against password guessing."""

    template_name = "workspace/registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if ratelimit.exceeded(ratelimit.LOGIN_FAILURE, request):
            # Refused before the password is even checked; the form comes back unbound.
            context = self.get_context_data(form=self.form_class(request), locked_out=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        ratelimit.hit(ratelimit.LOGIN_FAILURE, self.request)
        return super().form_invalid(form)


login = LoginView.as_view()
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
