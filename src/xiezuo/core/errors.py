"""Domain errors that carry an HTTP status, raised by services and mapped by the API."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class IllegalTransition(Conflict):
    """An action that the record's current state does not allow (409); nothing changes."""
