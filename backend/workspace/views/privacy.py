"""Data protection requests, central office only (issue #17): find an association or contact
person, export everything stored about them (zip), or erase (anonymise) where no retention
duty applies."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.accounts.roles import is_central_office
from backend.associations.models import Association, ContactPerson
from backend.cases.selectors import associations_visible_to, contacts_visible_to
from backend.common.parsing import small_id
from backend.privacy.erasure import association_erase, contact_erase
from backend.privacy.export import association_export, contact_export
from workflows.actors import Actor
from workflows.errors import WorkflowError

View = Callable[..., HttpResponseBase]
MAX_RESULTS = 50


def central_office_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_central_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _association(request: HttpRequest, pk: str) -> Association:
    number = small_id(pk)
    visible = associations_visible_to(user=request.user)
    association = visible.filter(pk=number).first() if number else None
    if association is None:
        raise Http404
    return association


def _contact(request: HttpRequest, pk: str) -> ContactPerson:
    number = small_id(pk)
    contact = (
        contacts_visible_to(user=request.user)
        .select_related("association")
        .filter(pk=number)
        .first()
        if number
        else None
    )
    if contact is None:
        raise Http404
    return contact


@require_GET
@central_office_required
def privacy_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    associations: list[Association] = []
    if query:
        contacts = contacts_visible_to(user=request.user)
        matching = contacts.filter(Q(name__icontains=query) | Q(email__icontains=query))
        found = associations_visible_to(user=request.user).filter(
            Q(name__icontains=query) | Q(pk__in=matching.values("association_id"))
        )
        associations = list(
            found.order_by("name").prefetch_related(
                Prefetch("contacts", queryset=contacts.order_by("pk"))
            )[:MAX_RESULTS]
        )
    return render(
        request,
        "workspace/privacy.html",
        {"nav": "privacy", "query": query, "associations": associations},
    )


def _zip_response(content: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{day}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@central_office_required
def association_export_view(request: HttpRequest, pk: str) -> HttpResponse:
    association = _association(request, pk)
    return _zip_response(
        association_export(association, user=request.user), f"auskunft-verein-{association.pk}"
    )


@require_GET
@central_office_required
def contact_export_view(request: HttpRequest, pk: str) -> HttpResponse:
    contact = _contact(request, pk)
    return _zip_response(
        contact_export(contact, user=request.user), f"auskunft-person-{contact.pk}"
    )


def _erase(request: HttpRequest, action: Callable[[], None], done: str) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Bitte bestätigen Sie das Löschen."))
    else:
        try:
            action()
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
    return redirect(reverse("workspace:privacy") + "?" + request.GET.urlencode())


@require_POST
@central_office_required
def association_erase_view(request: HttpRequest, pk: str) -> HttpResponse:
    association = _association(request, pk)
    actor = Actor.for_user(request.user)
    return _erase(
        request,
        lambda: association_erase(association=association, actor=actor),
        _("Die Daten des Vereins wurden anonymisiert."),
    )


@require_POST
@central_office_required
def contact_erase_view(request: HttpRequest, pk: str) -> HttpResponse:
    contact = _contact(request, pk)
    actor = Actor.for_user(request.user)
    return _erase(
        request,
        lambda: contact_erase(contact=contact, actor=actor),
        _("Die Daten der Person wurden anonymisiert."),
    )
