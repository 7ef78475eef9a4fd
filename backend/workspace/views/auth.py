"""Login, logout and password reset: Django's views with our German templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from backend.common import ratelimit


class PasswordResetView(auth_views.PasswordResetView):
    """Links in the mail point at ``SITE_URL``, not at whatever Host the request claimed.

    Limited per client address (429 page) and per e-mail address: beyond a few mails an hour
    the page looks the same but nothing is sent, so it cannot tell whether the address exists
    nor flood a mailbox.
    """

    template_name = "workspace/registration/password_reset_form.html"
    email_template_name = "workspace/registration/password_reset_email.txt"
    subject_template_name = "workspace/registration/password_reset_subject.txt"
    success_url = reverse_lazy("workspace:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ratelimit.hit(ratelimit.PASSWORD_RESET, request):
            context = self.get_context_data(form=self.get_form(), too_many=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> Any:
        mail = form.cleaned_data["email"].strip().lower()
        if not ratelimit.hit(ratelimit.PASSWORD_RESET_MAIL, self.request, subject=mail):
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login, on the workspace's and the admin's login: the
    German login page with the reason, status 429; the password is not even checked."""
    form = AuthenticationForm(request)
    context = {"form": form, "locked_out": True, "next": request.GET.get("next", "")}
    return render(request, "workspace/registration/login.html", context, status=429)


class LoginView(auth_views.LoginView):
    """Django's login. django-axes counts failures per account and address (``locked_out``);
    here a ceiling per address against trying many accounts."""

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
