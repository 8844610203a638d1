"""The JSON API (django-ninja): one NinjaAPI, one router per app, uniform errors.

The OpenAPI schema and Swagger UI need a signed-in user: anonymous callers get a 302 to
the login page (docs) or 401 (the JSON schema).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from xiezuo.core.errors import DomainError

NUL = "\x00"


class Hardened(Parser):
    """JSON bodies as ninja reads them; query and form fields (and uploaded file names)
    holding a NUL character are answered 422 naming the field. The middleware refuses
    NUL in queries, url-encoded forms and JSON before this; multipart forms reach here."""

    def parse_querydict(self, data, list_fields, request):
        for name, values in data.lists():
            texts = [getattr(v, "name", v) for v in values]
            if NUL in name or any(isinstance(t, str) and NUL in t for t in texts):
                where = "query" if data is request.GET else "form"
                raise NinjaValidationError([{"loc": [where, name.replace(NUL, "\\x00")],
                                             "msg": _("The request contains a NUL character, "
                                                      "which is not allowed.")}])
        return super().parse_querydict(data, list_fields, request)


def signed_in_only(view):
    """The schema and its documentation page for signed-in users only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.path_info.endswith(".json"):
                return JsonResponse({"detail": _("Sign in to read the API schema.")}, status=401)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="xiezuo API",
    version="1",
    description="East–West cooperation talent exchange (东西部协作 · 人才交流).",
    auth=django_auth,
    urls_namespace="api",
    parser=Hardened(),
    docs_decorator=signed_in_only,
)


class ErrorItem(Schema):
    loc: list[str | int] = []
    msg: str


class ErrorOut(Schema):
    """Every error answer: a list of field errors (4xx with `loc`) or a message."""

    detail: list[ErrorItem] | str


ERROR_STATUSES = (400, 401, 403, 404, 409, 422)


def validation_detail(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", field if field != "__all__" else "non_field_errors"], "msg": str(msg)}
            for field, errors in exc.message_dict.items()
            for msg in errors
        ]
    return [{"loc": ["body"], "msg": str(m)} for m in exc.messages]


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": validation_detail(exc)}, status=422)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    loc = ["body", exc.field] if exc.field else ["body"]
    return api.create_response(
        request, {"detail": [{"loc": loc, "msg": exc.message}]}, status=exc.status_code
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc: Exception):
    """A value the database cannot hold: mostly a number too large (an id or a filter of
    30 digits); NUL characters are refused before (middleware), but named if one slips by."""
    if "NUL" in str(exc):
        message = _("The request contains a NUL character, which is not allowed.")
    else:
        message = _("A number is out of range.")
    return api.create_response(request, {"detail": [{"loc": ["query"], "msg": message}]}, status=422)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own errors; an unreadable body says why (not JSON, or nested too deeply)."""
    message = str(exc)
    if exc.status_code == 400 and isinstance(exc.__cause__, RecursionError):
        message = _("The JSON body is nested too deeply.")
    elif exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        message = _("The request body is not valid JSON.")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return api.create_response(request, {"detail": "Not found"}, status=404)


def _register_routers() -> None:
    from xiezuo.activities.api import ROUTERS as activity_routers
    from xiezuo.cooperation.api import ROUTERS as cooperation_routers
    from xiezuo.core.api_jobs import router as jobs_router
    from xiezuo.exchange.api import goals_router, outcomes_router, postings_router, teams_router
    from xiezuo.exchange.api_support import (
        bases_router,
        engagements_router,
        mentorships_router,
        programmes_router,
    )
    from xiezuo.insights.api import ROUTERS as insight_routers
    from xiezuo.needs.api import needs_router, rounds_router, team_needs_router
    from xiezuo.orgs.api import router as orgs_router
    from xiezuo.people.api import router as people_router
    from xiezuo.reference.api import router as reference_router
    from xiezuo.regions.api import pairings_router, regions_router
    from xiezuo.reports.api import facts_router, records_router, reports_router

    api.add_router("/regions", regions_router)
    api.add_router("/pairings", pairings_router)
    api.add_router("/organisations", orgs_router)
    api.add_router("/people", people_router)
    api.add_router("/reference", reference_router)
    api.add_router("/postings", postings_router)
    api.add_router("/teams", teams_router)
    api.add_router("/goals", goals_router)
    api.add_router("/outcomes", outcomes_router)
    api.add_router("/mentorships", mentorships_router)
    api.add_router("/engagements", engagements_router)
    api.add_router("/bases", bases_router)
    api.add_router("/programmes", programmes_router)
    api.add_router("/needs", needs_router)
    api.add_router("/team-needs", team_needs_router)
    api.add_router("/rounds", rounds_router)
    api.add_router("/reports", reports_router)
    api.add_router("/facts", facts_router)
    api.add_router("/fact-records", records_router)
    api.add_router("/jobs", jobs_router)
    # Each issue-5 app lists its routers as (prefix, router) pairs.
    for prefix, router in (*activity_routers, *cooperation_routers, *insight_routers):
        api.add_router(prefix, router)


def _document_errors() -> None:
    """Declare the uniform error answers on every operation, so the OpenAPI schema
    tells clients (and the schemathesis fuzzing) what each endpoint may answer."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for status in ERROR_STATUSES:
                    if status not in operation.response_models:
                        model = operation._create_response_model(ErrorOut)
                        operation.response_models[status] = model


_register_routers()
_document_errors()
