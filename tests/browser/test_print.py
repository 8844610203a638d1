"""Printing (issue 14): a posting and the annual report under print emulation show the
record alone — no menu, buttons, forms — black on white, tables full width; and the
posting's 选派通知 downloads as a Word file in the official layout."""

import datetime
import io

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-123456!")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(f"**{next_url}")


def hidden(page, selector: str) -> bool:
    return page.evaluate(
        "s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none')", selector)


def test_a_posting_and_the_annual_report_print_cleanly(live_server, page, refdata, make_user, shoot, tmp_path):
    from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
    from xiezuo.exchange.models import Posting
    from xiezuo.insights.tests import world as W

    data = W.build()
    yantai = OrganisationFactory(name="烟台毓璜顶医院", region=region("370602"))
    wushan = OrganisationFactory(name="巫山县人民医院", region=region("500237"))
    doctor = PersonFactory(name="施宏志", organisation=yantai, position="神经外科副主任")
    posting = Posting.objects.create(person=doctor, host=wushan, kind="medical", direction="east_west",
                                     planned_start=datetime.date(2026, 3, 1), planned_end=datetime.date(2027, 2, 28),
                                     state="approved", post="神经外科", batch="第八批")
    make_user("ws", region="500237")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "ws", f"/exchange/postings/{posting.pk}/")
    expect(page.locator("#posting-notice")).to_have_text("生成选派通知")
    with page.expect_download() as download_info:
        page.click("#posting-notice")
    download = download_info.value
    assert download.suggested_filename == "选派通知-施宏志-巫山县人民医院-2026.docx"
    path = tmp_path / "notice.docx"
    download.save_as(path)
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "关于选派施宏志同志赴巫山县人民医院开展东西部协作工作的通知" in text

    page.emulate_media(media="print")
    page.reload()
    for selector in (".topbar", ".actions", "form", "button"):
        assert hidden(page, selector), selector
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in ("rgb(255, 255, 255)",
                                                                                 "rgba(0, 0, 0, 0)")
    expect(page.locator("h1")).to_contain_text("施宏志")
    shoot(page, "print-posting")

    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/insights/report/?pairing={data['p1'].pk}&year=2025")
    page.emulate_media(media="print")
    table = page.locator("table.report")
    expect(table).to_be_visible()
    assert hidden(page, ".insights-selector") and hidden(page, ".topbar")
    width = page.evaluate("document.querySelector('table.report').getBoundingClientRect().width")
    body = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert width >= body - 2
    assert page.evaluate("getComputedStyle(document.querySelector('table.report thead')).display") \
        == "table-header-group"
    shoot(page, "print-annual-report")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
