"""Forms of the needs pages; they only collect input — the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import ServiceForm, VersionMixin
from xiezuo.core.scoping import Action, scoped
from xiezuo.core.types import Actor
from xiezuo.core.widgets import Picker
from xiezuo.needs.adapter import WEIGHT_NAMES
from xiezuo.needs.choices import NeedStatus
from xiezuo.needs.explanation import PART_LABELS
from xiezuo.needs.models import Need, TeamNeed
from xiezuo.needs.presets import CUSTOM, DEFAULT, PRESETS, preset_choices
from xiezuo.needs.selectors import drawable_offers
from xiezuo.offers.models import Offer
from xiezuo.offers.transitions import OPEN_STATES as OFFER_OPEN
from xiezuo.orgs.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEIGHT_LABELS = PART_LABELS


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


class DecisionForm(forms.Form):
    """A comment on an approval, or the reason for returning (or closing) a need."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class NeedChoiceField(forms.ModelMultipleChoiceField):
    """Needs told apart: unit · specialty (role) · period · count."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Need)
        return obj.full_label


class OfferChoiceField(forms.ModelMultipleChoiceField):
    """Offers told apart: offerer · specialty · period · count."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Offer)
        return obj.full_label


class RoundForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=128,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. 2027年春季巫山县医疗需求匹配")}))
    needs = NeedChoiceField(label=_("Needs"), queryset=Need.objects.none(),
                            widget=forms.CheckboxSelectMultiple)
    offers = OfferChoiceField(
        label=_("Offers"), queryset=Offer.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Published offers of the eastern side (供给清单): each can fill as many "
                    "places as people it offers; the people are named after the approval."))
    pool_region = forms.CharField(
        label=_("Draw people from"), required=False, max_length=64,
        widget=Picker("regions.region", attrs={"placeholder": _("e.g. 烟台市")}),
        help_text=_("A region by name. Empty: the eastern regions paired with the needs' regions."))
    preset = forms.ChoiceField(label=_("Weighting"), choices=preset_choices, initial=DEFAULT.key,
                               widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        needs = scoped(Need, user).filter(
            status__in=[NeedStatus.PUBLISHED, NeedStatus.PARTIALLY_FILLED]
        ).select_related("organisation__region", "specialty").order_by("organisation__name",
                                                                        "start", "pk")
        self.limit_choices("needs", needs)
        # the offers a round may match: open ones the user sees (their area) or those of the
        # eastern side of a pairing of a need they see (the service checks the chosen needs)
        self.limit_choices("offers", drawable_offers(user, needs).filter(
            status__in=OFFER_OPEN).select_related("organisation", "region", "specialty")
            .order_by("start", "pk"))
        defaults = DEFAULT.weights
        for name in WEIGHT_NAMES:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=str(PART_LABELS[name]), required=False, initial=getattr(defaults, name),
                min_value=0, max_value=1000,
                widget=forms.NumberInput(attrs={"step": "any", "data-weight": name}))
        self.presets = [{"key": p.key, "label": p.label, "description": p.description,
                         "weights": ",".join(f"{k}:{v:g}" for k, v in p.as_dict().items())}
                        for p in PRESETS]
        self.custom_key = CUSTOM

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{name}"] for name in WEIGHT_NAMES]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.cleaned_data.get("preset") == CUSTOM:
            for name in WEIGHT_NAMES:
                if self.cleaned_data.get(f"w_{name}") is None and f"w_{name}" not in self.errors:
                    self.add_error(f"w_{name}", _("Give a weight (0 to 1000) for custom weights."))
        return cleaned

    def weights(self) -> dict[str, float]:
        return {name: self.cleaned_data[f"w_{name}"] for name in WEIGHT_NAMES}

    def to_fields(self, actor: Actor) -> dict[str, Any]:
        data = self.cleaned_data
        preset = data.get("preset") or None
        given = self.weights()
        # No preset chosen (a form posted without one): the weights given, if all are.
        custom = preset == CUSTOM or (preset is None and None not in given.values())
        return {"name": data["name"], "needs": data["needs"], "offers": data.get("offers") or [],
                "pool_region": data["pool_region"],
                "preset": preset, "weights": given if custom else None}
