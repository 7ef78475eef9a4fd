"""Cooperation on the public side: an association asks, on its status page, to get to know
the one behind a similar idea or offering; the other side answers on its status page or
through the private link in its mail. Contacts show only once both agreed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from backend.cases.models import Case
from backend.common import ratelimit
from backend.conferences.models import Cooperation, CooperationState
from backend.conferences.selectors import cooperation_by_token
from backend.conferences.services import cooperation_answer, cooperation_request
from backend.intake.conference_forms import CooperationAnswerForm, CooperationRequestForm
from backend.intake.views.status import _private, by_token
from workflows.actors import Actor
from workflows.errors import WorkflowError


@by_token
@require_POST
def status_cooperation_request(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    form = CooperationRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect(_panel(token))
    try:
        cooperation_request(case=case, actor=Actor.applicant(case), **form.partner())
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Ihre Anfrage ist verschickt. Sobald die andere Seite zustimmt, sehen Sie hier "
                "die Kontaktdaten und bekommen sie per E-Mail."
            ),
        )
    return redirect(_panel(token))


@by_token
@require_POST
def status_cooperation_answer(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """The partner case answers a request on its own status page."""
    form = CooperationAnswerForm(request.POST)
    found = None
    if form.is_valid() and form.cleaned_data.get("cooperation"):
        found = Cooperation.objects.filter(
            pk=form.cleaned_data["cooperation"], partner_case=case
        ).first()
    if found is None:
        messages.error(request, _("Diese Anfrage gibt es nicht."))
        return redirect(_panel(token))
    _answer(request, found, form.accept, Actor.applicant(case))
    return redirect(_panel(token))


def _answer(
    request: HttpRequest, cooperation: Cooperation, accept: bool, actor: Actor | None
) -> None:
    try:
        cooperation_answer(cooperation=cooperation, accept=accept, actor=actor)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Danke! Beide Seiten bekommen jetzt die Kontaktdaten per E-Mail.")
            if accept
            else _("Danke! Wir geben keine Kontaktdaten weiter."),
        )


def _panel(token: str) -> str:
    from django.urls import reverse

    return reverse("intake:status", kwargs={"token": token}) + "#kennenlernen"


@never_cache
@require_http_methods(["GET", "POST"])
def cooperation_answer_page(request: HttpRequest, token: str) -> HttpResponseBase:
    """The page of the answer link in the partner's mail (an offering's provider has no status
    page; an association may use either)."""
    if ratelimit.exceeded(ratelimit.TOKEN_MISS, request):
        return _private(render(request, "intake/too_many.html", status=429))
    cooperation = cooperation_by_token(token=token)
    if cooperation is None:
        ratelimit.hit(ratelimit.TOKEN_MISS, request)
        return _private(render(request, "intake/conferences/answer_not_found.html", status=404))
    form = CooperationAnswerForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        _answer(request, cooperation, form.accept, None)
        return redirect("intake:cooperation_answer", token=token)
    cooperation.refresh_from_db()
    context = {
        "cooperation": cooperation,
        "form": form,
        "shared": cooperation.state in (CooperationState.AGREED, CooperationState.MERGED),
    }
    status = 400 if form.is_bound else 200
    return _private(render(request, "intake/conferences/answer.html", context, status=status))
