"""A real browser uploads a big import; it runs as a background job in a real worker
process and the progress page (htmx polling) follows it until it has finished."""


import pytest
from playwright.sync_api import expect

from tests.excel_files import people_file
from xiezuo.core.excel import XLSX_MIME
from xiezuo.core.tests.workers import start_worker, stop
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = 1200


def test_big_import_progress_page(live_server, page, refdata, admin_user, settings, tmp_path):
    settings.XIEZUO_BACKGROUND_ROWS = 1000
    Organisation.objects.create(name="烟台山医院", kind="hospital", region=Region.objects.get(code="370602"))
    data, _bad = people_file(ROWS)

    page.goto(f"{live_server.url}/accounts/login/?next=/people/import/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "pw-123456!")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url("**/people/import/")
    page.set_input_files("input[type=file]", files=[
        {"name": "people.xlsx", "mimeType": XLSX_MIME, "buffer": data}])
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/jobs/*/")
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", "queued")

    with (tmp_path / "worker.log").open("w") as log:
        worker = start_worker(log)
        try:
            expect(status).to_have_attribute("data-status", "succeeded", timeout=180_000)
        finally:
            stop(worker)
    expect(page.locator("#job-progress")).to_have_attribute("value", str(ROWS))
    expect(page.locator("#job-outcome")).to_contain_text(str(ROWS))
    assert Person.objects.count() == ROWS
    page.locator("main a[href='/jobs/']").click()
    page.wait_for_url("**/jobs/")
    expect(page.locator("table")).to_contain_text("people.xlsx")
