"""Authentication hardening, security headers and the production deployment check."""

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from xiezuo.config import settings as project

pytestmark = pytest.mark.django_db


def test_argon2_and_password_rules():
    assert project.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    assert hasher.verify("secret", hasher.encode("secret", hasher.salt()))
    with pytest.raises(ValidationError):
        validate_password("short1")
    with pytest.raises(ValidationError):
        validate_password("1234567890123")
    validate_password("巫山-协作-2026-secure")


def test_security_headers(client):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()


def test_login_is_throttled_after_five_failures(make_user, client):
    make_user("target")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "target", "password": "wrong-password"})
    locked = client.post("/accounts/login/", {"username": "target", "password": "pw-123456!"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_successful_login_through_the_form(make_user, client):
    make_user("someone")
    response = client.post("/accounts/login/", {"username": "someone", "password": "pw-123456!"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db(transaction=False)
def test_deployment_check_passes_in_production_mode(tmp_path):
    env = {
        **os.environ,
        "XIEZUO_PRODUCTION": "1",
        "XIEZUO_SECRET_KEY": secrets.token_urlsafe(50),
        "XIEZUO_ALLOWED_HOSTS": "xiezuo.example.gov.cn",
        "XIEZUO_VAR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' harness only
    result = subprocess.run(
        [sys.executable, "-m", "xiezuo", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_refuses_to_start_without_a_secret(tmp_path):
    env = {**os.environ, "XIEZUO_PRODUCTION": "1", "XIEZUO_VAR": str(tmp_path)}
    env.pop("XIEZUO_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "xiezuo", "check"], capture_output=True,
                            text=True, env=env, check=False)
    assert result.returncode != 0
    assert "XIEZUO_SECRET_KEY" in result.stderr
