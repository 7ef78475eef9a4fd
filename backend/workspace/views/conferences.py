"""Events of the coordinator's districts (Integrationskonferenzen, network conferences,
advice dates, forums): list, record, change, and the event report (print and CSV)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backend.common.parsing import small_id
from backend.conferences.forms import ConferenceForm
from backend.conferences.models import Conference
from backend.conferences.selectors import (
    conference_districts_for,
    conference_report,
    conference_with_topics,
    conferences_visible_to,
)
from backend.conferences.services import conference_save
from backend.workspace.forms import dress_form
from backend.workspace.views.access import coordinator_required
from workflows.errors import WorkflowError


def conference_or_404(request: HttpRequest, pk: int | str) -> Conference:
    """An event of the user's districts; 404 for any other, as for one that does not exist."""
    number = small_id(str(pk))
    found = conferences_visible_to(user=request.user).filter(pk=number).first() if number else None
    if found is None:
        raise Http404
    return found


def form_refusal(form: Any, error: Exception) -> None:
    """A service's refusal shown on the form: field errors in place, the rest on top."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    elif isinstance(error, WorkflowError):
        form.add_error(None, error.message)


@require_GET
@coordinator_required
def conference_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    conferences = conferences_visible_to(user=request.user)
    return render(
        request,
        "workspace/conferences/list.html",
        {
            "nav": "conferences",
            "upcoming": conferences.filter(held_on__gte=today).order_by("held_on", "time_from"),
            "past": conferences.filter(held_on__lt=today).order_by("-held_on", "-pk")[:100],
        },
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def conference_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a new event (``pk`` None) or change one."""
    conference = conference_or_404(request, pk) if pk is not None else None
    districts = conference_districts_for(user=request.user)
    form = ConferenceForm(
        request.POST if request.method == "POST" else None,
        instance=conference,
        districts=districts,
        initial={} if conference else {"held_on": timezone.localdate()},
    )
    dress_form(form, id_prefix="veranstaltung")
    if form.is_bound and form.is_valid():
        try:
            saved = conference_save(
                user=request.user, data=form.cleaned_data, conference=conference
            )
        except (ValidationError, WorkflowError) as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("Die Veranstaltung ist gespeichert."))
            return redirect("workspace:conference_detail", pk=saved.pk)
    context = {"nav": "conferences", "form": form, "conference": conference}
    status = 400 if form.is_bound else 200
    return render(request, "workspace/conferences/edit.html", context, status=status)


@require_GET
@coordinator_required
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = conference_or_404(request, pk)
    context = {
        "nav": "conferences",
        "conference": conference,
        "topics": conference_with_topics(conference=conference),
    }
    return render(request, "workspace/conferences/detail.html", context)


@require_GET
@coordinator_required
def conference_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The event report: printable (print CSS) and as CSV (``?format=csv``)."""
    conference = conference_or_404(request, pk)
    rows = conference_report(conference=conference)
    if request.GET.get("format") == "csv":
        return _report_csv(conference, rows)
    context = {"nav": "conferences", "conference": conference, "rows": rows}
    return render(request, "workspace/conferences/report.html", context)


#: Cells a spreadsheet would take for a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _report_csv(conference: Conference, rows: list[Any]) -> HttpResponse:
    name = f"veranstaltung-{conference.held_on:%Y-%m-%d}-{slugify(conference.title)[:40]}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Nr."),
            _("Thema"),
            _("Initiator*innen"),
            _("Interessierte"),
            _("Idee (Vorgangsnummer)"),
            _("Titel der Idee"),
            _("Status"),
        ]
    )
    for row in rows:
        case = row.case
        writer.writerow(
            [
                row.number,
                _cell(row.topic),
                _cell(row.initiators),
                row.interested,
                case.reference if case else "",
                _cell(case.title) if case else "",
                case.get_state_display() if case else _("noch keine Idee"),
            ]
        )
    return response
