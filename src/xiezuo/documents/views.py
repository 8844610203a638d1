"""Document pages: a posting's 选派通知 (download), the offices' templates (list, upload,
retire, download). Every read starts from scoped(): a posting or template outside the
user's area is not found (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from xiezuo.core.downloads import content_disposition
from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import may_change_model, scoped
from xiezuo.documents import selectors, services
from xiezuo.documents.forms import TemplateUploadForm
from xiezuo.documents.models import DocumentTemplate, TemplateKind
from xiezuo.documents.notice import DOCX_MIME, PLACEHOLDERS
from xiezuo.exchange.models import Posting


def docx_response(data: bytes, name: str, fallback: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = content_disposition(name, fallback)
    response["Cache-Control"] = "private, no-store"
    return response


class PostingNoticeView(LoginRequiredMixin, View):
    """GET: the 选派通知 of an approved posting as a Word file."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        posting = get_object_or_404(
            scoped(Posting, request.user).select_related(
                "person__organisation", "host__region", "pairing__east_region", "pairing__west_region",
                "pairing__east_org", "pairing__west_org"), pk=pk)
        try:
            data, name = services.posting_notice(actor=request.user, posting=posting,
                                                 today=timezone.localdate())
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(posting.get_absolute_url())
        return docx_response(data, name, f"posting-notice-{posting.pk}.docx")


class TemplateListView(LoginRequiredMixin, View):
    """The offices' templates in the user's area, the placeholders, and (for coordinators)
    the upload form."""

    template_name = "documents/templates.html"

    def own_region(self, request: HttpRequest) -> Any:
        scope = getattr(request.user, "scope", None)
        return scope.region if scope is not None else None

    def page(self, request: HttpRequest, form: TemplateUploadForm | None, status: int = 200) -> HttpResponse:
        may_upload = may_change_model(request.user, DocumentTemplate)
        if form is None and may_upload:
            form = TemplateUploadForm(user=request.user, own_region=self.own_region(request))
        return render(request, self.template_name, {
            "templates": selectors.templates(request.user), "form": form if may_upload else None,
            "placeholders": PLACEHOLDERS.items(), "may_upload": may_upload,
        }, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, None)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not may_change_model(request.user, DocumentTemplate):
            raise PermissionDenied
        form = TemplateUploadForm(request.POST, request.FILES, user=request.user,
                                  own_region=self.own_region(request))
        if not form.is_valid():
            return self.page(request, form, status=400)
        upload = form.cleaned_data["file"]
        try:
            services.upload_template(actor=request.user, data=upload.read(), file_name=upload.name,
                                     region=form.cleaned_data["region"], kind=form.cleaned_data["kind"])
        except DomainError as exc:
            form.add_error("file" if exc.field in ("file", None) else "region", exc.message)
            return self.page(request, form, status=400)
        messages.success(request, _("The template is in use: the notices of your office are made from it now."))
        return redirect("documents:templates")


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = get_object_or_404(scoped(DocumentTemplate, request.user), pk=pk)
        return docx_response(selectors.template_bytes(template), template.original_name,
                             f"template-{template.pk}.docx")


class DefaultTemplateView(LoginRequiredMixin, View):
    """The template shipped with the system, as the starting point of an office's own."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind not in TemplateKind.values:
            raise Http404(_("No such document."))
        data = selectors.template_bytes(None, kind)
        return docx_response(data, _("Default template - %(kind)s.docx") % {"kind": TemplateKind(kind).label},
                             f"default-{kind}.docx")


class TemplateRetireView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = get_object_or_404(scoped(DocumentTemplate, request.user), pk=pk)
        try:
            services.retire_template(actor=request.user, template=template)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The template is no longer used; notices come from the next office "
                                        "up, or from the default template."))
        return redirect("documents:templates")
