from typing import Any

from xiezuo.ingest.pipeline import extract_document


def facts(text: str) -> dict[str, Any]:
    return extract_document(text, "t.txt").to_dict()


def indicator_of(text: str) -> list[tuple[object, str]]:
    return [(q["value"], q["indicator"]) for q in facts(text)["quantities"]]


def test_indicators_from_the_language() -> None:
    text = (
        "宁波市与黔西南州开展东西部协作。宁波市累计选派党政干部18人到黔西南州挂职，"
        "选派医生、教师等专业技术人才320名，接收黔西南州5名干部赴宁波跟岗学习，"
        "安排两名医生到宁波进修学习。聘请12名专家担任产业发展顾问。"
        "举办培训班15期，培训乡村教师860人，培训基层干部1200人次。"
        "专家团队开展义诊3场，接诊患者600余人次，完成手术25台。"
        "促成两地45所学校结对，结成师徒对子30对。投入协作资金2.3亿元，"
        "实施协作项目40个，签订合作协议6份，新建帮扶车间12个，提供就业岗位800余个，"
        "惠及群众1.5万人，解决技术难题14个。"
    )
    got = dict(indicator_of(text))
    assert got[18] == "cadres_sent"
    assert got[320] == "professionals_sent"
    assert got[5] == "cadres_received"
    assert got[2] == "professionals_received"
    assert got[12] in {"experts_engaged", "bases"}
    assert got[15] == "training_sessions"
    assert got[860] == "trainees"
    assert got[1200] == "training_person_times"
    assert got[600] == "medical_services"
    assert got[25] == "medical_services"
    assert got[45] == "pairs" and got[30] == "pairs"
    assert got[230000000] == "funds"
    assert got[40] == "projects" and got[6] == "projects"
    assert got[800] == "jobs"
    assert got[15000] == "beneficiaries"
    assert got[14] == "outcomes"


def test_pairings_most_specific_and_broader_and_not_visits() -> None:
    text = (
        "江苏省与陕西省深化苏陕协作。南京市六合区结对帮扶商洛市柞水县，选派干部3人挂职。"
        "考察团一行还到西安市参观了科技园区。"
    )
    pairs = {(p["east_code"], p["west_code"]) for p in facts(text)["pairings"]}
    assert ("320000", "610000") in pairs
    assert ("320116", "611026") in pairs
    assert not any(w.startswith("6101") for _, w in pairs)  # 西安 was only visited


def test_people_and_organisations() -> None:
    text = (
        "在东西部协作中，浙江大学医学院附属第一医院主任医师陈志远来到甘孜州人民医院，"
        "被聘为甘孜州人民医院首席专家。“我们要留下带不走的团队。”陈志远说。"
    )
    out = facts(text)
    people = {p["name"]: p for p in out["people"]}
    assert "陈志远" in people
    assert "主任医师" in people["陈志远"]["roles"]
    kinds = {o["name"]: o["kind"] for o in out["organisations"]}
    assert kinds.get("甘孜州人民医院") == "hospital"


def test_irrelevant_segment_gives_no_facts() -> None:
    page = (
        "山海协作结硕果\n本报讯（记者 王强）今年以来，福建省与宁夏回族自治区深化闽宁协作，"
        "福建省选派挂职干部45人、专业技术人才300名赴宁夏开展帮扶。\n\n\n"
        "全市秋粮喜获丰收\n本报讯（通讯员 李丽）今年全市粮食播种面积120万亩，"
        "新建高标准农田8万亩，农机合作社达到56家，组织农技培训40场。\n"
    )
    out = facts(page)
    assert [s["relevant"] for s in out["segments"]] == [True, False]
    values = {q["value"] for q in out["quantities"]}
    assert {45, 300} <= values
    assert not values & {1200000, 80000, 56, 40}
    assert all(q["segment"] == 0 for q in out["quantities"])
    assert out["segments"][1]["title"] == "全市秋粮喜获丰收"


def test_traditional_input_gives_simplified_output() -> None:
    out = facts("廣東省與廣西壯族自治區深化粵桂協作，廣東選派醫療專家120名赴廣西支醫。")
    assert out["script"] == "hant"
    assert out["quantities"][0]["value"] == 120
    assert out["quantities"][0]["indicator"] == "professionals_sent"
    assert "医疗专家" in out["quantities"][0]["evidence"]
    assert ("440000", "450000") in {(p["east_code"], p["west_code"]) for p in out["pairings"]}


def test_soft_boundary_page_without_markers() -> None:
    page = (
        "沪滇协作助力红河产业升级\n"
        "上海市闵行区与红河州元阳县结对以来，闵行区累计投入帮扶资金1.5亿元，援建产业项目26个。\n\n"
        "教育帮扶见成效\n闵行区选派支教教师18名到元阳县，开展示范课40节。\n\n"
        "全县秋粮喜获丰收\n今年全县粮食播种面积12万亩，新建高标准农田8000亩，农机合作社达到56家。\n"
    )
    out = facts(page)
    assert [s["relevant"] for s in out["segments"]] == [True, True, False]
    assert {q["value"] for q in out["quantities"]} == {150000000, 26, 18, 40}
    pairs = {(p["east_code"], p["west_code"]) for p in out["pairings"]}
    assert ("310112", "532528") in pairs and ("310000", "530000") in pairs
