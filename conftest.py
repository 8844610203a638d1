"""Shared fixtures: reference data, users with scopes, an API client."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that create many users hash with MD5 instead
    (test_hardening checks that the project itself configures Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (Simplified Chinese). A test-client
    request with another Accept-Language leaves that language active in the thread, and
    would otherwise change the messages of whichever test runs next in the same worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_figure_cache():
    """Every test starts with no cached figures (xiezuo.core.cache): each test's database is
    rolled back, and so are the generations that keyed an earlier test's figures."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def refdata(db):
    """Regions and specialties loaded (once per database; transactional tests reload)."""
    from xiezuo.reference.services import load_reference
    from xiezuo.regions.models import Region

    if not Region.objects.filter(code="500237").exists():
        load_reference()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from xiezuo.reference.services import load_reference

    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    from xiezuo.accounts.models import UserScope
    from xiezuo.regions.models import Region

    def make(username="user", *, region=None, organisation=None, person=None, role=None,
             superuser=False):
        user = get_user_model().objects.create_user(username=username, password="pw-123456!")
        if superuser:
            user.is_superuser = user.is_staff = True
            user.save()
        if region or organisation or person:
            default_role = "coordinator" if region else "org_user" if organisation else "self_service"
            UserScope.objects.create(
                user=user,
                role=role or default_role,
                region=Region.objects.get(code=region) if region else None,
                organisation=organisation,
                person=person,
            )
        return user

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("root", superuser=True)


@pytest.fixture
def client_for():
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
