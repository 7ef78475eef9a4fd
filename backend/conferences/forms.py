"""The rules of an event, a topic (the workshop template), a person and the step from topic
to idea, for the workspace and the API. The step to an idea validates with the idea form
itself (``IdeaSubmissionForm``): a topic becomes an idea under exactly the rules of any idea.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.areas.models import Area
from backend.areas.selectors import quarter_choices
from backend.cases.forms import IDEA_FIELDS, IdeaSubmissionForm
from backend.common.fields import NamedRequiredMessages
from backend.conferences.models import Conference, ConferenceTopic, PersonRole, TopicPerson
from backend.conferences.rules import RECORDED_CONSENT
from backend.conferences.services import CONFERENCE_FIELDS, PERSON_FIELDS, TOPIC_FIELDS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class ConferenceForm(NamedRequiredMessages, forms.ModelForm):  # type: ignore[type-arg]
    """An event: kind, title, date and hours, place, organisers."""

    class Meta:
        model = Conference
        fields = CONFERENCE_FIELDS
        widgets = {
            "time_from": TimeInput(),
            "time_to": TimeInput(),
            "organisers": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "organisers": _("z. B. Jugendamt, Stadtteilmoderation (ISSAB), Diakoniewerk"),
            "place": _("z. B. Schloß Borbeck, Schloßstraße 101, 45355 Essen"),
        }

    def __init__(self, *args: Any, districts: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district: Any = self.fields["district"]
        district.queryset = districts
        district.empty_label = None if districts.count() == 1 else _("Bitte wählen")

    def _post_clean(self) -> None:
        """Validation of the model is the service's (with the permission check)."""


#: The headings of the workshop template (seed 002) for the idea's fields.
TEMPLATE_LABELS = {
    "title": _("Thema"),
    "challenge": _("Kurz: Was ist die Herausforderung, das Problem?"),
    "affected": _("Rundum-Blick: Wer ist davon betroffen?"),
    "intended_result": _(
        "Von der Zukunft her gedacht: Was soll im Prinzip das Ergebnis sein (Realitäts-Check)?"
    ),
    "first_ideas": _("Spontan: Erste Lösungsideen"),
    "next_steps": _("Konkret: Empfehlungen für nächste Schritte"),
    "responsible": _("Wer sollte die Verantwortung übernehmen („Wer hat den Hut auf?“)"),
    "participants": _("Teilnehmende der Arbeitsgruppe (für Nachfragen)"),
}


class TopicForm(NamedRequiredMessages, forms.ModelForm):  # type: ignore[type-arg]
    """A topic on the workshop template; only the title is required at the wall."""

    target_groups = forms.MultipleChoiceField(
        label=IdeaSubmissionForm.base_fields["target_groups"].label,
        choices=IdeaSubmissionForm.base_fields["target_groups"].choices,  # type: ignore[attr-defined]
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.MultipleChoiceField(
        label=IdeaSubmissionForm.base_fields["topics"].label,
        choices=IdeaSubmissionForm.base_fields["topics"].choices,  # type: ignore[attr-defined]
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ConferenceTopic
        fields = TOPIC_FIELDS
        labels = TEMPLATE_LABELS

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quarter: Any = self.fields["quarter"]
        quarter.queryset = quarter_choices().filter(city_id=conference.district.city_id)
        quarter.label = IdeaSubmissionForm.base_fields["quarter"].label
        self.fields["estimated_cost"].label = IdeaSubmissionForm.base_fields["estimated_cost"].label

    def _post_clean(self) -> None:
        """Validation of the model is the service's."""


class TopicPersonForm(NamedRequiredMessages, forms.ModelForm):  # type: ignore[type-arg]
    """An initiator or interested person; contact details only with consent."""

    consent = forms.BooleanField(
        label=_("Die Person hat eingewilligt (Wortlaut unten)."),
        required=False,
        help_text=RECORDED_CONSENT,
    )
    consent_on = forms.DateField(label=_("Einwilligung erteilt am"), required=False)

    class Meta:
        model = TopicPerson
        fields = PERSON_FIELDS
        labels = {"organisation": _("Organisation (Verein, Initiative, Einrichtung)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = PersonRole.INITIATOR

    def _post_clean(self) -> None:
        """Validation of the model is the service's."""

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name, "") for name in PERSON_FIELDS}


#: Fields of the idea form the step from topic to idea takes from the initiator instead.
CONTACT_FROM_INITIATOR = ("contact_name", "email", "phone", "preferred_language", "consent")


class TopicIdeaForm(IdeaSubmissionForm):
    """The idea form, pre-filled from the topic, with the initiator (who consented) as the
    contact instead of the contact fields."""

    initiator = forms.ModelChoiceField(
        label=_("Ansprechperson der Idee"),
        queryset=TopicPerson.objects.none(),
        help_text=_(
            "Nur Initiatorinnen und Initiatoren mit Einwilligung und E-Mail-Adresse. Sie "
            "bekommen den persönlichen Statuslink per E-Mail."
        ),
        error_messages={
            "required": _("Bitte wählen Sie die Ansprechperson."),
            "invalid_choice": _("Bitte wählen Sie eine Ansprechperson aus der Liste."),
        },
    )

    def __init__(self, *args: Any, topic: ConferenceTopic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CONTACT_FROM_INITIATOR:
            del self.fields[name]
        initiator: Any = self.fields["initiator"]
        initiator.queryset = topic_initiators_with_consent(topic)
        quarter: Any = self.fields["quarter"]
        quarter.queryset = quarter.queryset.filter(city_id=topic.conference.district.city_id)

    @staticmethod
    def initial_for(topic: ConferenceTopic) -> dict[str, Any]:
        """The topic's fields and its first consenting initiator's organisation."""
        initial: dict[str, Any] = {name: getattr(topic, name) for name in IDEA_FIELDS}
        initial["quarter"] = topic.quarter_id
        initiator = topic_initiators_with_consent(topic).first()
        if initiator is not None:
            initial["initiator"] = initiator.pk
            initial["association_name"] = initiator.organisation
        initial["legal_form"] = "initiative"
        initial["town"] = topic.conference.district.city.name
        return initial


def topic_initiators_with_consent(topic: ConferenceTopic) -> QuerySet[TopicPerson]:
    return (
        topic.people.filter(
            role=PersonRole.INITIATOR, consent_on__isnull=False, consent_text__gt=""
        )
        .exclude(email="")
        .order_by("pk")
    )
