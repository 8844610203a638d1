"""The writers of the documents app: storing an office's template, and making a notice."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import ensure_in_scope, may_change_model, scoped, signed_in
from xiezuo.core.types import Actor
from xiezuo.documents import notice, selectors
from xiezuo.documents.models import DocumentTemplate, TemplateKind
from xiezuo.exchange.choices import PostingState
from xiezuo.exchange.models import Posting
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region

# Postings whose selection has been decided: a notice can be issued from approval on.
NOTICE_STATES = (PostingState.APPROVED, PostingState.ON_POST, PostingState.EXTENDED,
                 PostingState.COMPLETED, PostingState.ENDED_EARLY, PostingState.HANDED_OVER)


def upload_template(*, actor: Actor, data: bytes, file_name: str, region: Region | None = None,
                    organisation: Organisation | None = None,
                    kind: str = TemplateKind.POSTING_NOTICE) -> DocumentTemplate:
    """Store an office's template after checking it (DomainError with the reason); the
    office's earlier template of the kind is retired (kept, not in use)."""
    if not may_change_model(actor, DocumentTemplate):
        raise DomainError(_("Your role cannot replace document templates."))
    if (region is None) == (organisation is None):
        raise DomainError(_("Choose the office the template is for."), field="office")
    if region is not None:
        in_area = scoped(Region, actor).filter(pk=region.pk).exists()
    else:
        assert organisation is not None
        in_area = scoped(Organisation, actor).filter(pk=organisation.pk).exists()
    if not in_area:
        raise DomainError(_("That office lies outside your area."), field="office")
    try:
        notice.check_template(data, file_name)
    except notice.TemplateProblem as exc:
        raise DomainError(str(exc), field="file") from None
    template = DocumentTemplate(kind=kind, region=region, organisation=organisation,
                                original_name=file_name[-200:], uploaded_by=signed_in(actor))
    with transaction.atomic():
        DocumentTemplate.objects.filter(kind=kind, region=region, organisation=organisation,
                                        active=True).update(active=False)
        template.file.save("template.docx", ContentFile(data), save=False)
        template.save()
        ensure_in_scope(template, actor)
    return template


def retire_template(*, actor: Actor, template: DocumentTemplate) -> None:
    """Stop using a template: the office's notices go back to the next one up (or the default)."""
    ensure_in_scope(template, actor)
    template.active = False
    template.save(update_fields=["active"])


def notice_file_name(posting: Posting) -> str:
    start = posting.actual_start or posting.planned_start
    return f"选派通知-{posting.person.name}-{posting.host.name}-{start.year}.docx"


def posting_notice(*, actor: Actor, posting: Posting, today: datetime.date) -> tuple[bytes, str]:
    """The 选派通知 of an approved posting (read through scoped() by the caller), from the
    most specific office template; DomainError when the posting is not approved yet."""
    if posting.state not in NOTICE_STATES:
        raise DomainError(_("A posting notice is issued once the posting is approved; this posting is "
                            "“%(state)s”.") % {"state": posting.get_state_display()})
    template = selectors.template_for(posting, actor)
    context = selectors.notice_context(posting, actor, today)
    try:
        data = notice.render(selectors.template_bytes(template), context)
    except Exception as exc:  # docxtpl and Jinja raise many kinds on a damaged template
        raise DomainError(_("The notice template cannot be filled in (%(error)s); ask the office "
                            "that uploaded it to replace it.") % {"error": exc}) from None
    return data, notice_file_name(posting)
