"""Create and edit pages of mentorships, engagements, bases, postings and teams, and the
small forms on their pages (progress note, session, service team, team member).

All are `core.form_views` views: edit pages fetch the record with `get_for_change` (404
outside the user's view, 403 for read-only roles) before any input is read; the hidden
`version` goes to the service as `expected_version`, so a stale form is refused (409) and
changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

from xiezuo.core.form_views import ScopedChildFormView, ScopedFormView
from xiezuo.exchange import forms, record_forms, services
from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting, Team
from xiezuo.exchange.views import support
from xiezuo.exchange.views.pages import report_warnings
from xiezuo.exchange.views.teams import TeamDetailView


class RecordFormView(ScopedFormView):
    """An exchange record's create or edit page; the rule warnings of the saved record
    are shown as messages. A form with errors is shown again with 200, as ever here."""

    template_name = "exchange/form.html"
    changed_message = gettext_lazy("Changes saved.")
    invalid_status = 200

    def after_save(self, request: HttpRequest, record: Any) -> None:
        report_warnings(request, record)


class ChildAddView(ScopedChildFormView):
    """POST a note / session / service team / member from the owner's page (combined with
    the owner's detail view); errors show the page again (422)."""

    def after_save(self, request: HttpRequest, child: Any) -> None:
        report_warnings(request, child)


# ---- mentorships ---------------------------------------------------------------------


class MentorshipFormView(RecordFormView):
    model = Mentorship
    form_class = record_forms.MentorshipForm
    edit_form_class = record_forms.MentorshipEditForm
    create = services.create_mentorship
    update = services.update_mentorship
    title = gettext_lazy("New mentorship")
    saved_message = gettext_lazy("Mentorship saved.")


class MentorshipNoteView(ChildAddView, support.MentorshipDetailView):
    form_class = record_forms.NoteForm
    prefix = "note"
    add = services.add_mentorship_note
    parent_keyword = "mentorship"
    saved_message = gettext_lazy("Progress note added.")


# ---- engagements ---------------------------------------------------------------------


class EngagementFormView(RecordFormView):
    model = Engagement
    form_class = record_forms.EngagementForm
    edit_form_class = record_forms.EngagementEditForm
    create = services.create_engagement
    update = services.update_engagement
    title = gettext_lazy("New engagement")
    saved_message = gettext_lazy("Engagement saved.")


class EngagementSessionView(ChildAddView, support.EngagementDetailView):
    form_class = record_forms.SessionForm
    prefix = "session"
    add = services.add_session
    parent_keyword = "engagement"
    saved_message = gettext_lazy("Session added.")


# ---- bases ---------------------------------------------------------------------------


class BaseFormView(RecordFormView):
    model = Base
    form_class = record_forms.BaseForm
    edit_form_class = record_forms.BaseEditForm
    create = services.create_base
    update = services.update_base
    title = gettext_lazy("New base")
    saved_message = gettext_lazy("Base saved.")


class ServiceTeamAddView(ChildAddView, support.BaseDetailView):
    form_class = record_forms.ServiceTeamForm
    prefix = "team"
    add = services.add_service_team
    parent_keyword = "base"
    saved_message = gettext_lazy("Service team added.")


# ---- postings and teams --------------------------------------------------------------


class PostingFormView(RecordFormView):
    """A new posting (a page may start from query parameters) and a posting's edit page."""

    model = Posting
    form_class = forms.PostingForm
    edit_form_class = record_forms.PostingEditForm
    create = services.create_posting
    update = services.update_posting
    title = gettext_lazy("New posting")
    saved_message = gettext_lazy("Posting saved.")
    initial_params = tuple(forms.PostingForm.base_fields)


class TeamFormView(RecordFormView):
    model = Team
    form_class = forms.TeamForm
    create = services.create_team
    title = gettext_lazy("New team")
    saved_message = gettext_lazy("Team saved.")


class TeamMemberView(ChildAddView, TeamDetailView):
    """A new member from the team's page; on an error the page is shown again (422)."""

    form_class = forms.MemberForm
    prefix = "member"
    add = services.add_member
    parent_keyword = "team"

    def success_message(self, child: Any) -> str:
        return gettext("%(name)s joined the team.") % {"name": child.person.name}
