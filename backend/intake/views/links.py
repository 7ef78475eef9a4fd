"""Lost the status link? The association types its e-mail address and gets a new link for
each of its cases by mail. The page answers the same whether the address is known or not,
and does the looking up on the worker, so neither its words nor its speed tell."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from procrastinate.contrib.django import app

from backend.cases.selectors import case_get_by_token
from backend.cases.services import status_link_renew
from backend.common import ratelimit
from backend.intake.status_forms import LinkRequestForm
from workflows.actors import Actor


@never_cache
@require_http_methods(["GET", "POST"])
def link_request(request: HttpRequest) -> HttpResponse:
    form = LinkRequestForm(request.POST if request.method == "POST" else None, auto_id="link-%s")
    if request.method == "POST":
        if ratelimit.exceeded(ratelimit.LINK_REQUEST, request):
            return render(request, "intake/too_many.html", status=429)
        if form.is_valid():
            ratelimit.hit(ratelimit.LINK_REQUEST, request)
            app.configure_task("messaging.status_links_for_address").defer(
                email=form.cleaned_data["email"]
            )
            return redirect("intake:link_requested")
    status = 400 if form.is_bound else 200
    return render(request, "intake/link_request.html", {"form": form}, status=status)


@require_GET
def link_requested(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/link_requested.html")


@never_cache
@require_POST
def link_renew(request: HttpRequest, token: str) -> HttpResponse:
    """ "Link erneut senden" on the page of an expired link: a new link goes to the case's
    contact address (never to whoever holds the old link)."""
    if ratelimit.exceeded(ratelimit.LINK_REQUEST, request):
        return render(request, "intake/too_many.html", status=429)
    ratelimit.hit(ratelimit.LINK_REQUEST, request)
    case = case_get_by_token(token=token)
    if case is None:
        ratelimit.hit(ratelimit.TOKEN_MISS, request)
        return render(request, "intake/status_not_found.html", status=404)
    if case.anonymised_at is None:
        status_link_renew(case=case, actor=Actor.system())
    return render(request, "intake/link_renewed.html")
