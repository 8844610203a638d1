"""Personal API tokens: stored hashed, shown once, revoked by their owner only, expiring,
accepted on the JSON API only (as their owner, without CSRF), their use logged."""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from xiezuo.accounts import tokens
from xiezuo.accounts.models import ApiToken, ApiTokenUse
from xiezuo.accounts.services import MAX_ACTIVE_TOKENS, create_token, revoke_tokens
from xiezuo.core.tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def wushan(refdata, make_user):
    OrganisationFactory(name="巫山县中医院", region=region("500237"))
    OrganisationFactory(name="开州区人民医院", region=region("500154"))
    return make_user("wushan", region="500237")


def bearer(plain):
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def organisation_names(response):
    return {item["name"] for item in response.json()["items"]}


def test_only_the_digest_is_stored(wushan):
    token, plain = create_token(actor=wushan, name="省平台", lifetime_days=90)
    assert plain.startswith("xz_") and len(plain) == tokens.TOKEN_LENGTH
    assert token.prefix == plain[3:11]
    assert token.digest == hashlib.sha256(plain.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not [name for name, value in stored.items() if isinstance(value, str) and plain in value]
    assert ApiToken.objects.filter(digest=plain).count() == 0
    assert tokens.matches(plain, token.digest) and not tokens.matches(plain + "x", token.digest)


@pytest.mark.parametrize("text", ["", "xz_", "abc", "xz_" + "a" * 42, "xz_" + "a" * 44,
                                  "xz_" + "é" * 43, "Bearer", "yy_" + "a" * 43])
def test_text_that_is_no_token_has_no_prefix(text):
    assert tokens.prefix_of(text) is None


def test_a_token_reads_as_its_owner_without_csrf_and_is_logged(wushan):
    token, plain = create_token(actor=wushan, name="省平台", lifetime_days=None)
    client = Client(enforce_csrf_checks=True)
    response = client.get("/api/organisations/", **bearer(plain), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert organisation_names(response) == {"巫山县中医院"}
    # A write needs no CSRF token with a bearer token (the coordinator may add one).
    created = client.post("/api/organisations/", {"name": "巫山县人民医院", "kind": "hospital",
                                                  "region": "500237"},
                          content_type="application/json", **bearer(plain), REMOTE_ADDR="10.1.2.4")
    assert created.status_code == 201, created.content
    token.refresh_from_db()
    assert token.last_used_ip == "10.1.2.4" and token.last_used_at is not None
    uses = list(ApiTokenUse.objects.filter(token=token).order_by("at", "pk").values_list("method", "path"))
    assert uses == [("GET", "/api/organisations/"), ("POST", "/api/organisations/")]


def test_the_session_still_needs_csrf(wushan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(wushan)
    assert client.get("/api/organisations/").status_code == 200
    response = client.post("/api/organisations/", {"name": "x", "kind": "hospital", "region": "500237"},
                           content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize(("header", "words"), [
    ("Bearer xz_" + "A" * 43, "令牌无效"),
    ("Bearer not-a-token", "令牌无效"),
    ("Bearer ", "令牌无效"),
    ("Token xz_" + "A" * 43, "Bearer"),
    ("Basic d3VzaGFuOnB3LTEyMzQ1NiE=", "Bearer"),
])
def test_bad_tokens_and_other_schemes_are_401_in_chinese(wushan, header, words):
    response = Client().get("/api/organisations/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert words in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_credentials_is_401_in_chinese(wushan):
    response = Client().get("/api/organisations/")
    assert response.status_code == 401 and "登录" in response.json()["detail"]


def test_expired_revoked_and_disabled(wushan):
    token, plain = create_token(actor=wushan, name="短期", lifetime_days=30)
    client = Client()
    assert client.get("/api/organisations/", **bearer(plain)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/api/organisations/", **bearer(plain))
    assert response.status_code == 401 and "过期" in response.json()["detail"]

    token, plain = create_token(actor=wushan, name="停用账户", lifetime_days=30)
    get_user_model().objects.filter(pk=wushan.pk).update(is_active=False)
    response = client.get("/api/organisations/", **bearer(plain))
    assert response.status_code == 401 and "停用" in response.json()["detail"]


def test_a_new_token_works_for_its_lifetime(wushan):
    before = timezone.now()
    token, _plain = create_token(actor=wushan, name="一年", lifetime_days=365)
    assert before + datetime.timedelta(days=365) <= token.expires_at <= timezone.now() + datetime.timedelta(days=365)
    assert token.status == "active"


def test_html_pages_ignore_the_token(wushan):
    _token, plain = create_token(actor=wushan, name="省平台", lifetime_days=90)
    response = Client().get("/organisations/", **bearer(plain))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_token_is_shown_once(wushan, client_for):
    client = client_for(wushan)
    page = client.get("/accounts/tokens/")
    assert page.status_code == 200 and "API令牌" in page.content.decode()
    response = client.post("/accounts/tokens/", {"name": "省平台", "lifetime": "90"})
    token = ApiToken.objects.get(owner=wushan)
    assert response.status_code == 302 and response["Location"] == f"/accounts/tokens/{token.pk}/created/"
    shown = client.get(response["Location"])
    text = shown.content.decode()
    plain = text.split('id="token-value" value="', 1)[1].split('"', 1)[0]
    assert tokens.matches(plain, token.digest)
    assert "只显示这一次" in text and shown["Cache-Control"] == "no-store"
    again = client.get(response["Location"], follow=True)
    assert plain not in again.content.decode() and "只在创建后显示一次" in again.content.decode()
    listing = client.get("/accounts/tokens/").content.decode()
    assert plain not in listing and f"xz_{token.prefix}…" in listing and "省平台" in listing
    assert plain not in str(dict(client.session))


def test_a_name_is_required_and_the_number_of_tokens_is_limited(wushan, client_for):
    client = client_for(wushan)
    response = client.post("/accounts/tokens/", {"name": "  ", "lifetime": "30"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    for n in range(MAX_ACTIVE_TOKENS):
        create_token(actor=wushan, name=f"第{n}个", lifetime_days=30)
    response = client.post("/accounts/tokens/", {"name": "再来一个", "lifetime": "30"})
    assert response.status_code == 200 and "先撤销" in response.content.decode()
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_revoking_asks_first_and_works_for_the_owner_only(wushan, make_user, client_for):
    other = make_user("kaizhou", region="500154")
    mine, mine_plain = create_token(actor=wushan, name="我的", lifetime_days=90)
    theirs, theirs_plain = create_token(actor=other, name="别人的", lifetime_days=90)
    client = client_for(wushan)
    listing = client.get("/accounts/tokens/").content.decode()
    assert "别人的" not in listing and "data-confirm=" in listing
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.get(f"/accounts/tokens/{theirs.pk}/created/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert Client().get("/api/organisations/", **bearer(theirs_plain)).status_code == 200
    response = client.post(f"/accounts/tokens/{mine.pk}/revoke/", follow=True)
    assert "已撤销" in response.content.decode()
    mine.refresh_from_db()
    assert mine.revoked_at is not None and mine.revoked_by == wushan
    answer = Client().get("/api/organisations/", **bearer(mine_plain))
    assert answer.status_code == 401 and "撤销" in answer.json()["detail"]


def test_a_user_without_a_scope_is_told_why(refdata, make_user, client_for):
    nobody = make_user("nobody")
    client = client_for(nobody)
    assert "没有负责的地区" in client.get("/accounts/tokens/").content.decode()
    assert client.post("/accounts/tokens/", {"name": "x", "lifetime": "30"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_administrators_revoke_in_the_back_office(wushan, admin_user, client_for):
    token, plain = create_token(actor=wushan, name="省平台", lifetime_days=90)
    client = client_for(admin_user)
    assert "省平台" in client.get("/admin/accounts/apitoken/").content.decode()
    response = client.post("/admin/accounts/apitoken/", {
        "action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert Client().get("/api/organisations/", **bearer(plain)).status_code == 401
    with pytest.raises(Exception, match="管理员"):
        revoke_tokens(actor=wushan, token_ids=[token.pk])


def test_the_schema_documents_both_schemes(wushan, client_for):
    schema = client_for(wushan).get("/api/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerToken"]["scheme"] == "bearer"
    assert schemes["BrowserSession"]["in"] == "cookie"
    assert {"BearerToken": []} in schema["paths"]["/api/postings/"]["get"]["security"]
