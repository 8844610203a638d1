"""Create and edit pages of mentorships, engagements, bases and postings, and the small
forms on their pages (progress note, session, service team).

Edit pages fetch the record with `get_for_change` (404 outside the user's view, 403 for
read-only roles) before any input is read; the hidden `version` goes to the service as
`expected_version`, so a stale form is refused (409) and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import get_for_change
from xiezuo.exchange import forms, record_forms, services
from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting
from xiezuo.exchange.views import support
from xiezuo.exchange.views.pages import report_warnings


class RecordCreateView(LoginRequiredMixin, FormView):
    template_name = "exchange/form.html"
    create: str = ""  # name of the service function
    title = ""
    saved = gettext_lazy("Saved.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        actor = self.request.user
        try:
            record = getattr(services, self.create)(actor=actor, **form.to_fields(actor))
        except ValidationError as exc:
            forms.apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.saved)
        return redirect(record.get_absolute_url())


class RecordEditView(LoginRequiredMixin, FormView):
    template_name = "exchange/form.html"
    model = None
    update: str = ""  # name of the service function
    saved = gettext_lazy("Changes saved.")

    def get(self, request, *args, **kwargs):
        self.object = get_for_change(self.model, request.user, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = get_for_change(self.model, request.user, pk=kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {**self.form_class.initial_from(self.object), "version": self.object.version}

    def get_context_data(self, **kwargs):
        title = _("Edit: %(record)s") % {"record": self.object}
        return super().get_context_data(title=title, record=self.object, **kwargs)

    def form_valid(self, form):
        actor = self.request.user
        try:
            record = getattr(services, self.update)(
                actor=actor, instance=self.object, changes=form.to_fields(actor),
                expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            forms.apply_errors(form, exc)
            return self.form_invalid(form)
        except DomainError as exc:  # a stale version: Conflict (409)
            form.add_error(None, exc.message)
            context = self.get_context_data(form=form, stale=True)
            return self.render_to_response(context, status=exc.status_code)
        messages.success(self.request, self.saved)
        report_warnings(self.request, record)
        return redirect(record.get_absolute_url())


class ChildAddView(support.ChildFormsDetailView):
    """POST a note / session / service team from the owner's page (the owner's detail view
    with `post`); errors show the page again (422)."""

    http_method_names = ["post", "options"]
    prefix = ""  # the child form's key in `child_forms`
    add: str = ""  # name of the service function
    owner_kw = ""
    saved = ""

    def post(self, request, pk):
        self.object = owner = get_for_change(self.model, request.user, pk=pk)
        form = self.child_forms[self.prefix](request.POST, prefix=self.prefix)
        if form.is_valid():
            try:
                getattr(services, self.add)(actor=request.user, **{self.owner_kw: owner},
                                            **form.cleaned_data)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
            else:
                messages.success(request, self.saved)
                return redirect(owner.get_absolute_url())
        context = self.get_context_data(**{f"{self.prefix}_form": form})
        return self.render_to_response(context, status=422)


# ---- mentorships ---------------------------------------------------------------------


class MentorshipCreateView(RecordCreateView):
    form_class = record_forms.MentorshipForm
    create = "create_mentorship"
    title = gettext_lazy("New mentorship")
    saved = gettext_lazy("Mentorship saved.")


class MentorshipEditView(RecordEditView):
    model = Mentorship
    form_class = record_forms.MentorshipEditForm
    update = "update_mentorship"


class MentorshipNoteView(ChildAddView, support.MentorshipDetailView):
    prefix = "note"
    add = "add_mentorship_note"
    owner_kw = "mentorship"
    saved = gettext_lazy("Progress note added.")


# ---- engagements ---------------------------------------------------------------------


class EngagementCreateView(RecordCreateView):
    form_class = record_forms.EngagementForm
    create = "create_engagement"
    title = gettext_lazy("New engagement")
    saved = gettext_lazy("Engagement saved.")


class EngagementEditView(RecordEditView):
    model = Engagement
    form_class = record_forms.EngagementEditForm
    update = "update_engagement"


class EngagementSessionView(ChildAddView, support.EngagementDetailView):
    prefix = "session"
    add = "add_session"
    owner_kw = "engagement"
    saved = gettext_lazy("Session added.")


# ---- bases ---------------------------------------------------------------------------


class BaseCreateView(RecordCreateView):
    form_class = record_forms.BaseForm
    create = "create_base"
    title = gettext_lazy("New base")
    saved = gettext_lazy("Base saved.")


class BaseEditView(RecordEditView):
    model = Base
    form_class = record_forms.BaseEditForm
    update = "update_base"


class ServiceTeamAddView(ChildAddView, support.BaseDetailView):
    prefix = "team"
    add = "add_service_team"
    owner_kw = "base"
    saved = gettext_lazy("Service team added.")


# ---- postings ------------------------------------------------------------------------


class PostingEditView(RecordEditView):
    model = Posting
    form_class = record_forms.PostingEditForm
    update = "update_posting"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}
