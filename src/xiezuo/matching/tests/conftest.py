"""The engine's tests run without Django (`-p no:django`)."""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Overrides the project-wide autouse fixture, which needs pytest-django's `settings`;
    the matching engine never touches Django."""
    yield
