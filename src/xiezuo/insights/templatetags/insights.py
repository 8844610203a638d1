from decimal import Decimal

from django import template

from xiezuo.insights.exports import plain

register = template.Library()


@register.filter
def figure(value: Decimal | int | float | None) -> str:
    """A figure as on the Word and Excel reports: 3,000,000; 12 not 12.00."""
    return plain(value)
