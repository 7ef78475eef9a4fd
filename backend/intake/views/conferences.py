"""Public pages of events: the districts, a district's upcoming advice dates and events,
one event with its topics, and registering interest in a topic (double opt-in: the person
confirms through the mailed link; nothing is stored before)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from backend.common import ratelimit
from backend.common.parsing import small_id
from backend.conferences.selectors import (
    public_conference,
    public_district,
    public_district_programme,
    public_districts,
    public_topic,
)
from backend.conferences.services import (
    Interest,
    InterestLinkExpired,
    InterestLinkInvalid,
    interest_confirm,
    interest_read,
    interest_request,
)
from backend.intake.conference_forms import InterestForm

#: Registrations of interest from one address: a club registers a few, a bot hundreds.
INTEREST = ratelimit.Limit("interest", 10, 3600)
#: Confirmation mails to one address: the first few arrive, a mail bomb does not.
INTEREST_MAIL = ratelimit.Limit("interest-mail", 3, 3600)


@require_GET
def district_index(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/conferences/index.html", {"districts": public_districts()})


@require_GET
def district_programme(request: HttpRequest, city: str, code: str) -> HttpResponse:
    district = public_district(city_slug=city, code=code)
    if district is None:
        raise Http404
    programme = public_district_programme(district=district, today=timezone.localdate())
    context = {"district": district, "programme": programme}
    return render(request, "intake/conferences/district.html", context)


@require_GET
def conference_page(request: HttpRequest, pk: str) -> HttpResponse:
    number = small_id(pk)
    conference = public_conference(pk=number) if number else None
    if conference is None:
        raise Http404
    topics = list(conference.topics.order_by("number", "pk"))
    context = {"conference": conference, "topics": topics}
    return render(request, "intake/conferences/conference.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def interest_new(request: HttpRequest, pk: str) -> HttpResponse:
    """The registration form; sending it mails the confirmation link and stores nothing."""
    number = small_id(pk)
    topic = public_topic(pk=number) if number else None
    if topic is None:
        raise Http404
    form = InterestForm(request.POST if request.method == "POST" else None, auto_id="interest-%s")
    if request.method == "POST":
        if ratelimit.exceeded(INTEREST, request):
            return render(request, "intake/conferences/too_many.html", status=429)
        if form.is_valid():
            ratelimit.hit(INTEREST, request)
            if form.cleaned_data["website"]:
                return redirect("intake:interest_sent")  # a bot: answer alike, send nothing
            email = form.cleaned_data["email"]
            if ratelimit.hit(INTEREST_MAIL, request, subject=email):
                interest_request(
                    interest=Interest(
                        topic_id=topic.pk,
                        name=form.cleaned_data["name"],
                        organisation=form.cleaned_data["organisation"],
                        email=email,
                        language=translation.get_language() or "de",
                        consent_on=timezone.localdate(),
                    )
                )
            return redirect("intake:interest_sent")
    context = {"topic": topic, "conference": topic.conference, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "intake/conferences/interest.html", context, status=status)


@require_GET
def interest_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/conferences/interest_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def interest_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what will be stored and a button (mail scanners open links; only a person
    presses the button); POST stores it."""
    if ratelimit.exceeded(ratelimit.TOKEN_MISS, request):
        return render(request, "intake/too_many.html", status=429)
    try:
        interest = interest_read(token=token)
        topic = public_topic(pk=interest.topic_id)
        if topic is None:
            raise InterestLinkInvalid(_("Dieses Thema gibt es nicht mehr."))
        if request.method == "POST":
            confirmed = interest_confirm(token=token)
            if confirmed.created:
                messages.success(request, _("Danke! Ihr Interesse ist bestätigt und gespeichert."))
            else:
                messages.info(request, _("Ihr Interesse war schon bestätigt."))
            return redirect("intake:conference", pk=topic.conference_id)
    except InterestLinkExpired as error:
        return render(
            request, "intake/conferences/interest_link.html", {"problem": error.message}, status=410
        )
    except InterestLinkInvalid as error:
        ratelimit.hit(ratelimit.TOKEN_MISS, request)
        return render(
            request, "intake/conferences/interest_link.html", {"problem": error.message}, status=404
        )
    context = {"interest": interest, "topic": topic}
    return render(request, "intake/conferences/interest_confirm.html", context)
