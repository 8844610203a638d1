import pytest

from xiezuo.ingest.numbers import find_quantities, parse_number


def q(text: str) -> list[tuple[object, str, str]]:
    return [(x.value, x.qualifier, x.unit) for x in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两名医生到东部进修", [(2, "exact", "人")]),
        ("培训十余人", [(10, "at_least", "人")]),
        ("近20万人次参加", [(200000, "approx", "人次")]),
        ("上千人受益", [(1000, "at_least", "人")]),
        ("投入资金1.2万元", [(12000, "exact", "元")]),
        ("销售额73.78亿元", [(7378000000, "exact", "元")]),
        ("签约6名专家", [(6, "exact", "人")]),
        ("约30位教师", [(30, "approx", "人")]),
        ("派出１５名", [(15, "exact", "人")]),
        ("手术40余台", [(40, "at_least", "台")]),
        ("超过500人次", [(500, "at_least", "人次")]),
        ("不到3个月", [(3, "at_most", "个月")]),
        ("培训100人左右", [(100, "approx", "人")]),
        ("一百二十名学员", [(120, "exact", "人")]),
        ("5000人以上", [(5000, "at_least", "人")]),
        ("百余人", [(100, "at_least", "人")]),
        ("逾千名医护人员", [(1000, "at_least", "人")]),
        ("培训1,500人次", [(1500, "exact", "人次")]),
    ],
)
def test_numerals_and_qualifiers(text: str, expected: list[tuple[object, str, str]]) -> None:
    assert q(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "建立三大制度", "从两个方面推进", "第八批援藏干部", "一是加强领导", "二是完善机制",
        "2024年8月23日", "十年来", "近3年", "每周开展1—2次培训", "“五个一百”工程", "这10名教师",
        "国家5A级景区", "千家万户", "数十名专家", "几百人", "一名主治医师", "年满22岁", "增长30%", "第3期",
    ],
)
def test_headings_enumerations_dates_are_not_facts(text: str) -> None:
    assert q(text) == []


def test_parse_number() -> None:
    assert parse_number("两") == 2
    assert parse_number("十余") == 10
    assert parse_number("千") == 1000
    assert parse_number("３．５万") == 35000
    assert parse_number("abc") is None
