"""Figures as people write them: 12 not 12.00, 1,000,000 grouped, large sums in 万元 / 亿元.

Used by the pages (template library `figures`) and by the Word and Excel reports, so a figure
reads the same everywhere. Exports keep the exact figure; a page shows a large amount scaled,
with the exact one on hover (`title`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

Number = Decimal | int | float


def plain(value: Number | None) -> str:
    """A figure as people write it: 12 not 12.00, 1,000,000 grouped."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{Decimal(str(value)).normalize():,f}"


@dataclass(frozen=True)
class Scaled:
    value: str  # as shown: "52.98"
    unit: str  # as shown: "亿元"
    exact: str  # for the title: "5,298,000,000 元"


def scaled(value: Number | None, unit: object = "") -> Scaled:
    """An amount in yuan of 10,000 or more in 万元 (from 100 million: 亿元), to two decimals
    with trailing zeros dropped; any other figure plain, with its unit."""
    unit_text = str(unit)
    exact = f"{plain(value)} {unit_text}".strip()
    if value is None or unit_text != _("yuan"):
        return Scaled(plain(value), unit_text, exact)
    amount = Decimal(str(value))
    for size, name in ((Decimal(100_000_000), _("100 million yuan")),
                       (Decimal(10_000), _("10,000 yuan"))):
        if abs(amount) >= size:
            shown = (amount / size).quantize(Decimal("0.01"))
            return Scaled(plain(shown), name, exact)
    return Scaled(plain(value), unit_text, exact)
