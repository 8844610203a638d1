"""Error pages: Chinese 404/403/500 in the site's look (config/errors.py), never Django's
debug or bare English pages; out-of-scope records are 404; the API keeps its JSON errors."""

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver

from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(refdata, make_user):
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    return {
        "inside": PersonFactory(name="医生甲", organisation=wushan),
        "outside": PersonFactory(name="开州丙", organisation=kaizhou),
        "coordinator": make_user("wushan", region="500237"),
        "auditor": make_user("auditor", region="500237", role="auditor"),
    }


@override_settings(DEBUG=False)
def test_person_outside_the_county_is_a_chinese_404(world, client_for):
    client = client_for(world["coordinator"])
    assert client.get(f"/people/{world['inside'].pk}/").status_code == 200
    response = client.get(f"/people/{world['outside'].pk}/", HTTP_REFERER="http://testserver/people/")
    assert response.status_code == 404  # never a 403: the record is not shown to exist
    text = response.content.decode()
    assert "页面不存在" in text
    assert "首页" in text and 'href="/"' in text
    assert "返回上一页" in text and 'href="http://testserver/people/"' in text
    assert 'class="topbar"' in text  # the site's look, with its menu
    assert "URLconf" not in text and "urlpatterns" not in text and "Not Found" not in text


@override_settings(DEBUG=False)
def test_unknown_address_is_a_chinese_404_without_a_foreign_back_link(world, client_for):
    response = client_for(world["coordinator"]).get("/no-such-page/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and "evil.example" not in text and "返回上一页" not in text


@override_settings(DEBUG=False)
def test_api_keeps_json_errors(world, client_for):
    response = client_for(world["coordinator"]).get(f"/api/people/{world['outside'].pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@override_settings(DEBUG=False)
def test_auditor_posting_an_action_gets_the_chinese_403(world, client_for):
    response = client_for(world["auditor"]).post("/people/import/", {})
    assert response.status_code == 403
    text = response.content.decode()
    assert "无权操作" in text and "未作任何更改" in text
    assert 'id="error-reason"' in text  # the refusal's reason from the view
    assert "首页" in text and "Forbidden" not in text


def test_server_error_page_renders_without_a_request_context():
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/people/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "服务器出错" in text and "首页" in text and 'href="/"' in text
    assert "Server Error" not in text


def test_server_error_under_the_api_is_json():
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/api/people/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")


@override_settings(DEBUG=False)
def test_form_refused_by_the_csrf_check_gets_a_chinese_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["coordinator"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "表单已失效" in text and 'id="error-csrf"' in text and "CSRF verification failed" not in text
