"""The JSON API's token authentication (django-ninja): ``Authorization: Bearer <token>``.

Wired in `xiezuo.config.api` before the browser session (core imports no app). A request
with a working token acts as the token's owner: `request.user` becomes the owner, so the
scope, the role and the history of changes are the owner's; no CSRF token is needed (a
browser never adds this header by itself). A token that does not work is a 401 that says
why; so is another scheme (``Basic``, ``Token``) unless a browser session is signed in,
which then decides (a proxy's own Basic sign-in must not lock out the browser). HTML
pages never read the header.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from xiezuo.accounts.client_ip import client_ip
from xiezuo.accounts.services import TokenRejected, authenticate_token

UNAUTHORIZED = 401


class BearerToken(HttpBearer):
    """A personal API token, sent as ``Authorization: Bearer xz_…``."""

    openapi_bearerFormat = "xz_…"
    openapi_description = (
        "A personal API token (个人 API 令牌), created under 账户菜单 → API令牌 and sent as "
        "`Authorization: Bearer xz_…`. The token acts as its owner: it reads and changes "
        "exactly what the owner may. No CSRF token is needed."
    )

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _space, credentials = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            if request.user.is_authenticated:
                return None  # a signed-in browser behind a proxy's own sign-in
            raise AuthenticationError(UNAUTHORIZED, _(
                "Send the API token as “Authorization: Bearer <token>”; other schemes are not "
                "accepted."))
        return self.authenticate(request, credentials.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            user = authenticate_token(plain=token, ip=client_ip(request),
                                      method=request.method or "", path=request.path)
        except TokenRejected as exc:
            raise AuthenticationError(UNAUTHORIZED, exc.message) from None
        request.user = user
        return user
