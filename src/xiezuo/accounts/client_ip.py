"""The address a request really comes from, for login throttling (django-axes).

Behind the reverse proxy of docs/deployment.md every connection comes from the proxy
(127.0.0.1); the client's address is in ``X-Forwarded-For``. That header is believed
only when the connection comes from a trusted proxy (``XIEZUO_TRUSTED_PROXIES``,
loopback by default), and read from the right: the last address that is not itself a
trusted proxy is the client as the first trusted proxy saw it. A client that connects
directly cannot choose its address by sending the header.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    trusted = set(settings.XIEZUO_TRUSTED_PROXIES)
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None or remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for text in reversed(forwarded.split(",")):
        address = _address(text)
        if address is None:
            break  # a malformed hop: believe nothing further left
        if address not in trusted:
            return address
    return remote
