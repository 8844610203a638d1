"""The one access chokepoint: every list, detail, API call and export filters through here.

A user's scope (``accounts.UserScope``) gives a role and a region subtree, an organisation
or a person. Each scoped model declares below how it reaches regions, organisations and
people; `scoped(model, user, action)` turns role and scope into a filter:

- administrator (or superuser): everything;
- coordinator: the region subtree; organisation user: the organisation and its units;
- auditor: like either of those, read-only; self-service: the records of their person.

Unknown models are refused (fail closed); users without a scope see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"


@dataclass(frozen=True)
class ScopeRule:
    """Lookup paths from a model to the Organisations, Regions and People that place it.

    An empty string means the model itself is the Organisation / Region / Person.
    `public` models (reference vocabularies) are visible to every signed-in user and
    changed only by administrators; `admin_only` ones (logs) are seen by administrators
    alone. `user_paths` lead to the user who owns a record (an import batch).
    `change_roles`: the roles (besides administrators) that may change records in their
    scope; the others only read them. `self_editable`: a self-service user may change the
    records placed by their own person (their profile, their availability).
    """

    org_paths: tuple[str, ...] = ()
    region_paths: tuple[str, ...] = ()
    person_paths: tuple[str, ...] = ()
    user_paths: tuple[str, ...] = ()
    public: bool = False
    admin_only: bool = False
    self_editable: bool = False
    change_roles: tuple[str, ...] = ("coordinator", "org_user")


SCOPE_RULES: dict[str, ScopeRule] = {
    "reference.specialty": ScopeRule(public=True),
    "regions.region": ScopeRule(region_paths=("",), change_roles=()),
    "regions.pairing": ScopeRule(
        org_paths=("east_org", "west_org"), region_paths=("east_region", "west_region"),
        change_roles=("coordinator",),
    ),
    # A self-service user sees (not changes) the organisation they work for.
    "orgs.organisation": ScopeRule(org_paths=("",), person_paths=("people",)),
    "people.person": ScopeRule(org_paths=("organisation",), person_paths=("",), self_editable=True),
    "people.availability": ScopeRule(
        org_paths=("person__organisation",), person_paths=("person",), self_editable=True
    ),
    "people.personaldataaccess": ScopeRule(admin_only=True),
    # Exchange (issue 4): a posting is placed by its host AND by the person's organisation,
    # so both the western host side and the eastern sending side see it.
    "exchange.programme": ScopeRule(public=True),
    "exchange.programmerule": ScopeRule(public=True),
    "exchange.posting": ScopeRule(org_paths=("host", "person__organisation"), person_paths=("person",)),
    "exchange.postingevent": ScopeRule(
        org_paths=("posting__host", "posting__person__organisation"), person_paths=("posting__person",)
    ),
    "exchange.team": ScopeRule(org_paths=("host", "sending_org")),
    "exchange.goal": ScopeRule(
        org_paths=("posting__host", "posting__person__organisation", "team__host", "team__sending_org"),
        person_paths=("posting__person",),
    ),
    "exchange.outcome": ScopeRule(
        org_paths=("goal__posting__host", "goal__posting__person__organisation",
                   "goal__team__host", "goal__team__sending_org"),
        person_paths=("goal__posting__person",),
    ),
    "exchange.mentorship": ScopeRule(org_paths=("host", "mentor__organisation"), person_paths=("mentor",)),
    "exchange.mentorshipnote": ScopeRule(
        org_paths=("mentorship__host", "mentorship__mentor__organisation"),
        person_paths=("mentorship__mentor",),
    ),
    "exchange.engagement": ScopeRule(
        org_paths=("organisation", "person__organisation"), person_paths=("person",)
    ),
    "exchange.engagementsession": ScopeRule(
        org_paths=("engagement__organisation", "engagement__person__organisation"),
        person_paths=("engagement__person",),
    ),
    "exchange.base": ScopeRule(org_paths=("host", "partner")),
    "exchange.serviceteam": ScopeRule(org_paths=("base__host", "base__partner")),
    # Needs (issue 3): a need is placed by its western organisation; a matching round by the
    # region of the coordinators who run it (organisation users do not run rounds).
    "needs.need": ScopeRule(org_paths=("organisation",)),
    "needs.teamneed": ScopeRule(org_paths=("organisation",)),
    "needs.round": ScopeRule(region_paths=("scope_region",), change_roles=("coordinator",)),
    # Reports (issue 6): placed by the uploader's region / organisation and by both sides
    # of the main pairing the report names; facts and records follow their report.
    "reports.reportdocument": ScopeRule(
        org_paths=("organisation",), region_paths=("region", "east_region", "west_region")
    ),
    "reports.fact": ScopeRule(
        org_paths=("document__organisation",),
        region_paths=("document__region", "document__east_region", "document__west_region"),
    ),
    "reports.factrecord": ScopeRule(
        org_paths=("document__organisation", "organisation"),
        region_paths=("document__region", "document__east_region", "document__west_region",
                      "pairing__east_region", "pairing__west_region"),
    ),
    # Activities and trainings (issue 5): placed by the host and the sending organisation and
    # by both sides of their pairing; metrics and trainees follow their activity / class.
    "activities.event": ScopeRule(
        org_paths=("sending_org",), region_paths=("host_region", "pairing__east_region", "pairing__west_region")
    ),
    "activities.activity": ScopeRule(
        org_paths=("host", "sending_org"), region_paths=("pairing__east_region", "pairing__west_region")
    ),
    "activities.activitymetric": ScopeRule(
        org_paths=("activity__host", "activity__sending_org"),
        region_paths=("activity__pairing__east_region", "activity__pairing__west_region"),
    ),
    "activities.trainingclass": ScopeRule(
        org_paths=("organiser",),
        region_paths=("trainee_region", "pairing__east_region", "pairing__west_region"),
    ),
    "activities.trainee": ScopeRule(
        org_paths=("training_class__organiser", "organisation"),
        region_paths=("training_class__trainee_region", "training_class__pairing__east_region",
                      "training_class__pairing__west_region"),
        person_paths=("person",),
    ),
    # Cooperation records (issue 5): placed by both sides of their pairing and by the
    # organisations named on them.
    "cooperation.agreement": ScopeRule(
        org_paths=("east_party", "west_party", "pairing__east_org", "pairing__west_org"),
        region_paths=("pairing__east_region", "pairing__west_region"),
    ),
    "cooperation.agreementtarget": ScopeRule(
        org_paths=("agreement__east_party", "agreement__west_party",
                   "agreement__pairing__east_org", "agreement__pairing__west_org"),
        region_paths=("agreement__pairing__east_region", "agreement__pairing__west_region"),
    ),
    "cooperation.project": ScopeRule(
        org_paths=("organisation", "pairing__east_org", "pairing__west_org"),
        region_paths=("pairing__east_region", "pairing__west_region"),
    ),
    "cooperation.labourcooperation": ScopeRule(
        org_paths=("pairing__east_org", "pairing__west_org"),
        region_paths=("pairing__east_region", "pairing__west_region"),
    ),
    "cooperation.consumptionassistance": ScopeRule(
        org_paths=("pairing__east_org", "pairing__west_org"),
        region_paths=("pairing__east_region", "pairing__west_region"),
    ),
    "core.importbatch": ScopeRule(user_paths=("actor",)),
    "core.importedrecord": ScopeRule(user_paths=("batch__actor",)),
    "core.job": ScopeRule(user_paths=("actor",)),
}

NOTHING = Q(pk__in=[])


def _join(path: str, lookup: str) -> str:
    return f"{path}__{lookup}" if path else lookup


def rule_for(model: type[Model]) -> ScopeRule:
    key = model._meta.label_lower
    try:
        return SCOPE_RULES[key]
    except KeyError:
        raise ImproperlyConfigured(f"{key} has no scope rule in xiezuo.core.scoping") from None


def user_role(user) -> str | None:
    """The user's role; superusers are administrators; None for users without a scope."""
    from xiezuo.accounts.models import Role

    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.ADMIN
    scope = getattr(user, "scope", None)
    return scope.role if scope is not None else None


def scope_filter(model: type[Model], user, action: str = Action.VIEW) -> Q | None:
    """The filter a user's role and scope put on a model; None means unrestricted."""
    from xiezuo.accounts.models import Role

    rule = rule_for(model)
    role = user_role(user)
    if role == Role.ADMIN:
        return None
    if rule.public and action == Action.VIEW and getattr(user, "is_authenticated", False):
        return None
    if role is None or rule.admin_only or rule.public:
        return NOTHING
    if rule.user_paths:
        condition = NOTHING
        for path in rule.user_paths:
            condition |= Q(**{_join(path, "id"): user.pk})
        return condition
    if action != Action.VIEW and role not in rule.change_roles and not (
        role == Role.SELF_SERVICE and rule.self_editable
    ):
        return NOTHING
    scope = user.scope
    condition = NOTHING
    if role == Role.SELF_SERVICE:
        for path in rule.person_paths:
            condition |= Q(**{_join(path, "id"): scope.person_id})
        return condition
    if scope.region_id and role in (Role.COORDINATOR, Role.AUDITOR):
        # Subqueries of the regions (and organisations) under the prefix: the filter then
        # reads the records' own foreign keys instead of joining organisations and regions.
        from xiezuo.orgs.models import Organisation
        from xiezuo.regions.models import Region

        regions = Region.objects.filter(code__startswith=scope.region.prefix).values("pk")
        organisations = Organisation.objects.filter(region__in=regions).values("pk")
        for path in rule.org_paths:
            condition |= Q(**{_join(path, "in") if path else "pk__in": organisations})
        for path in rule.region_paths:
            condition |= Q(**{_join(path, "in") if path else "pk__in": regions})
    if scope.organisation_id and role in (Role.ORG_USER, Role.AUDITOR):
        for path in rule.org_paths:
            condition |= Q(**{_join(path, "id"): scope.organisation_id})
            condition |= Q(**{_join(path, "parent_id"): scope.organisation_id})
    return condition


def scoped(model_or_queryset: type[Model] | QuerySet, user, action: str = Action.VIEW) -> QuerySet:
    """The records of a model (or a queryset of it) that this user may see (or change)."""
    if isinstance(model_or_queryset, QuerySet):
        queryset, model = model_or_queryset, model_or_queryset.model
    else:
        model = model_or_queryset
        queryset = model._default_manager.all()
    condition = scope_filter(model, user, action)
    return queryset if condition is None else queryset.filter(condition)


def can(user, action: str, instance: Model) -> bool:
    condition = scope_filter(type(instance), user, action)
    return condition is None or type(instance)._default_manager.filter(condition, pk=instance.pk).exists()


def ensure_in_scope(instance: Model, user) -> None:
    """Refuse a write to a record the user may not change (outside the scope, or read-only)."""
    if not can(user, Action.CHANGE, instance):
        raise PermissionDenied(
            _("You may not change this record: it lies outside the area you are responsible for, "
              "or your role is read-only.")
        )


def get_for_change(model_or_queryset, user, **lookup):
    """The record for a write: not found (404) outside the user's view, forbidden (403)
    when the user may see but not change it — checked before any input is validated."""
    from django.shortcuts import get_object_or_404

    record = get_object_or_404(scoped(model_or_queryset, user), **lookup)
    ensure_in_scope(record, user)
    return record
