"""Pages render in both languages and load nothing from outside the installation."""

import re

import pytest

pytestmark = pytest.mark.django_db
EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
PAGES = ["/", "/regions/", "/regions/500237/", "/regions/pairings/", "/organisations/",
         "/people/", "/organisations/import/", "/api/docs", "/admin/"]


@pytest.mark.parametrize("url", PAGES)
def test_no_assets_from_outside(refdata, admin_user, client_for, url):
    response = client_for(admin_user).get(url)
    assert response.status_code == 200
    assert not EXTERNAL.search(response.content.decode())


def test_chinese_by_default_and_english_on_request(refdata, admin_user, client_for):
    client = client_for(admin_user)
    assert "结对关系" in client.get("/regions/pairings/").content.decode()
    english = client.get("/regions/pairings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pairings" in english and "结对关系" not in english


@pytest.mark.parametrize("url", ["/needs/", "/exchange/postings/", "/organisations/"])
def test_list_filters_offer_all_not_dashes(refdata, admin_user, client_for, url):
    """Issue 13: a filter's empty choice reads 全部 (All in English), never '---------'."""
    client = client_for(admin_user)
    page = client.get(url).content.decode()
    assert ">全部</option>" in page and "---------" not in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">All</option>" in english


@pytest.mark.parametrize("url", ["/cooperation/agreements/new/", "/activities/new/",
                                 "/exchange/postings/new/", "/admin/people/person/add/"])
def test_form_selects_say_choose_not_dashes(refdata, admin_user, client_for, url):
    """Issue 13: an empty choice in a form reads 请选择 (Choose… in English), never '---------'."""
    client = client_for(admin_user)
    page = client.get(url).content.decode()
    assert ">请选择</option>" in page and "---------" not in page
    assert ">Choose…</option>" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize("url", ["/people/new/", "/needs/new/", "/activities/new/",
                                 "/exchange/postings/new/", "/cooperation/projects/new/"])
def test_a_read_only_role_gets_no_create_form(refdata, make_user, client_for, url):
    """Issue 13: an auditor who types a create page's address is told, in Chinese, that the
    role only reads — no form to fill in and lose."""
    response = client_for(make_user("au", region="500237", role="auditor")).get(url)
    text = response.content.decode()
    assert response.status_code == 403
    said = "您的角色不能新建人员。" if url == "/people/new/" else "您的角色只能查看此类记录，不能新建。"
    assert said in text and '<form method="post"' not in text.split("</header>")[-1]
    assert client_for(make_user("ws", region="500237")).get(url).status_code == 200
