"""Forms of the exchange pages; they only collect input — the services decide."""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.exchange.choices import (
    Direction,
    GoalKind,
    GoalStatus,
    OutcomeKind,
    PostingKind,
    TeamRole,
)
from xiezuo.exchange.models import Programme
from xiezuo.reference.models import Domain

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERSON_HELP = _("Name (add “/ organisation” if several share it), ID number or #number.")


PERSON = _("Person")


def person_field(label=PERSON):
    return forms.CharField(
        label=label, max_length=200, help_text=PERSON_HELP,
        widget=forms.TextInput(attrs={"list": "people-options", "autocomplete": "off",
                                      "hx-get": reverse_lazy("exchange:people_options"),
                                      "hx-trigger": "input changed delay:300ms",
                                      "hx-target": "#people-options"}),
    )


def org_field(label, required=True):
    return forms.CharField(
        label=label, max_length=200, required=required,
        help_text=_("Name of the organisation (add “/ region” if several share it)."),
        widget=forms.TextInput(attrs={"list": "org-options", "autocomplete": "off",
                                      "hx-get": reverse_lazy("exchange:org_options"),
                                      "hx-trigger": "input changed delay:300ms",
                                      "hx-target": "#org-options"}),
    )


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the named field where it has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            plain = target or field == NON_FIELD_ERRORS
            form.add_error(target, message if plain else f"{field}: {message}")


class PostingDetailsForm(forms.Form):
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


class TeamForm(forms.Form):
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


class MemberForm(forms.Form):
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


def evidence_file_field():
    """The evidence upload; the service checks its size and kind (extension and content)."""
    return forms.FileField(label=_("Evidence file"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}))


class EvidenceHelp:
    """Says on the form which files are accepted, with the configured size limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].help_text = gettext(
            "PDF, JPG/PNG, Word, Excel, PowerPoint or text (.txt, .csv); at most %(size)s MB."
        ) % {"size": f"{settings.XIEZUO_EVIDENCE_MAX_MB:g}"}


class GoalForm(EvidenceHelp, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=GoalKind.choices)
    title = forms.CharField(label=_("Goal"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    evidence_text = forms.CharField(label=_("Evidence"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = evidence_file_field()


class GoalUpdateForm(EvidenceHelp, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    evidence_text = forms.CharField(label=_("Evidence"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = evidence_file_field()


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of outcome"), choices=OutcomeKind.choices)
    title = forms.CharField(label=_("Outcome"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE, required=False)
    fills_gap = forms.BooleanField(label=_("Fills a gap (填补空白)"), required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
