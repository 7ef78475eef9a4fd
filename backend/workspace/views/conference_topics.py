"""The topics of an event on the workshop template, the people behind them, and the one
action that turns a topic into an idea."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backend.common.parsing import small_id
from backend.conferences.forms import TopicForm, TopicIdeaForm, TopicPersonForm
from backend.conferences.models import ConferenceTopic, TopicPerson
from backend.conferences.services import (
    topic_person_record,
    topic_person_remove,
    topic_save,
    topic_to_idea,
)
from backend.workspace.forms import dress_form
from backend.workspace.views.access import coordinator_required
from backend.workspace.views.conferences import conference_or_404, form_refusal
from workflows.errors import WorkflowError


def topic_or_404(request: HttpRequest, pk: int | str) -> ConferenceTopic:
    number = small_id(str(pk))
    topic = ConferenceTopic.objects.filter(pk=number).first() if number else None
    if topic is None:
        raise Http404
    topic.conference = conference_or_404(request, topic.conference_id)
    return topic


@require_http_methods(["GET", "POST"])
@coordinator_required
def topic_edit(request: HttpRequest, pk: int, topic_id: int | None = None) -> HttpResponse:
    """Add a topic to the event's Themensammlung, or change one."""
    conference = conference_or_404(request, pk)
    topic = topic_or_404(request, topic_id) if topic_id is not None else None
    if topic is not None and topic.conference_id != conference.pk:
        raise Http404
    form = TopicForm(
        request.POST if request.method == "POST" else None, instance=topic, conference=conference
    )
    dress_form(form, id_prefix="thema")
    if form.is_bound and form.is_valid():
        try:
            saved = topic_save(
                user=request.user, conference=conference, data=form.cleaned_data, topic=topic
            )
        except (ValidationError, WorkflowError) as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("Das Thema ist gespeichert."))
            return redirect(f"{_detail_url(conference.pk)}#thema-{saved.number}")
    context = {"nav": "conferences", "conference": conference, "topic": topic, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "workspace/conferences/topic_edit.html", context, status=status)


def _detail_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("workspace:conference_detail", kwargs={"pk": pk})


@require_http_methods(["GET", "POST"])
@coordinator_required
def person_add(request: HttpRequest, topic_id: int) -> HttpResponse:
    """Record an initiator or an interested person of a topic."""
    topic = topic_or_404(request, topic_id)
    form = TopicPersonForm(
        request.POST if request.method == "POST" else None,
        initial={"consent_on": topic.conference.held_on},
    )
    dress_form(form, id_prefix="person")
    if form.is_bound and form.is_valid():
        try:
            topic_person_record(
                user=request.user,
                topic=topic,
                data=form.person_data(),
                consent=form.cleaned_data["consent"],
                consent_on=form.cleaned_data.get("consent_on"),
            )
        except (ValidationError, WorkflowError) as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("Die Person ist eingetragen."))
            return redirect(f"{_detail_url(topic.conference_id)}#thema-{topic.number}")
    context = {"nav": "conferences", "conference": topic.conference, "topic": topic, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "workspace/conferences/person_add.html", context, status=status)


@require_POST
@coordinator_required
def person_remove(request: HttpRequest, topic_id: int, person_id: int) -> HttpResponse:
    """Remove a person (e.g. consent withdrawn)."""
    topic = topic_or_404(request, topic_id)
    number = small_id(str(person_id))
    person = TopicPerson.objects.filter(pk=number, topic=topic).first() if number else None
    if person is None:
        raise Http404
    try:
        topic_person_remove(user=request.user, person=person)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Person ist entfernt."))
    return redirect(f"{_detail_url(topic.conference_id)}#thema-{topic.number}")


@require_http_methods(["GET", "POST"])
@coordinator_required
def topic_idea(request: HttpRequest, topic_id: int) -> HttpResponse:
    """The idea form, pre-filled from the topic; sending it creates the case."""
    topic = topic_or_404(request, topic_id)
    if topic.case_id is not None:
        messages.info(request, _("Aus diesem Thema ist schon eine Idee geworden."))
        return redirect("workspace:case_detail", reference=topic.case.reference)  # type: ignore[union-attr]
    form = TopicIdeaForm(
        request.POST if request.method == "POST" else None,
        topic=topic,
        initial=TopicIdeaForm.initial_for(topic),
    )
    dress_form(form, id_prefix="idee")
    if form.is_bound and form.is_valid():
        try:
            created = topic_to_idea(
                user=request.user,
                topic=topic,
                idea=form.idea(),
                association=form.association(),
                initiator=form.cleaned_data["initiator"],
            )
        except (ValidationError, WorkflowError) as error:
            form_refusal(form, error)
        else:
            messages.success(
                request,
                _(
                    "Die Idee %(reference)s ist angelegt. Die Ansprechperson bekommt den "
                    "Statuslink per E-Mail."
                )
                % {"reference": created.case.reference},
            )
            return redirect("workspace:case_detail", reference=created.case.reference)
    context = {
        "nav": "conferences",
        "conference": topic.conference,
        "topic": topic,
        "form": form,
        "today": timezone.localdate(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "workspace/conferences/topic_idea.html", context, status=status)
