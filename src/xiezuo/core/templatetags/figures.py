"""`{% load figures %}`: `value|figure` (12 not 12.00, grouped) and `{% scaled value unit as s %}`
(large sums in 万元 / 亿元, `s.value`, `s.unit`, `s.exact` for the title)."""

from __future__ import annotations

from django import template

from xiezuo.core.formatting import Number, Scaled, plain
from xiezuo.core.formatting import scaled as scale

register = template.Library()


@register.filter
def figure(value: Number | None) -> str:
    return plain(value)


@register.simple_tag
def scaled(value: Number | None, unit: object = "") -> Scaled:
    return scale(value, unit)
