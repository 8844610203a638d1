"""Attachment pages: upload to a record, download, remove. Every request reads the record
through `scoped()` (attachments.selectors): outside the user's view it is not found (404);
a user who sees but may not change it is refused (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from xiezuo.attachments import selectors, services
from xiezuo.attachments.downloads import file_response
from xiezuo.attachments.forms import UploadForm

SECTION = "#attachments"


def back_to(parent: Model) -> str:
    """The page that shows the record's attachments (a goal's address is its place on its
    posting's or team's page)."""
    url = str(parent.get_absolute_url())  # type: ignore[attr-defined]
    return url if "#" in url else f"{url}{SECTION}"


class UploadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, parent: str, pk: int) -> HttpResponse:
        record = selectors.visible_parent(request.user, parent, pk)
        if not selectors.may_upload(request.user, record):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                text = "；".join(str(error) for error in errors)
                messages.error(request, f"{label}：{text}" if label else text)
            return redirect(back_to(record))
        fields = form.to_fields(request.user)
        try:
            stored = services.upload_attachments(actor=request.user, parent=record, **fields)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Files attached: %(n)d.") % {"n": len(stored)})
        return redirect(back_to(record))


class DownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment, _parent = selectors.visible_attachment(request.user, pk)
        return file_response(attachment)


class RemoveView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        attachment, record = selectors.visible_attachment(request.user, pk)
        services.remove_attachment(actor=request.user, attachment=attachment, parent=record)
        messages.success(request, _("The file “%(name)s” was removed.") % {
            "name": attachment.original_name})
        return redirect(back_to(record))
