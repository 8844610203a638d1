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

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar, cast, overload

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Field, Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

# The one place core reads app models (the layering test allows exactly these): a user's
# scope is an `accounts.UserScope` (its `Role`), and it is placed by a Region subtree or an
# Organisation. No model module imports this one, so module level is safe for Django's
# app loading.
from xiezuo.accounts.models import Role, UserScope
from xiezuo.core.types import Actor
from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Region


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
    records placed by their own person (their profile, their availability) — only the
    fields named in `self_fields`, and delete them only when `self_delete`.
    `self_placement`: the fields that place a record which is itself a place (an
    organisation's region and parent); see `ensure_placement`.
    """

    org_paths: tuple[str, ...] = ()
    region_paths: tuple[str, ...] = ()
    person_paths: tuple[str, ...] = ()
    user_paths: tuple[str, ...] = ()
    public: bool = False
    admin_only: bool = False
    self_editable: bool = False
    self_fields: tuple[str, ...] = ()
    self_delete: bool = False
    self_placement: tuple[str, ...] = ()
    change_roles: tuple[str, ...] = ("coordinator", "org_user")


SCOPE_RULES: dict[str, ScopeRule] = {
    "reference.specialty": ScopeRule(public=True),
    "regions.region": ScopeRule(region_paths=("",), change_roles=()),
    "regions.pairing": ScopeRule(
        org_paths=("east_org", "west_org"), region_paths=("east_region", "west_region"),
        change_roles=("coordinator",),
    ),
    # A self-service user sees (not changes) the organisation they work for.
    "orgs.organisation": ScopeRule(
        org_paths=("",), person_paths=("people",), self_placement=("region", "parent")
    ),
    # A person keeps their own contact details and availability up to date; what the
    # employer vouches for (organisation, domain, specialty, title and its level, which
    # feed matching) and the record itself stay with the organisation and coordinators.
    "people.person": ScopeRule(
        org_paths=("organisation",), person_paths=("",), self_editable=True,
        self_fields=("name", "gender", "position", "phone", "id_number", "birth_date", "note"),
    ),
    "people.availability": ScopeRule(
        org_paths=("person__organisation",), person_paths=("person",), self_editable=True,
        self_fields=("start", "end", "modes"), self_delete=True,
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
    # Offers (issue 17): an offer is placed by its eastern organisation, or by its city when a
    # city offers for its organisations; a place to name by the offer and by the need's
    # western organisation (both sides follow it).
    "offers.offer": ScopeRule(org_paths=("organisation",), region_paths=("region",)),
    "offers.placement": ScopeRule(org_paths=("offer__organisation", "need__organisation"),
                                  region_paths=("offer__region",)),
    "needs.teamneed": ScopeRule(org_paths=("organisation",)),
    # (issue 14) ... and by its eastern side (the region of the proposal's people), whose
    # coordinators approve that side; only the western side runs and changes it (needs.services).
    "needs.round": ScopeRule(region_paths=("scope_region", "east_region"),
                             change_roles=("coordinator",)),
    "needs.needdecision": ScopeRule(org_paths=("need__organisation",)),
    "needs.rounddecision": ScopeRule(region_paths=("round__scope_region", "round__east_region"),
                                     change_roles=("coordinator",)),
    # Reports (issue 6): placed by the uploader's region / organisation and by both sides
    # of the main pairing the report names; facts and records follow their report.
    "reports.reportdocument": ScopeRule(
        org_paths=("organisation",), region_paths=("region", "east_region", "west_region")
    ),
    "reports.fact": ScopeRule(
        org_paths=("document__organisation",),
        region_paths=("document__region", "document__east_region", "document__west_region"),
    ),
    # the near-duplicate index of stored reports (issue 16): read by the extraction worker only
    "reports.segmentsignature": ScopeRule(admin_only=True),
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
    "core.cachegeneration": ScopeRule(admin_only=True),  # xiezuo.core.cache: not records anyone reads
    # Documents (issue 14): an office's Word templates (选派通知), placed by its region or
    # organisation; coordinators replace them.
    "documents.documenttemplate": ScopeRule(
        org_paths=("organisation",), region_paths=("region",), change_roles=("coordinator",)
    ),
    # Attachments (issue 14) hang on a posting, activity, group, agreement or goal through a
    # generic relation, which a lookup path cannot follow: they are read only through their
    # record, itself read through scoped() (attachments/selectors.py); a direct read of the
    # table is for administrators.
    "attachments.attachment": ScopeRule(admin_only=True),
    # Notifications (issue 14): a user's own notifications and preferences; the group robots
    # of the offices (regions, organisations) in a coordinator's area and what was posted to
    # them (e-mails: administrators only).
    "notifications.notification": ScopeRule(user_paths=("recipient",)),
    "notifications.preference": ScopeRule(user_paths=("user",)),
    "notifications.webhook": ScopeRule(
        org_paths=("organisation",), region_paths=("region",), change_roles=("coordinator",)
    ),
    "notifications.delivery": ScopeRule(
        org_paths=("webhook__organisation",), region_paths=("webhook__region",), change_roles=()
    ),
    "notifications.scanmark": ScopeRule(admin_only=True),
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


def user_role(user: Actor) -> str | None:
    """The user's role; superusers are administrators; None for users without a scope."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.ADMIN
    scope = getattr(user, "scope", None)
    return scope.role if scope is not None else None


def signed_in(actor: Actor) -> User:
    """The user behind an actor that must be signed in (a job's or an import's owner);
    the pages and the API let only signed-in users reach such a write."""
    if isinstance(actor, AnonymousUser):
        raise PermissionDenied
    return actor


def scope_key(user: Actor) -> str:
    """What the user's reads depend on, as text: users with one key see the same records
    (every administrator; every coordinator of one region). Cached figures are kept per key."""
    role = user_role(user)
    if role is None:
        return "none"
    if role == Role.ADMIN:
        return "admin"
    scope = _scope_of(user)
    return f"{role}:{scope.region_id or ''}:{scope.organisation_id or ''}:{scope.person_id or ''}"


def _scope_of(user: Actor) -> UserScope:
    """The scope of a signed-in user whose role `user_role` found (so they have one)."""
    return signed_in(user).scope


def scope_filter(model: type[Model], user: Actor, action: str = Action.VIEW) -> Q | None:
    """The filter a user's role and scope put on a model; None means unrestricted."""
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
    scope = _scope_of(user)
    condition = NOTHING
    if role == Role.SELF_SERVICE:
        for path in rule.person_paths:
            condition |= Q(**{_join(path, "id"): scope.person_id})
        return condition
    if role in (Role.COORDINATOR, Role.AUDITOR) and scope.region is not None:
        # Subqueries of the regions (and organisations) under the prefix: the filter then
        # reads the records' own foreign keys instead of joining organisations and regions.
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


_M = TypeVar("_M", bound=Model)
_Row = TypeVar("_Row")


@overload
def scoped(model_or_queryset: type[_M], user: Actor, action: str = ...) -> QuerySet[_M]: ...
@overload
def scoped(
    model_or_queryset: QuerySet[_M, _Row], user: Actor, action: str = ...
) -> QuerySet[_M, _Row]: ...
def scoped(
    model_or_queryset: type[Model] | QuerySet[Any, Any], user: Actor, action: str = Action.VIEW
) -> QuerySet[Any, Any]:
    """The records of a model (or a queryset of it) that this user may see (or change)."""
    if isinstance(model_or_queryset, QuerySet):
        queryset, model = model_or_queryset, model_or_queryset.model
    else:
        model = model_or_queryset
        queryset = model._default_manager.all()
    condition = scope_filter(model, user, action)
    return queryset if condition is None else queryset.filter(condition)


def can(user: Actor, action: str, instance: Model) -> bool:
    condition = scope_filter(type(instance), user, action)
    return condition is None or type(instance)._default_manager.filter(condition, pk=instance.pk).exists()


def may_change_model(user: Actor, model: type[Model] | str) -> bool:
    """Whether the user's role may change (add, edit, act on) records of this model at
    all — what decides if a page shows its forward actions (新建, 导入, 到岗 …); the
    record-level answer is `can`. `model` is a class or an ``app_label.model`` label."""
    rule = rule_for(apps.get_model(model) if isinstance(model, str) else model)
    role = user_role(user)
    if role == Role.ADMIN:
        return True
    if role is None or rule.public or rule.admin_only:
        return False
    if rule.user_paths:
        return True
    return role in rule.change_roles or (role == Role.SELF_SERVICE and rule.self_editable)


def ensure_in_scope(instance: Model, user: Actor) -> None:
    """Refuse a write to a record the user may not change (outside the scope, or read-only)."""
    if not can(user, Action.CHANGE, instance):
        raise PermissionDenied(
            _("You may not change this record: it lies outside the area you are responsible for, "
              "or your role is read-only.")
        )


def get_for_change(model_or_queryset: type[_M] | QuerySet[_M], user: Actor, **lookup: Any) -> _M:
    """The record for a write: not found (404) outside the user's view, forbidden (403)
    when the user may see but not change it — checked before any input is validated."""
    record = get_object_or_404(scoped(model_or_queryset, user), **lookup)
    ensure_in_scope(record, user)
    return record


# ---- placement: where a write may put a record ------------------------------------------


def placement_fields(model: type[Model]) -> tuple[str, ...]:
    """The fields whose values decide where a record lies: the first step of every path
    of its scope rule that is a field of its own (a foreign key), and `self_placement`."""
    rule = rule_for(model)
    names = list(rule.self_placement)
    for path in (*rule.org_paths, *rule.region_paths, *rule.person_paths):
        head = path.split("__", 1)[0]
        if not head or head in names:
            continue
        field = model._meta.get_field(head)
        if field.concrete and field.many_to_one:
            names.append(head)
    return tuple(names)


def _holds(user: Actor, role: str | None, field: Field[Any, Any], value: int | str) -> bool:
    """Whether the place `value` (the primary key `field` refers to) lies in the user's scope."""
    # A placement field is a foreign key: it refers to a model class once apps are loaded.
    related = cast("type[Model]", field.related_model)
    if related is Region and role == Role.ORG_USER:
        # An organisation user's places are its organisation's region and what lies under it.
        organisation = _scope_of(user).organisation
        if organisation is None:
            return False
        prefix = organisation.region.prefix
        return Region.objects.filter(pk=value, code__startswith=prefix).exists()
    return scoped(related, user).filter(pk=value).exists()


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    """A field of the model by name; placement fields are concrete fields (foreign keys)."""
    return cast("Field[Any, Any]", model._meta.get_field(name))


def _labels(model: type[Model], names: Iterable[str]) -> str:
    return "、".join(str(_field(model, name).verbose_name) for name in names)


def ensure_placement(instance: Model, user: Actor) -> None:
    """Refuse a write that puts a record where this user may not put it.

    Called by every writer after validation and before saving (`core.services`, Excel
    imports). Administrators are not restricted. For everyone else:

    - a new record's own place (an organisation's region and parent) must lie in the
      user's scope — an organisation user adds units only in its own region;
    - organisation users and self-service never move a record: its placement fields
      (the first step of each scope path, e.g. a person's organisation, a posting's host,
      an activity's pairing) keep their values, or are cleared (a base's partner);
    - a coordinator moves a record only within the area they are responsible for: an
      organisation's region and parent change only between places in the scope; any
      other placement field may not go from inside the scope to outside it, which would
      hand the record to another area (it may change between places outside the scope —
      the other side of a pairing, the host a sending side posts to — which the
      coordinator may name on creation too, or from outside to inside: a trainee's
      workplace corrected to a hospital of the county);
    - self-service users change only the fields of their rule's `self_fields`.
    """
    role = user_role(user)
    if role == Role.ADMIN:
        return
    model = type(instance)
    rule = rule_for(model)
    if rule.public or rule.admin_only or rule.user_paths:
        return  # changed by administrators only, or owned by a user: scope_filter decides
    fields = [_field(model, name) for name in placement_fields(model)]
    stored = None
    if instance.pk is not None and not instance._state.adding:
        stored = model._default_manager.filter(pk=instance.pk).values(
            *(f.attname for f in model._meta.concrete_fields)).first()
    if stored is None:
        for field in fields:
            value = getattr(instance, field.attname)
            if field.name in rule.self_placement and value is not None and not _holds(
                user, role, field, value
            ):
                raise PermissionDenied(
                    _("You may not place this record there: its %(field)s lies outside the "
                      "area you are responsible for.") % {"field": field.verbose_name}
                )
        return
    changed = [
        f.name for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and stored[f.attname] != getattr(instance, f.attname)
    ]
    if role == Role.SELF_SERVICE:
        kept = [name for name in changed if name not in rule.self_fields]
        if kept:
            raise PermissionDenied(
                _("You may change only your own details such as contact data and "
                  "availability; %(fields)s are kept by your organisation.")
                % {"fields": _labels(model, kept)}
            )
    moved = [f for f in fields if f.name in changed]
    if role != Role.COORDINATOR:
        # Clearing a link to another party (a base's partner) moves nothing anywhere.
        moves = [f.name for f in moved
                 if f.name in rule.self_placement or getattr(instance, f.attname) is not None]
        if moves:
            raise PermissionDenied(
                _("Your role may not move records (%(fields)s); ask the coordinator of your "
                  "region.") % {"fields": _labels(model, moves)}
            )
        return
    for field in moved:
        old, new = stored[field.attname], getattr(instance, field.attname)
        old_in = None if old is None else _holds(user, role, field, old)
        new_in = None if new is None else _holds(user, role, field, new)
        if field.name in rule.self_placement:
            refused = old_in is False or new_in is False
        else:
            refused = old_in is True and new_in is False
        if refused:
            raise PermissionDenied(
                _("You may not move this record: its %(field)s can change only within the "
                  "area you are responsible for.") % {"field": field.verbose_name}
            )


def ensure_deletable(instance: Model, user: Actor) -> None:
    """Refuse a delete the user may not make: outside the scope or read-only (as for any
    change), and self-service users delete only what their rule allows (availability)."""
    ensure_in_scope(instance, user)
    if user_role(user) == Role.SELF_SERVICE and not rule_for(type(instance)).self_delete:
        raise PermissionDenied(
            _("You may not delete this record; ask your organisation or coordinator.")
        )
