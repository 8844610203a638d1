"""Forms of the notification pages; they collect input, the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import ServiceForm
from xiezuo.core.lookups import resolve_fields
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.notifications import preferences
from xiezuo.notifications.events import Event
from xiezuo.notifications.models import EmailChoice, Platform, Webhook
from xiezuo.orgs.lookups import ORGANISATION
from xiezuo.regions.lookups import REGION

WEBHOOK_EVENTS = [(value, label) for value, label in Event.choices if value != Event.DIGEST]


class PreferencesForm(forms.Form):
    """One choice per kind: in the app only, e-mail at once, or the daily digest."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Event.choices)
        for event in preferences.CHOOSABLE:
            self.fields[event] = forms.ChoiceField(
                label=labels[event], choices=EmailChoice.choices, initial=current[event],
                widget=forms.RadioSelect)


class WebhookForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=64,
                           help_text=_("E.g. 巫山县协作办工作群."))
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    region = forms.CharField(
        label=_("Region (office)"), max_length=64, required=False, widget=Picker("regions.region"),
        help_text=_("The region whose events the group hears of; or give an organisation instead."))
    organisation = forms.CharField(
        label=_("Organisation (office)"), max_length=200, required=False,
        widget=Picker("orgs.organisation"),
        help_text=_("For the group of one organisation (a hospital, a school)."))
    url = forms.URLField(
        label=_("Robot address (webhook URL)"), max_length=500,
        help_text=_("Copy it from the group's robot settings; for WeChat Work it ends in ?key=…, "
                    "for DingTalk in ?access_token=…."),
        assume_scheme="https")
    secret = forms.CharField(
        label=_("Signing secret (DingTalk 加签)"), max_length=128, required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Starts with SEC. Leave empty to keep the stored secret."))
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WEBHOOK_EVENTS, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."))
    include_below = forms.BooleanField(
        label=_("Also events of the offices below"), required=False, initial=True,
        help_text=_("For a city: the events of its counties and their organisations too."))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def initial_from(cls, instance: Any) -> dict[str, Any]:
        hook: Webhook = instance
        return {"name": hook.name, "platform": hook.platform,
                "region": hook.region.full_name if hook.region else "",
                "organisation": hook.organisation.name if hook.organisation else "",
                "url": hook.url, "events": hook.events, "include_below": hook.include_below,
                "active": hook.active}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = super().to_fields(actor)
        errors = resolve_fields(actor, data, {"region": REGION, "organisation": ORGANISATION})
        if errors:
            raise ValidationError(errors)
        return data
