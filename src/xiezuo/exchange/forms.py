"""Forms of the exchange pages; they only collect input — the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import ServiceForm
from xiezuo.core.lookups import resolve
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.exchange.choices import (
    Direction,
    GoalKind,
    GoalStatus,
    OutcomeKind,
    PostingKind,
    TeamRole,
)
from xiezuo.exchange.models import Programme
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON
from xiezuo.reference.models import Domain

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERSON_HELP = _("Name (add “/ organisation” if several share it), ID number or #number.")


PERSON_LABEL = _("Person")


def person_field(label: StrOrPromise = PERSON_LABEL) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=200, help_text=PERSON_HELP, widget=Picker("people.person"),
    )


def org_field(label: StrOrPromise, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=200, required=required,
        help_text=_("Name of the organisation (add “/ region” if several share it)."),
        widget=Picker("orgs.organisation.any"),
    )


class PostingDetailsForm(ServiceForm):
    """The fields of a posting that may also change after it was created."""

    batch = forms.CharField(label=_("Batch"), max_length=32, required=False)
    post = forms.CharField(label=_("Post held at the host"), max_length=128, required=False)
    department = forms.CharField(label=_("Department at the host"), max_length=64,
                                 required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(),
                                       required=False)
    need_ref = forms.IntegerField(label=_("Need (reference)"), required=False, min_value=1)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)


class PostingForm(PostingDetailsForm):
    person = person_field()
    host = org_field(_("Host organisation"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=PostingKind.choices)

    field_order = ["person", "host", "direction", "kind"]

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        data["person"] = resolve(PERSON, actor, data["person"], field="person")
        data["host"] = resolve(ANY_ORGANISATION, actor, data["host"], field="host")
        return data


class TeamForm(ServiceForm):
    name = forms.CharField(label=_("Team name"), max_length=128)
    host = org_field(_("Host organisation"))
    sending_org = org_field(_("Sending organisation"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    batch = forms.CharField(label=_("Batch"), max_length=32, required=False)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(),
                                       required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE)
    need_ref = forms.IntegerField(label=_("Team need (reference)"), required=False, min_value=1)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        for name in ("host", "sending_org"):
            data[name] = resolve(ANY_ORGANISATION, actor, data[name], field=name)
        return data


class MemberForm(ServiceForm):
    person = person_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=PostingKind.choices)
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices,
                             initial=TeamRole.MEMBER)
    post = forms.CharField(label=_("Post held at the host"), max_length=128, required=False)
    department = forms.CharField(label=_("Department at the host"), max_length=64,
                                 required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE, required=False,
                                    help_text=_("Empty: the team's period."))
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE, required=False)

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        """The member's inputs given (the team's values stand for the empty ones)."""
        data = {k: v for k, v in super().to_fields(actor).items() if v not in (None, "")}
        data["person"] = resolve(PERSON, actor, data.get("person"), field="person")
        return data


class StartForm(forms.Form):
    start = forms.DateField(label=_("Actual start"), widget=DATE, required=False)


class CompleteForm(forms.Form):
    end = forms.DateField(label=_("Actual end"), widget=DATE, required=False)


class ExtendForm(forms.Form):
    new_end = forms.DateField(label=_("New end date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class SuccessorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name} ({obj.start} – {obj.end}, {obj.get_state_display()})"


class EndEarlyForm(forms.Form):
    end = forms.DateField(label=_("Last day"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    successor = SuccessorChoice(label=_("Successor"), queryset=None, required=False)

    def __init__(self, *args, successors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors


class HandOverForm(forms.Form):
    successor = SuccessorChoice(label=_("Successor"), queryset=None)

    def __init__(self, *args, successors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors


EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.csv"


def evidence_file_field() -> forms.FileField:
    """The evidence upload; the service checks its size and kind (extension and content)."""
    return forms.FileField(label=_("Evidence file"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}))


class EvidenceHelp(ServiceForm):
    """Says on the form which files are accepted, with the configured size limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].help_text = gettext(
            "PDF, JPG/PNG, Word, Excel, PowerPoint or text (.txt, .csv); at most %(size)s MB."
        ) % {"size": f"{settings.XIEZUO_EVIDENCE_MAX_MB:g}"}


class GoalForm(EvidenceHelp):
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=GoalKind.choices)
    title = forms.CharField(label=_("Goal"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    evidence_text = forms.CharField(label=_("Evidence"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = evidence_file_field()


class GoalUpdateForm(EvidenceHelp):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    evidence_text = forms.CharField(label=_("Evidence"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = evidence_file_field()

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        """The changes: an evidence file only when one was uploaded."""
        return {k: v for k, v in super().to_fields(actor).items() if v or k != "evidence_file"}


class OutcomeForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Kind of outcome"), choices=OutcomeKind.choices)
    title = forms.CharField(label=_("Outcome"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE, required=False)
    fills_gap = forms.BooleanField(label=_("Fills a gap (填补空白)"), required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
