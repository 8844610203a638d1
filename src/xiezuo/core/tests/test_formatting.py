"""Figures as people write them (issue 13): no 38.00人次, no 5,298,000,000 元 on a page."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from xiezuo.core.formatting import plain, scaled


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("38.00"), "38"), (Decimal("2.50"), "2.5"), (1234567, "1,234,567"),
    (12.0, "12"), (None, ""), (Decimal("0"), "0"),
])
def test_plain(value, shown):
    assert plain(value) == shown


def test_large_sums_in_wan_and_yi_yuan_with_the_exact_figure():
    with translation.override("zh-hans"):
        big = scaled(Decimal("5298000000.00"), "元")
        assert (big.value, big.unit, big.exact) == ("52.98", "亿元", "5,298,000,000 元")
        wan = scaled(Decimal("3000000"), "元")
        assert (wan.value, wan.unit) == ("300", "万元")
        small = scaled(Decimal("9999.50"), "元")
        assert (small.value, small.unit) == ("9,999.5", "元")
        people = scaled(Decimal("120000"), "人次")  # not money: never scaled
        assert (people.value, people.unit) == ("120,000", "人次")
    with translation.override("en"):
        assert scaled(Decimal("3000000"), "yuan").unit == "10,000 yuan"


def test_the_template_library():
    template = Template("{% load figures %}{{ v|figure }}人次 "
                        "{% scaled m '元' as s %}<b title='{{ s.exact }}'>{{ s.value }}</b>{{ s.unit }}")
    with translation.override("zh-hans"):
        text = template.render(Context({"v": Decimal("38.00"), "m": Decimal("123456789")}))
    assert text == "38人次 <b title='123,456,789 元'>1.23</b>亿元"
