"""Password change for every signed-in user; reset by an administrator only."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db

NEW = "Xiezuo-Wushan-2027!"


@pytest.fixture
def coordinator(refdata, make_user):
    return make_user("wushan", region="500237")


def test_header_links_to_password_change(coordinator, client_for):
    text = client_for(coordinator).get("/").content.decode()
    assert 'href="/accounts/password/"' in text and "修改密码" in text
    assert 'href="/accounts/users/"' not in text  # coordinators do not reset passwords


def test_password_change_works(coordinator, client_for):
    client = client_for(coordinator)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    response = client.post("/accounts/password/", {
        "old_password": "pw-123456!", "new_password1": NEW, "new_password2": NEW,
    })
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert "密码已修改" in client.get(response["Location"]).content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW)


def test_wrong_old_password_gives_a_chinese_field_error(coordinator, client_for):
    client = client_for(coordinator)
    response = client.post("/accounts/password/", {
        "old_password": "wrong-password", "new_password1": NEW, "new_password2": NEW,
    })
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="old_password-errors"' in text
    assert "旧密码不正确" in text
    coordinator.refresh_from_db()
    assert coordinator.check_password("pw-123456!")


def test_a_short_password_is_refused_in_chinese(coordinator, client_for):
    # Django 5.2's own catalogue leaves this message in English; ours words it.
    response = client_for(coordinator).post("/accounts/password/", {
        "old_password": "pw-123456!", "new_password1": "Ab3!x", "new_password2": "Ab3!x",
    })
    text = response.content.decode()
    assert response.status_code == 200
    assert "密码太短：至少需要 10 个字符。" in text and "too short" not in text
    assert "密码至少需要 10 个字符。" in client_for(coordinator).get("/accounts/password/").content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password("pw-123456!")


def test_password_change_needs_sign_in(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_administrator_resets_a_password(coordinator, admin_user, client_for):
    client = client_for(admin_user)
    listing = client.get("/accounts/users/").content.decode()
    assert f'href="/accounts/users/{coordinator.pk}/password/"' in listing
    url = f"/accounts/users/{coordinator.pk}/password/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == "/accounts/users/"
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW)


def test_reset_applies_the_password_rules(coordinator, admin_user, client_for):
    url = f"/accounts/users/{coordinator.pk}/password/"
    response = client_for(admin_user).post(url, {"new_password1": "1234567890", "new_password2": "1234567890"})
    assert response.status_code == 200
    assert "密码只包含数字" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password("pw-123456!")


def test_administrator_role_without_superuser_cannot_reset_a_superuser(refdata, make_user, admin_user,
                                                                         client_for):
    office_admin = make_user("office", region="500237", role="admin")
    client = client_for(office_admin)
    assert client.get("/accounts/users/").status_code == 200
    assert client.post(f"/accounts/users/{admin_user.pk}/password/",
                       {"new_password1": NEW, "new_password2": NEW}).status_code == 404
    admin_user.refresh_from_db()
    assert not admin_user.check_password(NEW)


@override_settings(DEBUG=False)
def test_coordinator_cannot_reset_another_users_password(coordinator, make_user, client_for):
    other = make_user("kaizhou", region="500154")
    client = client_for(coordinator)
    assert client.get("/accounts/users/").status_code == 403
    response = client.post(f"/accounts/users/{other.pk}/password/",
                           {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()
    assert get_user_model().objects.get(pk=other.pk).check_password("pw-123456!")
