"""The crawler: every page the menu reaches, as administrator, coordinator and auditor, in zh-Hans.

For each page (and the first record of each list): no English word outside a short allowlist,
no raw data ({', None, +00:00, [{, people.person, ---------, 38.00), no error page, and for the
auditor no POST form but the language switch and signing out. Every finding of a role is
collected before the test fails; they are written to /tmp/crawl/report-<role>.txt too.
"""

import pytest
from django.core.management import call_command

from tests.browser.crawl import (
    crawl,
    demo_round,
    login,
    message,
    model_labels,
    new_context,
    write_report,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {"admin": "admin", "coordinator": "wushan", "auditor": "auditor"}


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_page_reads_as_chinese(live_server, browser, role):
    call_command("demo", verbosity=0)
    demo_round()
    context = new_context(browser)
    page = context.new_page()
    try:
        login(page, live_server.url, ROLES[role])
        findings, seen = crawl(page, live_server.url, labels=model_labels(), read_only=role == "auditor",
                               shots="desktop" if role == "coordinator" else None)
    finally:
        context.close()
    report = write_report(role, findings, seen)
    # The menu reached the app's areas (a broken menu must not pass as "no findings").
    assert len(seen) >= 20, f"only {len(seen)} pages reached from the menu: {seen}"
    assert not findings, message(role, findings, report)
