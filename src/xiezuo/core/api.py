"""The JSON API's generic layer (django-ninja): the API class with uniform errors; the
project's instance and its routers are wired in `xiezuo.config.api`, with the personal API
tokens (`xiezuo.accounts.bearer`) accepted before the browser session.

The OpenAPI schema and Swagger UI need a signed-in user: anonymous callers get a 302 to
the login page (docs) or 401 (the JSON schema).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import SessionAuth

from xiezuo.core.errors import DomainError

NUL = "\x00"


class Hardened(Parser):
    """JSON bodies as ninja reads them; query and form fields (and uploaded file names)
    holding a NUL character are answered 422 naming the field. The middleware refuses
    NUL in queries, url-encoded forms and JSON before this; multipart forms reach here."""

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for name, values in data.lists():
            texts = [getattr(v, "name", v) for v in values]
            if NUL in name or any(isinstance(t, str) and NUL in t for t in texts):
                where = "query" if data is request.GET else "form"
                raise NinjaValidationError([{"loc": [where, name.replace(NUL, "\\x00")],
                                             "msg": _("The request contains a NUL character, "
                                                      "which is not allowed.")}])
        return super().parse_querydict(data, list_fields, request)


View = Callable[..., HttpResponse]


class BrowserSession(SessionAuth):
    """The signed-in browser (Django's session cookie); changes need the CSRF token."""

    openapi_description = (
        "The browser session of a signed-in user (登录后的浏览器会话): the cookie `sessionid`; "
        "requests that change data also send the CSRF token as `X-CSRFToken`."
    )


def signed_in(machines: Callable[[HttpRequest], Any] | None = None) -> Callable[[View], View]:
    """The schema and its documentation page for signed-in users only; the JSON schema also
    for a machine whose credentials `machines` accepts (an API authentication class such as
    the personal tokens, wired in `xiezuo.config.api`: it makes its owner the request's
    user, or raises AuthenticationError, answered 401 with its reason)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            schema = request.path_info.endswith(".json")
            if schema and machines is not None and not request.user.is_authenticated \
                    and "Authorization" in request.headers:
                try:
                    machines(request)
                except AuthenticationError as exc:
                    return JsonResponse({"detail": str(exc)}, status=exc.status_code)
            if not request.user.is_authenticated:
                if schema:
                    return JsonResponse({"detail": _("Sign in to read the API schema.")}, status=401)
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


signed_in_only = signed_in()


class ErrorItem(Schema):
    loc: list[str | int] = []
    msg: str


class ErrorOut(Schema):
    """Every error answer: a list of field errors (4xx with `loc`) or a message."""

    detail: list[ErrorItem] | str


ERROR_STATUSES = (400, 401, 403, 404, 409, 422)


def validation_detail(exc: ValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", field if field != "__all__" else "non_field_errors"], "msg": str(msg)}
            for field, errors in exc.message_dict.items()
            for msg in errors
        ]
    return [{"loc": ["body"], "msg": str(m)} for m in exc.messages]


_E = TypeVar("_E", bound=Exception)


def _instance_handler(
    handler: Callable[[HttpRequest, _E], HttpResponse],
) -> Callable[[HttpRequest, _E | type[_E]], HttpResponse]:
    """An exception handler for `NinjaAPI.add_exception_handler`, whose signature allows
    the exception class too; ninja passes the exception raised."""
    return cast("Callable[[HttpRequest, _E | type[_E]], HttpResponse]", handler)


class XiezuoAPI(NinjaAPI):
    """A NinjaAPI with session authentication, the hardened parser, the documentation for
    signed-in users only and the uniform error answers. The project's one instance, with
    every app's routers, is built in `xiezuo.config.api` (core knows no app)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("auth", BrowserSession())
        kwargs.setdefault("parser", Hardened())
        kwargs.setdefault("docs_decorator", signed_in_only)
        super().__init__(**kwargs)
        self.add_exception_handler(ValidationError, _instance_handler(self.on_validation_error))
        self.add_exception_handler(DomainError, _instance_handler(self.on_domain_error))
        self.add_exception_handler(PermissionDenied, _instance_handler(self.on_permission_denied))
        self.add_exception_handler(DataError, _instance_handler(self.on_out_of_range))
        self.add_exception_handler(OverflowError, _instance_handler(self.on_out_of_range))
        self.add_exception_handler(HttpError, _instance_handler(self.on_http_error))
        self.add_exception_handler(Http404, _instance_handler(self.on_not_found))

    def on_validation_error(self, request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return self.create_response(request, {"detail": validation_detail(exc)}, status=422)

    def on_domain_error(self, request: HttpRequest, exc: DomainError) -> HttpResponse:
        loc = ["body", exc.field] if exc.field else ["body"]
        return self.create_response(
            request, {"detail": [{"loc": loc, "msg": exc.message}]}, status=exc.status_code
        )

    def on_permission_denied(self, request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return self.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)

    def on_out_of_range(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        """A value the database cannot hold: mostly a number too large (an id or a filter of
        30 digits); NUL characters are refused before (middleware), but named if one slips by."""
        if "NUL" in str(exc):
            message = _("The request contains a NUL character, which is not allowed.")
        else:
            message = _("A number is out of range.")
        return self.create_response(request, {"detail": [{"loc": ["query"], "msg": message}]},
                                    status=422)

    def on_http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        """ninja's own errors; an unreadable body says why (not JSON, or nested too deeply)."""
        message = str(exc)
        if isinstance(exc, AuthenticationError):
            return self.on_unauthenticated(request, exc)
        if exc.status_code == 400 and isinstance(exc.__cause__, RecursionError):
            message = _("The JSON body is nested too deeply.")
        elif exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            message = _("The request body is not valid JSON.")
        return self.create_response(request, {"detail": message}, status=exc.status_code)

    def on_unauthenticated(self, request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        """401: neither a signed-in session nor a working API token; the message says which
        (ninja's own "Unauthorized" when nothing was sent)."""
        message = str(exc)
        if message == AuthenticationError().message:
            message = _("Sign in first, or send a personal API token as "
                        "“Authorization: Bearer <token>”.")
        response = self.create_response(request, {"detail": message}, status=exc.status_code)
        response["WWW-Authenticate"] = 'Bearer realm="xiezuo"'
        return response

    def on_not_found(self, request: HttpRequest, exc: Http404) -> HttpResponse:
        return self.create_response(request, {"detail": "Not found"}, status=404)

    def document_errors(self) -> None:
        """Declare the uniform error answers on every operation, so the OpenAPI schema
        tells clients (and the schemathesis fuzzing) what each endpoint may answer. Called
        once every router has been added."""
        for _prefix, router in self._routers:
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    for status in ERROR_STATUSES:
                        if status not in operation.response_models:
                            model = operation._create_response_model(ErrorOut)
                            operation.response_models[status] = model
