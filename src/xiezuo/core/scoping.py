"""The one access chokepoint: every list, detail, API call and export filters through here.

A user's scope (``accounts.UserScope``) names a region subtree and/or an organisation.
Each scoped model declares below how it reaches a region and an organisation; `scoped`
turns that into a filter. Unknown models are refused (fail closed), superusers see all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ScopeRule:
    """Lookup paths from a model to the Organisations and Regions that place it.

    An empty string means the model itself is the Organisation / Region.
    `public` models (reference vocabularies) are visible to every signed-in user.
    """

    org_paths: tuple[str, ...] = ()
    region_paths: tuple[str, ...] = ()
    public: bool = False


SCOPE_RULES: dict[str, ScopeRule] = {
    "reference.specialty": ScopeRule(public=True),
    "regions.region": ScopeRule(region_paths=("",)),
    "regions.pairing": ScopeRule(
        org_paths=("east_org", "west_org"), region_paths=("east_region", "west_region")
    ),
    "orgs.organisation": ScopeRule(org_paths=("",)),
    "people.person": ScopeRule(org_paths=("organisation",)),
    "people.availability": ScopeRule(org_paths=("person__organisation",)),
}


def _join(path: str, lookup: str) -> str:
    return f"{path}__{lookup}" if path else lookup


def rule_for(model: type[Model]) -> ScopeRule:
    key = model._meta.label_lower
    try:
        return SCOPE_RULES[key]
    except KeyError:
        raise ImproperlyConfigured(f"{key} has no scope rule in xiezuo.core.scoping") from None


def scope_filter(model: type[Model], user) -> Q | None:
    """The filter a user's scope puts on a model; None means unrestricted."""
    rule = rule_for(model)
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser or rule.public:
        return None
    scope = getattr(user, "scope", None)
    if scope is None:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    if scope.region_id:
        prefix = scope.region.prefix
        for path in rule.org_paths:
            condition |= Q(**{_join(path, "region__code__startswith"): prefix})
        for path in rule.region_paths:
            condition |= Q(**{_join(path, "code__startswith"): prefix})
    if scope.organisation_id:
        for path in rule.org_paths:
            condition |= Q(**{_join(path, "id"): scope.organisation_id})
            condition |= Q(**{_join(path, "parent_id"): scope.organisation_id})
    return condition


def scoped(model_or_queryset: type[Model] | QuerySet, user) -> QuerySet:
    """The records of a model (or a queryset of it) that this user may see."""
    if isinstance(model_or_queryset, QuerySet):
        queryset, model = model_or_queryset, model_or_queryset.model
    else:
        model = model_or_queryset
        queryset = model._default_manager.all()
    condition = scope_filter(model, user)
    return queryset if condition is None else queryset.filter(condition)


def ensure_in_scope(instance: Model, user) -> None:
    """Refuse a write that would place a record outside the user's scope."""
    if scope_filter(type(instance), user) is None:
        return
    if not scoped(type(instance), user).filter(pk=instance.pk).exists():
        raise PermissionDenied(_("This record would lie outside the area you are responsible for."))
