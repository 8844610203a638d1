"""Forms of the needs pages; they only collect input — the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import ServiceForm, VersionMixin
from xiezuo.core.scoping import Action, scoped
from xiezuo.core.types import Actor
from xiezuo.matching import Weights
from xiezuo.needs.adapter import WEIGHT_NAMES
from xiezuo.needs.choices import NeedStatus
from xiezuo.needs.models import Need, TeamNeed
from xiezuo.orgs.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEIGHT_LABELS = {
    "specialty": _("Specialty"), "title": _("Title level"), "pairing": _("Pairing"),
    "availability": _("Availability"), "continuity": _("Continuity"),
    "fairness": _("Fairness"), "priority": _("Priority"),
}


class NeedForm(ServiceForm, forms.ModelForm):
    class Meta:
        model = Need
        fields = ["organisation", "team", "role", "domain", "specialty", "specialty_text", "slots",
                  "min_title_level", "requires_management", "mode", "start", "end", "min_days",
                  "priority", "problem"]
        widgets = {"start": DATE, "end": DATE, "problem": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("organisation", scoped(Organisation, user, Action.CHANGE))
        self.limit_choices("team", scoped(TeamNeed, user, Action.CHANGE))


class NeedEditForm(VersionMixin, NeedForm):
    """The edit form carries the version the user loaded: a stale one is refused by the
    service (Conflict) instead of overwriting a change made in the meantime."""


class TeamNeedForm(ServiceForm, forms.ModelForm):
    class Meta:
        model = TeamNeed
        fields = ["name", "organisation", "domain", "start", "end", "min_days", "same_source",
                  "problem"]
        widgets = {"start": DATE, "end": DATE, "problem": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("organisation", scoped(Organisation, user, Action.CHANGE))


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=128)
    needs = forms.ModelMultipleChoiceField(label=_("Needs"), queryset=Need.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    pool_region = forms.CharField(
        label=_("Pool: region code"), required=False, max_length=6,
        help_text=_("Empty: the eastern regions paired with the needs' regions."))

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.limit_choices("needs", scoped(Need, user).filter(
            status__in=[NeedStatus.PUBLISHED, NeedStatus.PARTIALLY_FILLED]
        ).select_related("organisation", "specialty"))
        defaults = Weights()
        for name in WEIGHT_NAMES:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=_("Weight: %(part)s") % {"part": WEIGHT_LABELS[name]},
                initial=getattr(defaults, name), min_value=0, max_value=1000)

    def weights(self) -> dict[str, float]:
        return {name: self.cleaned_data[f"w_{name}"] for name in WEIGHT_NAMES}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = self.cleaned_data
        return {"name": data["name"], "needs": data["needs"], "pool_region": data["pool_region"],
                "weights": self.weights()}
