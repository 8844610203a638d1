"""Issue 11, finding 8: login throttling behind the reverse proxy of docs/deployment.md.

Every connection comes from nginx (127.0.0.1) with the client's address in
X-Forwarded-For. A stranger's failures lock the user name from the stranger's address
only; the user signs in from their own; a client connecting directly cannot pick the
address it is throttled under by sending the header.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from xiezuo.accounts.client_ip import client_ip

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def via_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address)


def fail_five_times(client: Client, username: str = "admin-user") -> None:
    for _ in range(5):
        client.post(LOGIN, {"username": username, "password": "wrong-password"})


def test_a_stranger_behind_the_proxy_does_not_lock_out_the_user(make_user):
    make_user("admin-user", superuser=True)
    stranger = via_proxy("203.0.113.5")
    fail_five_times(stranger)
    assert stranger.post(LOGIN, {"username": "admin-user", "password": "pw-123456!"}).status_code == 429

    user = via_proxy("198.51.100.7")
    response = user.post(LOGIN, {"username": "admin-user", "password": "pw-123456!"})
    assert response.status_code == 302
    assert "_auth_user_id" in user.session


def test_the_lock_follows_the_client_address_not_the_proxy(make_user):
    make_user("admin-user")
    fail_five_times(via_proxy("203.0.113.5"))

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


def test_a_direct_client_cannot_choose_its_address_with_the_header(make_user):
    make_user("admin-user")
    direct = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.7")
    fail_five_times(direct)

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.10"]
    assert via_proxy("198.51.100.7").post(
        LOGIN, {"username": "admin-user", "password": "pw-123456!"}).status_code == 302


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
    ("127.0.0.1", "10.9.8.7, 203.0.113.5", "203.0.113.5"),        # right-most is the proxy's view
    ("127.0.0.1", "203.0.113.5, 127.0.0.1", "203.0.113.5"),       # a chain of trusted proxies
    ("127.0.0.1", "", "127.0.0.1"),
    ("127.0.0.1", "not-an-address", "127.0.0.1"),
    ("192.0.2.10", "203.0.113.5", "192.0.2.10"),                  # not from a trusted proxy
    ("::1", "2001:db8::5", "2001:db8::5"),
])
def test_client_ip(rf, remote, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_trusted_proxies_are_configurable(rf, settings):
    settings.XIEZUO_TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")) == "203.0.113.5"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")) == "127.0.0.1"
