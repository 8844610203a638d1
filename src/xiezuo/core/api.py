"""The JSON API (django-ninja): one NinjaAPI, one router per app, uniform errors."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import django_auth

from xiezuo.core.errors import DomainError

api = NinjaAPI(
    title="xiezuo API",
    version="1",
    description="East–West cooperation talent exchange (东西部协作 · 人才交流).",
    auth=django_auth,
    urls_namespace="api",
)


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


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return api.create_response(request, {"detail": "Not found"}, status=404)


def _register_routers() -> None:
    from xiezuo.orgs.api import router as orgs_router
    from xiezuo.people.api import router as people_router
    from xiezuo.reference.api import router as reference_router
    from xiezuo.regions.api import pairings_router, regions_router

    api.add_router("/regions", regions_router)
    api.add_router("/pairings", pairings_router)
    api.add_router("/organisations", orgs_router)
    api.add_router("/people", people_router)
    api.add_router("/reference", reference_router)

    from xiezuo.exchange.api import goals_router, outcomes_router, postings_router, teams_router
    from xiezuo.exchange.api_support import (
        bases_router,
        engagements_router,
        mentorships_router,
        programmes_router,
    )

    api.add_router("/postings", postings_router)
    api.add_router("/teams", teams_router)
    api.add_router("/goals", goals_router)
    api.add_router("/outcomes", outcomes_router)
    api.add_router("/mentorships", mentorships_router)
    api.add_router("/engagements", engagements_router)
    api.add_router("/bases", bases_router)
    api.add_router("/programmes", programmes_router)


_register_routers()
