"""Payload of each transition, validated by a Django form: the base form and the forms of the
steps before the decision.

The same forms validate the API's JSON and the workspace's HTML posts, and their fields tell
the API which data a transition requires. Every form takes the case and the actor, so rules
that depend on them (amount ≤ requested, only coordinators may waive a deadline) live here.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.fields import MONEY, NamedRequiredMessages
from backend.common.vocabularies import UploadCategory
from workflows.actors import COORDINATOR, Actor, actor_has_role

if TYPE_CHECKING:
    from backend.cases.models import Case

AMOUNT: dict[str, Any] = {**MONEY, "min_value": Decimal("0.01")}


def not_in_future(value: Any) -> None:
    """A decision is recorded when it has been taken: its date is today or earlier."""
    if value and value > timezone.localdate():
        raise forms.ValidationError(
            _("Das Datum der Entscheidung darf nicht in der Zukunft liegen."), code="future"
        )


class TransitionForm(NamedRequiredMessages, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, data: Any = None, *, case: Case, actor: Actor) -> None:
        super().__init__(data=data)
        self.case = case
        self.actor = actor


class StartAdviceForm(TransitionForm):
    pass


class ReferForm(TransitionForm):
    referral_kind = forms.ChoiceField(
        label=_("Art der Weitervermittlung"),
        choices=[
            ("offering", _("an ein bestehendes Angebot")),
            ("other_funder", _("an einen anderen Fördergeber")),
            ("not_eligible", _("nicht förderfähig")),
        ],
    )
    reason = forms.CharField(
        label=_("Begründung"), max_length=4000, widget=forms.Textarea, strip=True
    )
    offering = forms.IntegerField(label=_("Angebot (ID)"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        from backend.offerings.models import Offering

        data = super().clean() or {}
        if data.get("referral_kind") == "offering":
            offering_id = data.get("offering")
            if not offering_id:
                self.add_error("offering", _("Bitte wählen Sie das Angebot aus."))
            else:
                offering = Offering.objects.filter(pk=offering_id, active=True).first()
                if offering is None:
                    self.add_error("offering", _("Dieses Angebot gibt es nicht (mehr)."))
                data["offering"] = offering
        else:
            data["offering"] = None
        return data


class SubmitApplicationForm(TransitionForm):
    deadline_exception = forms.CharField(
        label=_("Ausnahme von der Antragsfrist (Begründung)"),
        required=False,
        max_length=2000,
        help_text=_("Nur die Koordination kann eine Ausnahme eintragen."),
    )

    def clean_deadline_exception(self) -> str:
        value: str = self.cleaned_data.get("deadline_exception", "")
        if value and not actor_has_role(self.actor, self.case, COORDINATOR):
            raise forms.ValidationError(_("Nur die Koordination kann eine Ausnahme eintragen."))
        return value


class RequestChangesForm(TransitionForm):
    message = forms.CharField(
        label=_("Was fehlt oder soll geändert werden?"), max_length=4000, widget=forms.Textarea
    )
    due_on = forms.DateField(label=_("Frist"))
    documents_needed = forms.MultipleChoiceField(
        label=_("Benötigte Unterlagen"),
        choices=UploadCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Statusseite des Trägers zeigt, welche davon noch fehlen."),
    )

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data["due_on"]
        if due_on <= timezone.localdate():
            raise forms.ValidationError(_("Die Frist muss in der Zukunft liegen."))
        if due_on > timezone.localdate() + timedelta(days=366):
            # A Nachforderung has a short due date; a year ahead is a typo (9999-12-31).
            raise forms.ValidationError(_("Die Frist darf höchstens ein Jahr entfernt liegen."))
        return due_on


class RequestReportChangesForm(RequestChangesForm):
    pass


class WithdrawForm(TransitionForm):
    reason = forms.CharField(
        label=_("Warum ziehen Sie die Idee zurück? (freiwillig)"), required=False, max_length=2000
    )
