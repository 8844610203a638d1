"""Report pages: upload, the reports list, a report's review page, the fact queue, records."""

from __future__ import annotations

import mimetypes
from collections.abc import Container
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.errors import Conflict
from xiezuo.core.forms import apply_errors
from xiezuo.core.scoping import Action, can, get_for_change, scoped
from xiezuo.core.types import Actor
from xiezuo.core.views import ScopedDetailView, ScopedListView
from xiezuo.reports import services
from xiezuo.reports.display import highlight
from xiezuo.reports.filters import DocumentFilter, FactRecordFilter
from xiezuo.reports.forms import PeriodForm, UploadForm, correction_form
from xiezuo.reports.models import (
    Fact,
    FactKind,
    FactRecord,
    FactStatus,
    Indicator,
    Qualifier,
    ReportDocument,
    ReportStatus,
)
from xiezuo.reports.tables import DocumentTable, FactRecordTable


def reviewable(user: Actor, facts: list[Fact]) -> set[int]:
    """The facts of a page the user may review (change), decided once for the page: one
    query, not one per fact."""
    return set(scoped(Fact, user, Action.CHANGE).filter(pk__in=[fact.pk for fact in facts])
               .values_list("pk", flat=True))


def prepare_facts(facts, *, may_review: Container[int], forms=None) -> list[Fact]:
    """Attach the highlighted source passage, the edit form and the right to review (the
    facts' ids in ``may_review``, decided by the caller once for the request) to each fact."""
    forms = forms or {}
    facts = list(facts)
    for fact in facts:
        doc = fact.document
        fact.passage = highlight(doc.segment_text(fact.segment), fact.evidence)
        fact.form = forms.get(fact.pk) or correction_form(fact)
        fact.can_review = fact.pk in may_review
        values = fact.values
        fact.labels = [str(dict(choices.choices).get(values.get(key), values.get(key) or ""))
                       for key, choices in (("indicator", Indicator), ("qualifier", Qualifier))]
    return facts


def pending_shown(facts: list[Fact]) -> list[int]:
    """The ids of the shown facts that the accept-all action would accept: those still
    pending that the user may review (`prepare_facts` decided the right)."""
    return [fact.pk for fact in facts if getattr(fact, "can_review", False) and fact.status == FactStatus.PENDING]


class DocumentListView(ScopedListView):
    model = ReportDocument
    table_class = DocumentTable
    filterset_class = DocumentFilter
    title = gettext_lazy("Reports")
    actions_template = "reports/list_actions.html"

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("duplicate_of").annotate(
            pending=Count("facts", filter=Q(facts__status=FactStatus.PENDING)))


class UploadView(LoginRequiredMixin, View):
    template_name = "reports/upload.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context(UploadForm()))

    def context(self, form: UploadForm, **extra: Any) -> dict[str, Any]:
        return {"form": form, "title": _("Upload reports"), "max_mb": f"{settings.XIEZUO_REPORT_MAX_MB:g}",
                **extra}

    def post(self, request: HttpRequest) -> HttpResponse:
        services.ensure_may_upload(request.user)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=422)
        outcomes = services.upload_reports(
            actor=request.user, files=[(f.name, f) for f in form.cleaned_data["files"]],
            background=True)
        for outcome in outcomes:
            if outcome.document is not None and not can(request.user, Action.VIEW, outcome.document):
                outcome.document = None
        stored = ("extracting", "created", "duplicate")
        status = 200 if any(o.status in stored for o in outcomes) else 422
        return render(request, self.template_name, self.context(UploadForm(), outcomes=outcomes),
                      status=status)


class DocumentDetailView(ScopedDetailView):
    model = ReportDocument
    template_name = "reports/document_detail.html"
    select_related = ("uploaded_by", "region", "organisation", "east_region", "west_region",
                      "duplicate_of")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        doc = self.object
        shown = list(self.visible(doc.facts.all()).select_related("document", "record"))
        facts = prepare_facts(shown, may_review=reviewable(self.request.user, shown))
        context.update(
            title=str(doc),
            facts=facts, pending_ids=pending_shown(facts),
            counts={s.label: sum(1 for f in doc.facts.all() if f.status == s) for s in FactStatus},
            period_form=kwargs.get("period_form") or PeriodForm(initial={
                "period_start": doc.period_start, "period_end": doc.period_end, "version": doc.version}),
            duplicate_visible=doc.duplicate_of is not None and can(
                self.request.user, Action.VIEW, doc.duplicate_of),
            waiting_long=services.waiting_long(doc),
        )
        return context


class DocumentStatusView(LoginRequiredMixin, View):
    """The extraction state of a report (htmx polls it while the worker extracts); once
    finished, an htmx request reloads the whole page, which then shows the facts."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = get_object_or_404(scoped(ReportDocument, request.user), pk=pk)
        if request.headers.get("HX-Request") and document.status != ReportStatus.EXTRACTING:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "reports/_status.html",
                      {"object": document, "waiting_long": services.waiting_long(document)})


class PeriodView(DocumentDetailView):
    """POST the report's period from its page; on an error the page is shown again (422)."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = document = get_for_change(ReportDocument, request.user, pk=pk)
        form = PeriodForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_period(actor=request.user, document=document,
                                       period_start=data["period_start"], period_end=data["period_end"],
                                       expected_version=data["version"])
            except ValidationError as exc:
                apply_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The period was saved; the report's records follow it."))
                return redirect(document.get_absolute_url())
        return self.render_to_response(self.get_context_data(period_form=form), status=422)


class DocumentFileView(LoginRequiredMixin, View):
    """The original file, served only to users who see the report (no public media URL)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = get_object_or_404(scoped(ReportDocument, request.user), pk=pk)
        if not document.file:
            raise Http404
        content_type = mimetypes.guess_type(document.original_name)[0] or "application/octet-stream"
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True,
                            filename=document.original_name, content_type=content_type)


class FactQueueView(LoginRequiredMixin, View):
    """The review queue across the reports the user sees (pending facts first)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        facts = scoped(Fact, request.user).select_related("document", "record")
        status = request.GET.get("status", FactStatus.PENDING)
        if status in FactStatus.values:
            facts = facts.filter(status=status)
        kind = request.GET.get("kind", "")
        if kind in FactKind.values:
            facts = facts.filter(kind=kind)
        page = Paginator(facts.order_by("document_id", "pk"), 30).get_page(request.GET.get("page"))
        on_page = list(page)
        shown = prepare_facts(on_page, may_review=reviewable(request.user, on_page))
        return render(request, "reports/fact_queue.html", {
            "title": _("Review queue"), "page": page, "facts": shown, "pending_ids": pending_shown(shown),
            "status": status, "kind": kind, "statuses": FactStatus.choices, "kinds": FactKind.choices})


class FactReviewView(LoginRequiredMixin, View):
    """Accept, correct or reject one fact (htmx: answers the fact's card)."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ("accept", "correct", "reject"):
            raise Http404
        fact = get_for_change(Fact.objects.select_related("document"), request.user, pk=pk)
        form = None
        if action == "correct":
            form = correction_form(fact, data=request.POST)
            if form.is_valid():
                try:
                    services.correct_fact(actor=request.user, fact=fact, changes=form.cleaned_data)
                except ValidationError as exc:
                    apply_errors(form, exc)
        elif action == "accept":
            services.accept_fact(actor=request.user, fact=fact)
        else:
            services.reject_fact(actor=request.user, fact=fact)
        failed = form is not None and bool(form.errors)
        may_review = {fact.pk}  # `get_for_change` above: the user may change (review) it
        if getattr(request, "htmx", False):
            fresh = scoped(Fact, request.user).select_related("document", "record").get(pk=fact.pk)
            (card,) = prepare_facts([fresh], may_review=may_review,
                                    forms={fact.pk: form} if failed else None)
            return render(request, "reports/_fact.html", {"fact": card, "open_form": failed})
        if failed:
            fact.refresh_from_db()
            (card,) = prepare_facts([fact], may_review=may_review, forms={fact.pk: form})
            return render(request, "reports/fact_failed.html",
                          {"fact": card, "open_form": True, "title": str(fact.document)}, status=422)
        messages.success(request, _("Fact reviewed."))
        return redirect(fact.get_absolute_url())


class AcceptShownView(LoginRequiredMixin, View):
    """Accept every pending fact a page showed (the ids it posted), all or none; back to
    the page with "已接受 N 条", or with the reason nothing was accepted."""

    def post(self, request: HttpRequest) -> HttpResponse:
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = ""
        back = back or reverse("reports:fact_queue")
        try:
            ids = [int(value) for value in request.POST.getlist("fact")]
        except ValueError:
            messages.error(request, _("The facts shown could not be read; reload the page."))
            return redirect(back)
        try:
            accepted = services.accept_shown(actor=request.user, fact_ids=ids)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, _("Accepted %(count)s facts.") % {"count": len(accepted)})
        return redirect(back)


class FactRecordListView(ScopedListView):
    model = FactRecord
    table_class = FactRecordTable
    filterset_class = FactRecordFilter
    select_related = ("pairing__east_region", "pairing__west_region", "pairing__east_org",
                      "pairing__west_org", "organisation", "document")
    title = gettext_lazy("Fact records")

