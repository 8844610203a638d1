"""Personal API tokens as text: made, digested and compared (no database here).

A token reads ``xz_`` followed by 43 URL-safe characters (32 random bytes). The first
eight of them are its visible prefix, stored so that the owner can tell their tokens
apart and so that a request's token is found by it; only the SHA-256 digest of the whole
token is stored, and the digest a request brings is compared with the stored one in
constant time. 256 random bits need no slow hash: nobody can guess them, and a stolen
database gives digests, not tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass

MARK = "xz_"
SECRET_BYTES = 32
PREFIX_LENGTH = 8
URL_SAFE = frozenset(string.ascii_letters + string.digits + "-_")
# The length of a token made by `new_token` (32 bytes in URL-safe base64, without padding).
TOKEN_LENGTH = len(MARK) + 43


@dataclass(frozen=True)
class NewToken:
    plain: str  # shown once to its owner, never stored
    prefix: str
    digest: str


def digest_of(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def new_token() -> NewToken:
    plain = MARK + secrets.token_urlsafe(SECRET_BYTES)
    return NewToken(plain=plain, prefix=prefix_of(plain) or "", digest=digest_of(plain))


def prefix_of(plain: str) -> str | None:
    """The visible prefix of a well-formed token, or None for text that is no token."""
    body = plain[len(MARK):]
    if not plain.startswith(MARK) or len(plain) != TOKEN_LENGTH or not set(body) <= URL_SAFE:
        return None
    return body[:PREFIX_LENGTH]


def matches(plain: str, digest: str) -> bool:
    """Whether the token has this digest, compared in constant time."""
    return hmac.compare_digest(digest_of(plain), digest)
