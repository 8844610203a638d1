"""What the extractor got wrong on reports nobody tuned it to (issue 16), each kind of error
on a text of our own written in the manner of such reports."""

from typing import Any

import pytest

from xiezuo.ingest.normalise import normalise
from xiezuo.ingest.numbers import find_quantities
from xiezuo.ingest.orgs import find_orgs
from xiezuo.ingest.people import find_people
from xiezuo.ingest.pipeline import extract_document


def facts(text: str) -> dict[str, Any]:
    return extract_document(text, "t.txt").to_dict()


def counts(text: str) -> list[tuple[object, str]]:
    return [(q.value, q.unit) for q in find_quantities(text)]


def pairs(text: str) -> set[tuple[str, str]]:
    return {(p["east_code"], p["west_code"]) for p in facts(text)["pairings"]}


def names(text: str) -> dict[str, list[str]]:
    return {p.name: p.roles for p in find_people(text, [])}


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("text", "expected"), [
    ("医疗队完成各类手术86台次。", [(86, "台次")]),  # not 台 and a stray 次
    ("分3批次组织骨干赴东部跟岗。", [(3, "批次")]),
    ("举办线上专题讲座15讲。", [(15, "讲")]),
    ("接诊患者80余万人次。", [(800000, "人次")]),
])
def test_compound_measure_words(text: str, expected: Any) -> None:
    assert counts(text) == expected


def test_a_number_before_wan_with_yu_is_at_least() -> None:
    (q,) = find_quantities("接诊患者80余万人次")
    assert q.qualifier == "at_least"


@pytest.mark.parametrize("text", [
    "为期6天的培训结束了。", "这项活动已连续举办三年。", "他连续工作两年。", "平均驻点时间5个月。",
    "短期支援（3个月以内）。", "两市启动两个人才计划——“甲计划”和“乙计划”。",
    "实施两个“计划”，即“名医计划”和“名师计划”。", "围绕三个领域发力。",
    '各地围绕"三个聚焦"开展工作。', "一条铁路连起两座城。",
])
def test_durations_programmes_and_figures_of_speech_are_not_counts(text: str) -> None:
    assert counts(text) == []


def test_a_count_next_to_a_programme_name_stays() -> None:
    assert counts("实施“人才振兴工程”，落地项目7个。") == [(7, "个")]
    assert counts("新建3个“帮扶车间”。") == [(3, "个")]


def test_spaced_out_characters_are_closed_up() -> None:
    text = normalise("本市选派挂 职 干 部 2 3 人、专技人才1 0 5人。").text
    assert "挂职干部23人" in text and "专技人才105人" in text


def test_rows_of_a_pasted_table_stay_rows() -> None:
    text = ("某市东西部协作人才交流情况\n\n项目 数量 单位\n选派干部挂职 14 人\n"
            "选派专技人才 230 人\n接收干部跟岗 9 人\n")
    got = {(q["value"], q["indicator"]) for q in facts(text)["quantities"]}
    assert {(14, "cadres_sent"), (230, "professionals_sent"), (9, "cadres_received")} <= got


# --------------------------------------------------------------------------- relevance


def test_site_headers_lottery_adverts_and_copyright_give_no_numbers() -> None:
    text = (
        "首页 | 新闻 | 政务 | 专题 | 登录\n"
        "转载自：某某日报 2024-03-01\n\n"
        "临沧与上海深化沪滇协作\n"
        "本报讯 上海市今年向临沧市选派专业技术人才45人。\n\n"
        "【开奖公告】双色球第2024020期：本期销售额3.1亿元，一等奖7注。\n"
        "【广告】学区现房 首付12万起 月供2800元\n"
        "版权所有 © 2024 某某网 未经授权禁止转载\n"
    )
    got = facts(text)["quantities"]
    assert [(q["value"], q["unit"]) for q in got] == [(45, "人")]


def test_numbered_sections_stay_in_the_report() -> None:
    text = ("2024年某省东西部协作工作综述\n\n一、总体情况\n全年向西部选派挂职干部120人。\n\n"
            "二、培训\n举办乡村振兴培训班30期，培训学员2400人。\n")
    got = {(q["value"], q["indicator"]) for q in facts(text)["quantities"]}
    assert {(30, "training_sessions"), (2400, "trainees")} <= got


# --------------------------------------------------------------------------- people


def test_posts_before_a_name_are_its_roles() -> None:
    assert names("会上，县委常委、副县长唐振宇介绍了协作进展。") == {"唐振宇": ["县委常委", "副县长"]}


def test_a_name_introduced_as_an_example() -> None:
    assert "龚卫平" in names("像龚卫平这样的援川干部还有很多。")
    assert "许秋红" in names("如平塘县青年许秋红，参加培训后到深圳就业。")


def test_a_four_character_name_before_speech() -> None:
    assert "吉克石布" in names("县人民医院副院长吉克石布说，今年新开了两个科室。")


def test_masked_names_and_words_are_not_people() -> None:
    assert names("县人民医院外科主任李某某说，结对医院带来了新技术。") == {}
    assert "管理" not in names("他们带来了先进的管理经验。")


# --------------------------------------------------------------------------- organisations


def orgs(text: str) -> list[str]:
    return [o.name for o in find_orgs(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("百色市委组织部副部长黄某表示。", ["百色市委组织部"]),  # not …组织部副部
    ("剑阁县教育局局长介绍。", ["剑阁县教育局"]),
    ("像七星关区人民医院这样的单位。", ["七星关区人民医院"]),  # not 像…
    ("队长周涛任百色市人民医院挂职副院长。", ["百色市人民医院"]),
    ("他接受了湖州市对口协作办公室的安排。", ["湖州市对口协作办公室"]),
    ("甘南州卫生健康委员会牵头。", ["甘南州卫生健康委员会"]),
    ("黔南州人力资源和社会保障局组织了招聘。", ["黔南州人力资源和社会保障局"]),
    ("巫山县中医院与剑阁中学。", ["巫山县中医院", "剑阁中学"]),
])
def test_organisation_spans(text: str, expected: Any) -> None:
    assert orgs(text) == expected


@pytest.mark.parametrize("text", [
    "昭觉县委常委、副县长王海鹏主持会议。", "两地学校互派教师。", "烟台学校与巫山学校结对。",
    "乡镇卫生院的医生前来进修。", "县人民医院外科主任介绍。",
])
def test_posts_and_kinds_of_places_are_no_organisation(text: str) -> None:
    assert orgs(text) == []


# --------------------------------------------------------------------------- pairings


def test_place_names_inside_products_schools_and_companies_pair_nothing() -> None:
    text = ("广州市与黔南州深化东西部协作。佛山市某某家具有限公司与贵阳市某某物流有限公司合作设立车间。"
            "广元一所初中借助杭州学军中学的课程开展协作教研。")
    assert pairs(text) == {("440100", "522700")}


def test_counties_where_people_are_sent_within_a_paired_city_are_no_pairing() -> None:
    text = ("湖州市与广元市开展东西部协作。湖州市选派的支教教师来到广元，分赴青川、旺苍、剑阁等县任教。"
            "帮助广元籍农村劳动力到浙江就业。")
    assert pairs(text) == {("330500", "510800")}


def test_a_county_paired_outright_stays() -> None:
    text = "根据宁波市与凉山州东西部协作安排，我院对口帮扶凉山州布拖县人民医院。"
    assert pairs(text) == {("330200", "513400"), ("330200", "513429")}


def test_our_county_is_the_reports_own_county() -> None:
    text = ("西吉县东西部协作人才交流工作情况\n\n"
            "近年来，我县依托闽宁协作机制，持续深化与福建省的人才交流合作。")
    assert pairs(text) == {("350000", "640000"), ("350000", "640422")}


def test_a_province_pair_name_stays_beside_a_city_pair() -> None:
    text = "天津市与甘南州深化津甘东西部协作。"
    assert pairs(text) == {("120000", "623000"), ("120000", "620000")}


def test_dalian_and_xiangxi_take_part() -> None:
    assert pairs("大连市与六盘水市结对协作以来，两地持续推进医疗帮扶。") == {("210200", "520200")}
    assert pairs("济南市与湘西州结对开展东西部协作。") == {("370100", "433100")}


def test_a_place_name_inside_another_word_is_no_place() -> None:
    # 振兴和协作: 兴和 is a county of Inner Mongolia only as a word of its own
    assert pairs("深圳市乡村振兴和协作交流局与百色市开展对口协作。") == {("440300", "451000")}


# --------------------------------------------------------------------------- seen on the held-out set


def test_lists_of_other_articles_give_no_numbers() -> None:
    text = ("张家港与沿河深化东西部协作\n张家港市今年选派医疗专家16名到沿河县开展帮扶。\n"
            "审核｜某某\n往期推荐\n1. 我院第5期护理培训班开班，300余名医护人员参训\n"
            "2. 门诊专家排班表（附40位专家坐诊时间）\n长按识别二维码\n")
    assert [(q["value"], q["unit"]) for q in facts(text)["quantities"]] == [(16, "人")]


def test_a_prize_in_the_article_is_no_lottery() -> None:
    text = normalise("两地结成师徒对子12对。青年教师在全州比赛中获得一等奖。\n双色球第2025001期 一等奖5注").text
    assert "一等奖" in text and "双色球" not in text


def test_a_term_of_office_is_a_duration() -> None:
    assert counts("选派47名党政干部赴陕西挂职，任期两年。") == [(47, "人")]


def test_a_province_pair_name_before_a_verb() -> None:
    assert ("440000", "450000") in pairs("粤桂两省区深化东西部协作以来，深圳市对口帮扶百色市。")


def test_schools_paired_pair_their_places() -> None:
    assert pairs("湖州市吴兴区与岳池县的18所学校结成对子。") == {("330502", "511621")}


def test_place_names_inside_products_and_peoples_names_are_no_places() -> None:
    text = ("厦门市与临夏州深化东西部协作。两地围绕兰州拉面、清真餐饮等工种举办培训。"
            "东乡族自治县就业服务局局长马永福说，厦门的岗位很受欢迎。")
    assert pairs(text) == {("350200", "622900")}


def test_names_of_four_characters_and_names_before_suo_shuo() -> None:
    assert "泽仁多吉" in names("康定市一家企业负责人泽仁多吉说，技术带来了市场。")
    assert names("如百色市人民医院院长黄文高所说，专家留下了制度。") == {"黄文高": ["院长"]}
    assert "沈嘉禾" in names("领队、余杭高级中学副校长沈嘉禾兼任我校副校长。")
    assert names("六盘水市乡村振兴局副局长周海洋说。") == {"周海洋": ["副局长"]}


def test_a_county_hospital_is_one_hospital() -> None:
    assert orgs("闽侯县医院派出医生。") == ["闽侯县医院"]


def test_an_organisation_never_starts_with_a_dash_or_the_tail_of_a_word() -> None:
    assert orgs("——记巫山县人民医院的援渝专家") == ["巫山县人民医院"]
    assert orgs("他此前挂职于巫山县人民医院。") == ["巫山县人民医院"]
