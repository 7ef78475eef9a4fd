"""The coordinator's own settings: how they hear of new ideas, answers, applications, reports."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from backend.accounts.models import NotificationMode
from backend.accounts.services import notification_mode_set
from backend.workspace.views.access import coordinator_required


class NotificationForm(forms.Form):
    notification_mode = forms.ChoiceField(
        label=gettext_lazy("Wie möchten Sie benachrichtigt werden?"),
        choices=NotificationMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie eine Möglichkeit."),
            "invalid_choice": gettext_lazy("Bitte wählen Sie eine der angebotenen Möglichkeiten."),
        },
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = NotificationForm(request.POST, auto_id="pref-%s")
        if form.is_valid():
            notification_mode_set(user=user, mode=form.cleaned_data["notification_mode"])  # type: ignore[arg-type]
            messages.success(request, _("Ihre Einstellung ist gespeichert."))
            return redirect("workspace:notifications")
        status = 400
    else:
        form = NotificationForm(
            initial={"notification_mode": user.notification_mode},  # type: ignore[union-attr]
            auto_id="pref-%s",
        )
        status = 200
    return render(
        request,
        "workspace/notifications.html",
        {"form": form, "nav": "notifications", "email": getattr(user, "email", "")},
        status=status,
    )
