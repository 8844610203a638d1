"""Reads of the documents app: the office that issues a document, the template that
makes a posting's notice, and the notice's context."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiezuo.accounts.models import Role
from xiezuo.core.scoping import scoped, user_role
from xiezuo.core.types import Actor
from xiezuo.documents.models import DocumentTemplate, TemplateKind
from xiezuo.documents.official import chinese_date
from xiezuo.exchange.models import Posting
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Gender
from xiezuo.regions.models import Pairing, Region

DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "templates_docx"
DEFAULT_FILES = {TemplateKind.POSTING_NOTICE: DEFAULT_TEMPLATES / "posting_notice.docx"}


def short_name(region: Region | None) -> str:
    """山东 for 山东省: the first short name, else the name."""
    if region is None:
        return ""
    return region.short_names[0] if region.short_names else region.name


def pairing_name(pairing: Pairing) -> str:
    """山东—重庆, 烟台市—巫山县, 烟台毓璜顶医院—巫山县人民医院: the pairing as written in titles."""
    east = pairing.east_org.name if pairing.east_org else short_name(pairing.east_region)
    west = pairing.west_org.name if pairing.west_org else short_name(pairing.west_region)
    return f"{east}—{west}"


def issuing_office(user: Actor) -> str:
    """The office a document is issued by (发文机关署名): the user's organisation, or the
    East–West cooperation office of the user's region."""
    scope = getattr(user, "scope", None)
    if scope is not None and scope.organisation is not None and user_role(user) != Role.COORDINATOR:
        return scope.organisation.name
    if scope is not None and scope.region is not None:
        return _("%(region)s East–West Cooperation Office") % {"region": scope.region.full_name
                                                               or scope.region.name}
    return _("East–West Cooperation Office")


def templates(user: Actor) -> QuerySet[DocumentTemplate]:
    """The templates the user's offices uploaded (their scope)."""
    return scoped(DocumentTemplate, user).select_related("region", "organisation", "uploaded_by")


def _chain(region: Region | None) -> list[Region]:
    """The region and the regions above it, nearest first."""
    found: list[Region] = []
    while region is not None and region not in found:
        found.append(region)
        region = region.parent
    return found


def template_for(posting: Posting, user: Actor, kind: str = TemplateKind.POSTING_NOTICE) -> DocumentTemplate | None:
    """The template that makes this posting's document: the most specific active template
    of an office the posting belongs to — the host or the sending organisation, then the
    nearest region up either's tree; the user's own side first. None: the default one.

    The posting was read through scoped(); the templates of the offices above it (a
    province's template for a county's posting) are found by those offices, not by the
    user's scope, since they apply to everything under them."""
    host, sending = posting.host, posting.person.organisation
    chains = {"host": _chain(host.region), "sending": _chain(sending.region)}
    organisations: list[Organisation] = [host, sending]
    regions = {r.pk: r for chain in chains.values() for r in chain}
    candidates = list(DocumentTemplate.objects.filter(
        Q(organisation__in=organisations) | Q(region__in=list(regions)), kind=kind, active=True,
    ).select_related("region", "organisation").order_by("-uploaded_at", "-pk"))
    if not candidates:
        return None
    scope = getattr(user, "scope", None)
    own_prefix = scope.region.prefix if scope is not None and scope.region is not None else None
    own_org = scope.organisation_id if scope is not None else None

    def rank(template: DocumentTemplate) -> tuple[int, int, int]:
        if template.organisation is not None:
            own = template.organisation_id == own_org or (
                own_prefix is not None and template.organisation.region.code.startswith(own_prefix))
            return (int(own), 1, 0)
        region = template.region
        assert region is not None
        own = own_prefix is not None and (own_prefix.startswith(region.prefix) or region.code.startswith(own_prefix))
        return (int(own), 0, len(region.prefix))

    return max(candidates, key=rank)  # max keeps the first (newest) of equal rank


def template_bytes(template: DocumentTemplate | None, kind: str = TemplateKind.POSTING_NOTICE) -> bytes:
    if template is None:
        return DEFAULT_FILES[TemplateKind(kind)].read_bytes()
    with template.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _period(start: datetime.date, end: datetime.date | None) -> str:
    if end is None:
        return chinese_date(start) + _(" onwards")
    return _("%(start)s to %(end)s") % {"start": chinese_date(start), "end": chinese_date(end)}


def notice_context(posting: Posting, user: Actor, today: datetime.date) -> dict[str, str]:
    """The placeholders of a 选派通知 (documents.notice.PLACEHOLDERS) for one posting."""
    person = posting.person
    start = posting.actual_start or posting.planned_start
    end = posting.actual_end or posting.planned_end
    return {
        "姓名": person.name,
        "性别": person.get_gender_display() if person.gender in (Gender.MALE, Gender.FEMALE) else "",
        "单位": person.organisation.name,
        "职务": person.position or person.title,
        "职称": person.title,
        "派驻单位": posting.host.name,
        "派驻地区": str(posting.host.region),
        "派驻岗位": " ".join(p for p in (posting.department, posting.post) if p),
        "类别": posting.get_kind_display(),
        "批次": posting.batch,
        "开始日期": chinese_date(start),
        "结束日期": chinese_date(end) if end else "",
        "起止日期": _period(start, end),
        "配对": pairing_name(posting.pairing) if posting.pairing else "",
        "发文机关": issuing_office(user),
        "日期": chinese_date(today),
        "年": str(start.year),
    }
