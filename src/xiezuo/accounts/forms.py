"""The form of a new personal API token: a name and how long it works."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.services import DEFAULT_LIFETIME, TOKEN_LIFETIMES
from xiezuo.core.forms import ServiceForm

NEVER = "never"


def lifetime_label(days: int | None) -> Any:
    if days is None:
        return _("Until revoked")
    return _("%(days)d days") % {"days": days}


class ApiTokenForm(ServiceForm):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, e.g. “省协作办数据交换” or the system that uses it."),
    )
    lifetime = forms.ChoiceField(
        label=_("Valid for"),
        choices=[(str(days) if days else NEVER, lifetime_label(days)) for days in TOKEN_LIFETIMES],
        initial=str(DEFAULT_LIFETIME),
        help_text=_("After this the token stops working; create a new one then."),
    )

    def to_fields(self, actor: Any) -> dict[str, Any]:
        lifetime = self.cleaned_data["lifetime"]
        return {"name": self.cleaned_data["name"],
                "lifetime_days": None if lifetime == NEVER else int(lifetime)}
