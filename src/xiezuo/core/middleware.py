"""Security headers on every response (a Content-Security-Policy without inline scripts),
and requests carrying NUL characters refused before any view runs."""

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

DEFAULT_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # Inline styles only (htmx's indicator style, Swagger UI); never inline scripts.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# The next handler of a middleware: a request in, a response out.
GetResponse = Callable[[HttpRequest], HttpResponse]


class SecurityHeadersMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


NUL = "\x00"
JSON_NUL = b"\\u0000"  # how JSON writes a NUL inside a string


def _nul_in_json(data: object) -> list[str | int] | None:
    """The location (keys and indexes) of a string or key holding a NUL, or None; walked
    without recursion, so that deeply nested input cannot exhaust the stack."""
    stack: list[tuple[tuple[str | int, ...], object]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                return list(loc)
        elif isinstance(value, dict):
            for key, item in value.items():
                if NUL in key:
                    return [*loc, key.replace(NUL, "\\x00")]
                stack.append(((*loc, key), item))
        elif isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in enumerate(value))
    return None


class HostileInputMiddleware:
    """Refuse a NUL character anywhere in a request's text — the path, the query string,
    a cookie, a form field or a string of a JSON body — before any view or query sees it.

    PostgreSQL cannot store NUL in text and answers such a query with an error, so a NUL
    that got through would be a server error (or, in SQLite, stored garbage). The API
    answers in its error format (422 naming the parameter or body field, 400 for the
    path); pages get a 400 with a short message. The fields of a page's multipart form
    are read here as CSRF protection reads them anyway; the API's multipart forms are
    checked by its parser (`core.api.Hardened`), so that an API view may still choose
    how its uploads are received. File contents are not inspected.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self._find_nul(request)
        if problem is not None:
            return self._refuse(request, problem)
        return self.get_response(request)

    @staticmethod
    def _find_nul(request: HttpRequest) -> list[str | int] | None:
        if NUL in request.path:
            return ["path"]
        for name, values in request.GET.lists():
            if NUL in name or any(NUL in value for value in values):
                return ["query", name.replace(NUL, "\\x00")]
        for name, value in request.COOKIES.items():
            if NUL in name or NUL in value:
                return ["cookie"]
        content_type = request.content_type or ""
        api = request.path_info.startswith("/api/")
        if request.method == "POST" and (content_type == "application/x-www-form-urlencoded" or (
                content_type == "multipart/form-data" and not api)):
            for name, values in request.POST.lists():
                if NUL in name or any(NUL in value for value in values):
                    return ["form", name.replace(NUL, "\\x00")]
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            if JSON_NUL in body:
                try:
                    loc = _nul_in_json(json.loads(body))
                except (ValueError, RecursionError):
                    return None  # not JSON: the API answers that
                if loc is not None:
                    return ["body", *loc]
        return None

    def _refuse(self, request: HttpRequest, loc: list[str | int]) -> HttpResponse:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            message = _("The request contains a NUL character, which is not allowed.")
            if request.path_info.startswith("/api/"):
                status = 400 if loc[0] in ("path", "cookie") else 422
                response: HttpResponse = JsonResponse({"detail": [{"loc": loc, "msg": message}]}, status=status)
            else:
                response = HttpResponseBadRequest(render_to_string(
                    "core/bad_request.html", {"message": message}, request=request))
        response.headers["Content-Security-Policy"] = self.csp
        return response
