"""The association's consent to show its funded project in the public offering catalogue,
from the private status page (``/ideen/status/<token>/katalog/``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backend.cases.models import Case
from backend.cases.services.catalogue import (
    catalogue_consent_allowed,
    catalogue_consent_give,
    catalogue_consent_withdraw,
)
from backend.intake.catalogue_forms import CatalogueConsentForm
from backend.intake.views.status import by_token
from backend.offerings.models import CatalogueConsent
from workflows.actors import Actor
from workflows.errors import WorkflowError


def _initial(case: Case, consent: CatalogueConsent | None) -> dict[str, object]:
    if consent is None:
        return {"description": case.intended_result}
    offering = consent.offering
    return {
        "consent": consent.active,
        "description": offering.description,
        "schedule": offering.schedule,
        "address": offering.address,
        "contact": offering.contact,
        "languages": offering.languages,
    }


@require_http_methods(["GET", "POST"])
@by_token
def status_catalogue(request: HttpRequest, case: Case, token: str) -> HttpResponse:
    """Give (or change) the consent; a second button withdraws it."""
    if not catalogue_consent_allowed(case):
        messages.error(request, _("Ein Projekt kann erst nach der Bewilligung im Katalog stehen."))
        return redirect("intake:status", token=token)
    consent = CatalogueConsent.objects.filter(case=case).select_related("offering").first()
    actor = Actor.applicant(case)
    if request.method == "POST" and "withdraw" in request.POST:
        try:
            catalogue_consent_withdraw(case=case, actor=actor)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Ihr Projekt steht nicht mehr im Angebotskatalog."))
        return redirect("intake:status", token=token)
    form = CatalogueConsentForm(
        request.POST if request.method == "POST" else None, initial=_initial(case, consent)
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            offering = catalogue_consent_give(
                case=case,
                actor=actor,
                description=data["description"],
                schedule=data["schedule"],
                address=data["address"],
                contact=data["contact"],
                languages=data["languages"],
            )
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Danke! Ihr Projekt steht jetzt im Angebotskatalog („%s“).") % offering
            )
        return redirect("intake:status", token=token)
    context = {
        "case": case,
        "token": token,
        "form": form,
        "listed": consent is not None and consent.active,
    }
    return render(request, "intake/catalogue.html", context, status=400 if form.errors else 200)
