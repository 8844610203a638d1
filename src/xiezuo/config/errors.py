"""The site's error pages (handler403/404/500 in config/urls.py): Chinese pages in the
site's look for the web, JSON for anything under /api/ (the API keeps its JSON errors).

An out-of-scope record is a 404 (detail views read from `scoped()`), never a 403; a 403
is a refused action (PermissionDenied from a view or a service), shown with its reason.
The 500 page is a standalone template rendered without a request context.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _back_url(request: HttpRequest) -> str:
    """The page the user came from ("返回上一页" without a script), if it is on this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found"}, status=404)
    response = TemplateResponse(request, "core/404.html", {"back_url": _back_url(request)}, status=404)
    return response.render()


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = str(exception) if exception is not None and exception.args else ""
    if _is_api(request):
        return JsonResponse({"detail": reason or "Permission denied"}, status=403)
    response = TemplateResponse(
        request, "core/403.html", {"reason": reason, "back_url": _back_url(request)}, status=403
    )
    return response.render()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent after its page expired (or from elsewhere), in Chinese."""
    if _is_api(request):
        return JsonResponse({"detail": "CSRF check failed"}, status=403)
    response = TemplateResponse(
        request, "core/403.html", {"csrf": True, "back_url": _back_url(request)}, status=403
    )
    return response.render()


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Server error"}, status=500)
    # No request context: the page must render even when the request's state is broken.
    return HttpResponse(loader.get_template("core/500.html").render(), status=500)
