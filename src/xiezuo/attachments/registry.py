"""The records that may carry attachments: a key used in addresses and the API, the model
(by its label, so this module imports no app) and a label. Adding a kind of record here
and `{% attachment_section record %}` to its page is all it takes."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Parent:
    key: str
    label: str  # app_label.model
    name: str | Promise

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.label)


PARENTS: dict[str, Parent] = {p.key: p for p in (
    Parent("posting", "exchange.posting", _("Posting")),
    Parent("activity", "activities.activity", _("Activity")),
    Parent("event", "activities.event", _("Activity group")),
    Parent("agreement", "cooperation.agreement", _("Agreement")),
    Parent("goal", "exchange.goal", _("Goal")),
)}
BY_LABEL: dict[str, Parent] = {p.label: p for p in PARENTS.values()}


def parent_of(model: type[Model]) -> Parent | None:
    """The registry entry of a model that may carry attachments, None for any other."""
    return BY_LABEL.get(model._meta.label_lower)
