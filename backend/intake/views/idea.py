"""The public idea form: fill in → review similar offerings → send → confirmation.

Without JavaScript the review is its own step; with it, ``idea_similar`` also shows similar
offerings while the person types. Every step posts the whole form back, so nothing typed is
ever lost, and the server validates everything again on sending.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from backend.areas.models import Area, City
from backend.cases.selectors import coordinator_contact
from backend.cases.submission import idea_submit
from backend.common import ratelimit
from backend.common.parsing import small_id
from backend.common.vocabularies import TargetGroup, Topic
from backend.intake.forms import IdeaForm, OverlapStatementForm
from backend.intake.overlap import Probe, similar_find
from backend.intake.selectors import (
    case_for_confirmation,
    city_by_slug,
    district_contacts,
    public_cities,
    quarter_by_id,
)

SESSION_KEY = "intake_submitted"
MULTI = ("target_groups", "topics")


#: The review step's answer about similar offerings: carried through "Zurück und ändern" (as
#: hidden fields of the form page), so the review shows it again instead of asking anew.
STATEMENT_FIELDS = ("overlap_answer", "overlap_text")


def _statement_kept(request: HttpRequest) -> dict[str, str]:
    return {name: request.POST.get(name, "") for name in STATEMENT_FIELDS if request.POST.get(name)}


def _form_page(request: HttpRequest, form: IdeaForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "city": form.city,
        "districts": district_contacts(city_id=form.city.pk if form.city else None),
        "statement_kept": _statement_kept(request) if request.method == "POST" else {},
    }
    return render(request, "intake/idea_form.html", context, status=status)


def _review_page(
    request: HttpRequest,
    form: IdeaForm,
    statement: OverlapStatementForm,
    similar: Any,
    *,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    quarter = form.cleaned_data["quarter"]
    context = {
        "form": form,
        "city": form.city,
        "statement": statement,
        "similar": similar,
        "problem": problem,
        "quarter": quarter,
        "contact": _district_contact(quarter),
    }
    return render(request, "intake/idea_review.html", context, status=status)


def _district_contact(quarter: Area) -> Any:
    for district, contact in district_contacts(city_id=quarter.city_id):
        if district.pk == quarter.parent_id:
            return contact
    return None


def _probe(form: IdeaForm) -> Probe:
    data = form.cleaned_data
    return Probe(
        title=data["title"],
        description=form.probe_text(),
        quarter=data["quarter"],
        target_groups=data["target_groups"],
        topics=data["topics"],
    )


@never_cache
@require_http_methods(["GET", "POST"])
def idea_new(request: HttpRequest, city: str | None = None) -> HttpResponse:
    """GET: the empty form of a city. POST: step "check" (→ review), "edit" (→ form) or "send".

    Without a city (the old address /ideen/neu/) a GET goes to the only city's form, or
    lets the person choose the city when there are several; a POST there (a form opened
    before the cities had their own addresses) is still taken, for any city's quarter.
    """
    the_city = _city_or_404(city)
    if request.method == "GET":
        if the_city is None:
            return _city_choice(request)
        return _form_page(request, IdeaForm(city=the_city))
    step = request.POST.get("step", "check")
    if step == "edit":
        initial = {k: request.POST.getlist(k) if k in MULTI else v for k, v in request.POST.items()}
        return _form_page(request, IdeaForm(initial=initial, city=the_city))
    form = IdeaForm(request.POST, city=the_city)
    if not form.is_valid():
        return _form_page(request, form)
    similar = similar_find(_probe(form))
    if step != "send":
        statement = OverlapStatementForm(
            similar_found=bool(similar), initial=_statement_kept(request)
        )
        return _review_page(request, form, statement, similar)
    statement = OverlapStatementForm(request.POST, similar_found=bool(similar))
    if not statement.is_valid():
        return _review_page(request, form, statement, similar)
    if ratelimit.exceeded(ratelimit.SUBMIT, request):
        problem = _(
            "Von Ihrem Internetanschluss wurden in der letzten Stunde sehr viele Ideen gesendet. "
            "Zum Schutz vor Missbrauch nehmen wir gerade keine weiteren an. Bitte versuchen Sie "
            "es in einer Stunde noch einmal – Ihre Angaben sind unten noch da. Oder rufen Sie "
            "die Koordination Ihres Stadtbezirks an."
        )
        return _review_page(request, form, statement, similar, problem=problem, status=429)
    created = idea_submit(
        idea=form.idea(),
        association=form.association(),
        contact=form.contact(),
        idempotency_key=form.cleaned_data["idempotency_key"],
        overlap_statement=statement.statement(),
        overlap_snapshot=similar.snapshot(),
    )
    if created.created:
        ratelimit.hit(ratelimit.SUBMIT, request)
        request.session[SESSION_KEY] = {"case": created.case.pk, "token": created.token}
    elif request.session.get(SESSION_KEY, {}).get("case") != created.case.pk:
        # A resubmission (double click, reload, back button): the same case, no new token.
        request.session[SESSION_KEY] = {"case": created.case.pk, "token": ""}
    return redirect("intake:idea_done")


def _city_or_404(slug: str | None) -> City | None:
    if slug is None:
        return None
    city = city_by_slug(slug=slug)
    if city is None:
        raise Http404
    return city


def _city_choice(request: HttpRequest) -> HttpResponse:
    cities = public_cities()
    if len(cities) == 1:
        return redirect("intake:idea_new_city", city=cities[0].slug)
    return render(request, "intake/city_choice.html", {"cities": cities})


@never_cache
@require_GET
def idea_done(request: HttpRequest) -> HttpResponse:
    """The confirmation. The status link is shown once; it is in the e-mail as well."""
    submitted: dict[str, Any] = request.session.get(SESSION_KEY) or {}
    case = case_for_confirmation(case_id=submitted.get("case"))
    if case is None:
        return redirect("intake:idea_new")
    token = submitted.get("token", "")
    if token:
        request.session[SESSION_KEY] = {"case": case.pk, "token": ""}
    context = {
        "case": case,
        "city": case.city,
        "token": token,
        "contact": coordinator_contact(case),
    }
    return render(request, "intake/idea_done.html", context)


@never_cache
@require_GET
def idea_similar(request: HttpRequest) -> HttpResponse:
    """HTML fragment with similar offerings for the live panel (progressive enhancement)."""
    if not ratelimit.hit(ratelimit.SIMILAR, request):
        return render(request, "intake/_similar.html", {"paused": True}, status=429)
    params = request.GET

    def text(name: str, limit: int) -> str:
        # What the live panel reads is a hint, not stored: characters PostgreSQL cannot take
        # (NUL) are dropped instead of answered with an error.
        return params.get(name, "").replace("\x00", "")[:limit]

    quarter_id = small_id(params.get("quarter", ""))
    quarter = quarter_by_id(quarter_id=quarter_id) if quarter_id is not None else None
    description = " ".join(
        text(name, 4000) for name in ("challenge", "affected", "intended_result", "first_ideas")
    )
    probe = Probe(
        title=text("title", 200),
        description=description,
        quarter=quarter,
        target_groups=[g for g in params.getlist("target_groups") if g in TargetGroup.values],
        topics=[t for t in params.getlist("topics") if t in Topic.values],
    )
    similar = similar_find(probe) if probe.title.strip() and quarter else None
    return render(request, "intake/_similar.html", {"similar": similar, "live": True})
