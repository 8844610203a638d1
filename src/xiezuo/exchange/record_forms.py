"""Create and edit forms of mentorships, engagements, bases, and the posting edit form.

They only collect input: `to_fields(actor)` resolves the people and organisations named
(`core/lookups.py`, a ValidationError naming the field) and the services decide. Edit
forms carry the record's `version` in a hidden field (optimistic locking).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import ServiceForm, VersionMixin
from xiezuo.core.lookups import resolve
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.exchange.choices import BaseKind, EngagementRole, PostingState
from xiezuo.exchange.forms import DATE, PERSON_HELP, PostingDetailsForm, org_field, person_field
from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting
from xiezuo.orgs.lookups import ANY_ORGANISATION
from xiezuo.people.lookups import PERSON

TEXT = forms.Textarea(attrs={"rows": 3})


class PeopleInputs(forms.Widget):
    """Several person inputs sharing one name, each a people picker (`core.widgets`)."""

    def __init__(self, attrs=None, blanks: int = 2):
        super().__init__(attrs)
        self.blanks = blanks

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        if isinstance(values, str):
            values = [values]
        return [str(v).strip() for v in values if str(v).strip()]

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def render(self, name, value, attrs=None, renderer=None):
        values = list(value or []) + [""] * self.blanks
        first_id = (attrs or {}).get("id", f"id_{name}")
        picker = Picker("people.person")
        return format_html_join(" ", "{}", (
            (picker.render(name, v, {"id": first_id if i == 0 else f"{first_id}_{i}"},
                           renderer),) for i, v in enumerate(values)))


class PeopleField(forms.Field):
    widget = PeopleInputs

    def to_python(self, value):
        return list(value or [])


def people_field(label, required=True):
    return PeopleField(label=label, required=required,
                       help_text=format_lazy("{} {}", _("One person per input."), PERSON_HELP))


def _resolve_people(actor, values, field):
    return [resolve(PERSON, actor, v, field=field) for v in values]


# ---- mentorships ---------------------------------------------------------------------


class MentorshipForm(ServiceForm):
    mentor = person_field(_("Mentor"))
    apprentices = people_field(_("Apprentices"))
    host = org_field(_("Host organisation"))
    posting = forms.CharField(label=_("Mentor's posting"), required=False, max_length=20,
                              help_text=_("Number of the posting (#number), optional."))
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE, required=False,
                          help_text=_("Empty while open."))
    plan = forms.CharField(label=_("Plan"), widget=TEXT, required=False)
    result = forms.CharField(label=_("Result"), widget=TEXT, required=False)

    @classmethod
    def initial_from(cls, m: Mentorship) -> dict[str, Any]:  # type: ignore[override]
        return {"mentor": f"{m.mentor.name} / {m.mentor.organisation.name}",
                "apprentices": [f"{a.name} / {a.organisation.name}"
                                for a in m.apprentices.select_related("organisation")],
                "host": m.host.name, "posting": f"#{m.posting_id}" if m.posting_id else "",
                "start": m.start, "end": m.end, "plan": m.plan, "result": m.result}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        data["mentor"] = resolve(PERSON, actor, data["mentor"], field="mentor")
        data["apprentices"] = _resolve_people(actor, data["apprentices"], "apprentices")
        data["host"] = resolve(ANY_ORGANISATION, actor, data["host"], field="host")
        posting = (data["posting"] or "").strip().lstrip("#")
        data["posting"] = resolve(Posting, actor, posting, field="posting")
        return data


class MentorshipEditForm(VersionMixin, MentorshipForm):
    pass


class NoteForm(ServiceForm):
    date = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("Progress"), widget=TEXT)


# ---- engagements ---------------------------------------------------------------------


class EngagementForm(ServiceForm):
    person = person_field()
    organisation = org_field(_("Engaging organisation"))
    role = forms.ChoiceField(label=_("Role"), choices=EngagementRole.choices)
    start = forms.DateField(label=_("Start of the term"), widget=DATE)
    end = forms.DateField(label=_("End of the term"), widget=DATE, required=False,
                          help_text=_("Empty while open."))
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)

    @classmethod
    def initial_from(cls, e: Engagement) -> dict[str, Any]:  # type: ignore[override]
        return {"person": f"{e.person.name} / {e.person.organisation.name}",
                "organisation": e.organisation.name, "role": e.role, "start": e.start,
                "end": e.end, "note": e.note}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        data["person"] = resolve(PERSON, actor, data["person"], field="person")
        data["organisation"] = resolve(ANY_ORGANISATION, actor, data["organisation"], field="organisation")
        return data


class EngagementEditForm(VersionMixin, EngagementForm):
    pass


class SessionForm(ServiceForm):
    date = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1,
                               min_value=0.1)


# ---- bases ---------------------------------------------------------------------------

TEAM_LINE = re.compile(r"^(?P<name>.+?)[\s,，:：]+(?P<members>\d+)\s*人?$")


class BaseForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=128)
    kind = forms.ChoiceField(label=_("Kind"), choices=BaseKind.choices)
    host = org_field(_("Host organisation"))
    partner = org_field(_("Partner organisation"), required=False)
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE, required=False,
                          help_text=_("Empty while open."))
    experts = people_field(_("Resident experts"), required=False)
    service_teams = forms.CharField(
        label=_("Service teams"), widget=TEXT, required=False,
        help_text=_("One team per line: name, then the number of members (e.g. 神经外科服务队 5)."))
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)

    @classmethod
    def initial_from(cls, b: Base) -> dict[str, Any]:  # type: ignore[override]
        return {"name": b.name, "kind": b.kind, "host": b.host.name,
                "partner": b.partner.name if b.partner else "", "start": b.start,
                "end": b.end, "note": b.note,
                "experts": [f"{p.name} / {p.organisation.name}"
                            for p in b.experts.select_related("organisation")],
                "service_teams": "\n".join(f"{t.name} {t.members}"
                                           for t in b.service_teams.all())}

    def clean_service_teams(self):
        teams, errors = [], []
        for number, line in enumerate(self.cleaned_data["service_teams"].splitlines(), 1):
            if not line.strip():
                continue
            match = TEAM_LINE.match(line.strip())
            if match is None:
                errors.append(_("Line %(n)s: give the name and then the number of members.")
                              % {"n": number})
                continue
            teams.append({"name": match["name"].strip(), "members": int(match["members"])})
        if errors:
            raise ValidationError(errors)
        return teams

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        data["host"] = resolve(ANY_ORGANISATION, actor, data["host"], field="host")
        data["partner"] = resolve(ANY_ORGANISATION, actor, data["partner"], field="partner")
        data["experts"] = _resolve_people(actor, data["experts"], "experts")
        return data


class BaseEditForm(VersionMixin, BaseForm):
    pass


class ServiceTeamForm(ServiceForm):
    name = forms.CharField(label=_("Name of the service team"), max_length=128)
    members = forms.IntegerField(label=_("Members"), min_value=0)


# ---- postings ------------------------------------------------------------------------

DATES_OPEN = {PostingState.PLANNED, PostingState.APPROVED}


class PostingEditForm(VersionMixin, PostingDetailsForm):
    """What may change outside the state machine; planned dates only before the start."""

    instance: Posting

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.state not in DATES_OPEN:
            del self.fields["planned_start"], self.fields["planned_end"]

    @classmethod
    def initial_from(cls, p: Posting) -> dict[str, Any]:  # type: ignore[override]
        return {name: getattr(p, name) for name in PostingDetailsForm.base_fields}

