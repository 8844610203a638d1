"""Weight presets of a matching round (均衡 / 专业优先 / 结对优先): a small typed table.

A coordinator chooses a preset instead of typing seven numbers; `custom` keeps the seven
weights as given. The service (`services.round_weights`) validates the choice, so the
page, the API and the command line accept the same names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiezuo.matching import Weights

CUSTOM = "custom"


@dataclass(frozen=True)
class Preset:
    key: str
    label: str | Promise
    description: str | Promise
    weights: Weights

    def as_dict(self) -> dict[str, float]:
        return {name: float(value) for name, value in asdict(self.weights).items()}


PRESETS: tuple[Preset, ...] = (
    Preset("balanced", _("Balanced"),
           _("Specialty first, then pairing, priority, title and availability (the default)."),
           Weights()),
    Preset("specialty_first", _("Specialty first"),
           _("The closest specialty and the higher title count most."),
           Weights(specialty=60.0, title=15.0, pairing=10.0, availability=10.0, continuity=5.0,
                   fairness=5.0, priority=10.0)),
    Preset("pairing_first", _("Pairing first"),
           _("People of the paired eastern side and those who served the unit before count most."),
           Weights(specialty=30.0, title=8.0, pairing=45.0, availability=10.0, continuity=10.0,
                   fairness=5.0, priority=10.0)),
)
BY_KEY: dict[str, Preset] = {p.key: p for p in PRESETS}
DEFAULT = PRESETS[0]


def preset_choices() -> list[tuple[str, str | Promise]]:
    """The presets and “custom weights”, for a form's radio buttons."""
    return [(p.key, p.label) for p in PRESETS] + [(CUSTOM, _("Custom weights"))]


def preset_of(weights: Mapping[str, float] | None) -> Preset | None:
    """The preset whose weights these are (a stored round's), or None for custom ones."""
    given = Weights(**{k: float(v) for k, v in (weights or {}).items()
                       if k in Weights.__dataclass_fields__})
    for preset in PRESETS:
        if preset.weights == given:
            return preset
    return None
