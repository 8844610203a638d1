"""选派通知: the default template, an office's replacement, refused templates, scope."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from xiezuo.core.errors import DomainError
from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.documents import services
from xiezuo.documents.default_templates import posting_notice
from xiezuo.documents.models import DocumentTemplate
from xiezuo.documents.official import OfficialDocument
from xiezuo.documents.selectors import DEFAULT_FILES
from xiezuo.documents.tests.test_official import check_layout
from xiezuo.exchange.models import Posting

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(refdata, media, make_user):
    yantai = OrganisationFactory(name="烟台山医院", region=region("370602"))
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    doctor = PersonFactory(name="施宏志", organisation=yantai, position="神经外科副主任", gender="male")
    posting = Posting.objects.create(person=doctor, host=wushan, kind="medical", direction="east_west",
                                     planned_start=D(2026, 3, 1), planned_end=D(2027, 2, 28),
                                     state="approved", post="神经外科", batch="第八批")
    planned = Posting.objects.create(person=PersonFactory(name="张树栋", organisation=yantai), host=wushan,
                                     kind="medical", direction="east_west", planned_start=D(2026, 3, 1),
                                     planned_end=D(2027, 2, 28))
    other = Posting.objects.create(person=PersonFactory(name="王医生", organisation=yantai), host=kaizhou,
                                   kind="medical", direction="east_west", planned_start=D(2026, 3, 1),
                                   planned_end=D(2027, 2, 28), state="approved")
    return {"posting": posting, "planned": planned, "other": other, "wushan": wushan,
            "ws": make_user("ws", region="500237"), "cq": make_user("cq", region="500000"),
            "kz": make_user("kz", region="500154"),
            "hospital": make_user("hosp", organisation=wushan)}


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def office_template(title: str, body: str = "{{ 姓名 }}同志赴{{ 派驻单位 }}（{{ 起止日期 }}）") -> bytes:
    doc = OfficialDocument()
    doc.title(title)
    doc.paragraph(body)
    doc.signature("{{ 发文机关 }}", "{{ 日期 }}")
    return doc.save()


def test_the_default_template_makes_the_notice(world, client_for):
    client = client_for(world["ws"])
    response = client.get(f"/documents/postings/{world['posting'].pk}/notice.docx")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert 'filename="posting-notice-' in disposition
    assert "filename*=UTF-8''" + "%E9%80%89%E6%B4%BE%E9%80%9A%E7%9F%A5" in disposition  # 选派通知
    assert services.notice_file_name(world["posting"]) == "选派通知-施宏志-巫山县中医院-2026.docx"
    document = Document(io.BytesIO(response.content))
    check_layout(document)
    text = docx_text(response.content)
    assert "关于选派施宏志同志赴巫山县中医院开展东西部协作工作的通知" in text
    assert "烟台山医院：" in text and "神经外科副主任施宏志同志" in text
    assert "2026年3月1日至2027年2月28日" in text and "第八批" in text
    assert "重庆市巫山县东西部协作工作办公室" in text or "巫山县东西部协作工作办公室" in text
    assert "{{" not in text


def test_the_shipped_template_is_the_generators(world):
    shipped = docx_text(DEFAULT_FILES["posting_notice"].read_bytes())
    assert shipped == docx_text(posting_notice())


def test_an_offices_template_replaces_the_default_and_the_nearest_wins(world, client_for):
    services.upload_template(actor=world["cq"], data=office_template("重庆市选派通知"), file_name="重庆.docx",
                             region=region("500000"))
    client = client_for(world["ws"])
    url = f"/documents/postings/{world['posting'].pk}/notice.docx"
    assert "重庆市选派通知" in docx_text(client.get(url).content)  # the province's, for its counties
    page = client.post("/documents/templates/", {
        "kind": "posting_notice", "region": "",
        "file": _upload("巫山模板.docx", office_template("巫山县选派通知"))})
    assert page.status_code == 302
    text = docx_text(client.get(url).content)
    assert "巫山县选派通知" in text and "施宏志同志赴巫山县中医院（2026年3月1日至2027年2月28日）" in text
    # The county's template is not used for 开州's postings: the province's is.
    other = client_for(world["kz"]).get(f"/documents/postings/{world['other'].pk}/notice.docx")
    assert "重庆市选派通知" in docx_text(other.content)
    # Replacing retires the office's earlier template; retiring goes back up the tree.
    mine = DocumentTemplate.objects.get(region=region("500237"))
    listing = client.get("/documents/templates/").content.decode()
    assert "巫山模板.docx" in listing and "{{ 姓名 }}" in listing
    client.post(f"/documents/templates/{mine.pk}/retire/")
    assert "重庆市选派通知" in docx_text(client.get(url).content)


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("通知.doc", b"\xd0\xcf\x11\xe0old word", "另存为 .docx"),
    ("通知.docx", b"%PDF-1.4 a pdf named .docx", "不是 Word 文档"),
    ("通知.docx", b"PK\x03\x04 not really", "无法打开这个 Word 文档"),
    ("通知.docx", office_template("{{ 职位 }}"), "无法识别的占位符：{{ 职位 }}"),
    ("通知.docx", office_template("{% if 姓名 %}没有结束"), "占位符写法有误"),
    ("通知.docx", OfficialDocument().save(), "没有任何占位符"),
])
def test_a_bad_template_is_refused_with_the_reason(world, client_for, name, data, reason):
    client = client_for(world["ws"])
    page = client.post("/documents/templates/", {"kind": "posting_notice", "file": _upload(name, data)})
    assert page.status_code == 400
    assert reason in page.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_an_office_outside_the_area_is_refused(world):
    with pytest.raises(DomainError, match="不在您的管辖范围"):
        services.upload_template(actor=world["ws"], data=office_template("开州"), file_name="x.docx",
                                 region=region("500154"))
    with pytest.raises(DomainError, match="不能替换公文模板"):
        services.upload_template(actor=world["hospital"], data=office_template("x"), file_name="x.docx",
                                 organisation=world["wushan"])


def test_another_countys_posting_is_not_found(world, client_for):
    client = client_for(world["ws"])
    assert client.get(f"/documents/postings/{world['other'].pk}/notice.docx").status_code == 404
    assert client.get("/documents/postings/999999/notice.docx").status_code == 404
    services.upload_template(actor=world["kz"], data=office_template("开州"), file_name="开州.docx",
                             region=region("500154"))
    kaizhou = DocumentTemplate.objects.get()
    assert client.get(f"/documents/templates/{kaizhou.pk}.docx").status_code == 404
    assert "开州.docx" not in client.get("/documents/templates/").content.decode()


def test_a_posting_not_yet_approved_gets_a_clear_message(world, client_for):
    client = client_for(world["ws"])
    response = client.get(f"/documents/postings/{world['planned'].pk}/notice.docx")
    assert response.status_code == 302 and response["Location"] == world["planned"].get_absolute_url()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "选派经批准后才能生成选派通知；这条选派目前为“计划中”。" or "经批准后" in message
    detail = client.get(world["posting"].get_absolute_url()).content.decode()
    assert "生成选派通知" in detail
    assert "生成选派通知" not in client.get(world["planned"].get_absolute_url()).content.decode()


def test_values_are_escaped(world, client_for):
    world["posting"].person.name = "A&B<C>"
    world["posting"].person.save()
    response = client_for(world["ws"]).get(f"/documents/postings/{world['posting'].pk}/notice.docx")
    assert "A&B<C>" in docx_text(response.content)
