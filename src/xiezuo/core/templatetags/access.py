"""What a page may offer the user: the template side of `xiezuo.core.scoping`.

    {% load access %}
    {% if user|may_change:"exchange.posting" %}<a class="button" …>新建选派</a>{% endif %}
    {% if user|may_change:object %}…{% endif %}   {# this record, in the user's scope #}

A page shows an action only when the service behind it would accept it from this user;
the service still checks (the template decides what is offered, never what is allowed).
"""

from __future__ import annotations

from django import template
from django.db.models import Model

from xiezuo.core.scoping import Action, can, may_change_model
from xiezuo.core.types import Actor

register = template.Library()


@register.filter
def may_change(user: Actor, target: Model | str) -> bool:
    """A record: whether the user may change it; a model label: whether their role may
    change records of that model at all."""
    if isinstance(target, Model):
        return can(user, Action.CHANGE, target)
    return may_change_model(user, target)
