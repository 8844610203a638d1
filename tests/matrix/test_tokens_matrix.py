"""Permission matrix of the API token pages (issue 14, part 6): every signed-in user lists
and creates their own tokens (a user without a scope is told why and creates none); the
page of a new token and the revocation answer 404 for anyone else's token, administrators
included (they revoke in the back office). Tokens over the API: accounts/tests."""

import pytest
from django.test import Client

from tests.matrix import test_page_matrix
from tests.matrix.world import ROLES, build_world, check, client_for
from xiezuo.accounts.models import ApiToken
from xiezuo.accounts.services import create_token

pytestmark = pytest.mark.django_db

PAGES = {
    "api_token_list": "/accounts/tokens/",
    "api_token_created": "/accounts/tokens/{pk}/created/",
    "api_token_revoke": "/accounts/tokens/{pk}/revoke/",
}
test_page_matrix.EXTRA_COVERED |= set(PAGES)


@pytest.mark.parametrize("role", ROLES)
def test_token_pages(refdata, role):
    world = build_world()
    client = client_for(world, role)
    theirs, _plain = create_token(actor=world["users"]["coordinator"] if role != "coordinator"
                                  else world["users"]["auditor"], name="别人的", lifetime_days=30)
    if role == "anonymous":
        for url in PAGES.values():
            assert client.get(url.format(pk=theirs.pk)).status_code == 302, url
        assert client.post(PAGES["api_token_list"], {"name": "x", "lifetime": "30"}).status_code == 302
        return
    assert client.get(PAGES["api_token_list"]).status_code == 200
    created = client.post(PAGES["api_token_list"], {"name": "我的", "lifetime": "30"})
    if role == "nobody":
        check(created, {403}, "create")
        assert not ApiToken.objects.filter(owner=world["users"][role]).exists()
    else:
        check(created, {302}, "create")
        mine = ApiToken.objects.get(owner=world["users"][role])
        check(client.get(PAGES["api_token_created"].format(pk=mine.pk)), {200}, "shown")
        check(client.post(PAGES["api_token_revoke"].format(pk=mine.pk)), {302}, "revoke own")
    check(client.get(PAGES["api_token_created"].format(pk=theirs.pk)), {404}, "other's shown")
    check(client.post(PAGES["api_token_revoke"].format(pk=theirs.pk)), {404}, "other's revoke")
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "nobody")])
def test_a_token_sees_and_changes_exactly_what_its_owner_may(refdata, role):
    """The same requests with the owner's session and with the owner's token get the same
    answers: the lists hold the same records, reads and writes the same statuses."""
    world = build_world()
    session = client_for(world, role)
    _token, plain = create_token(actor=world["users"][role], name="矩阵", lifetime_days=30)
    token = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    for path in ("/api/regions/?q=巫山", "/api/pairings/", "/api/organisations/", "/api/people/"):
        by_session, by_token = session.get(path), token.get(path)
        assert by_session.status_code == by_token.status_code == 200, path
        assert ids(by_session) == ids(by_token), path
    for side in ("in", "out"):
        person = world[side]["person"]
        url = f"/api/people/{person.pk}"
        assert session.get(url).status_code == token.get(url).status_code, (side, "read")
        person.refresh_from_db()
        body = {"note": "经令牌修改", "version": person.version}
        answer = token.patch(url, body, content_type="application/json").status_code
        expected = {404} if role != "admin" and side == "out" else (
            {200} if role in ("admin", "coordinator", "org_user", "self_service") else {403})
        assert answer in expected, (side, answer)


def ids(response):
    return sorted(item["id"] for item in response.json()["items"])
