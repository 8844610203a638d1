"""Indicator codes for quantities, decided from the language around the number.

Inputs: the measure word (unit), the *local* context (from the previous number or the
clause start up to the number, plus the noun after the unit) and the whole clause /
sentence for verbs. Rules are ordered: money first, then results (outcomes), jobs,
pairing, medical work, training, people by kind and direction, objects (bases,
projects), reach (beneficiaries), and finally ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xiezuo.ingest.places import ABBREVIATIONS, find_places, role

PERSON_UNITS = {"人"}
OBJECT_UNITS = {"个", "所", "家", "支", "处", "座", "项", "份", "批", "条", "种", "间", "套"}

OUTCOME = re.compile(r"意向|问题|难题|难点|瓶颈|建议|成果|专利|新技术|新项目|新产品|新品种|填补|空白|转化|攻关|论文|标准")
JOBS = re.compile(r"岗位|就业|劳动力|招聘|务工|转移|稳岗|用工|招工|劳务|求职|录用")
PAIRS = re.compile(r"结对|对子|师徒|结成|牵手|一对一|一对多|手拉手|共建关系|结亲")
MEDICAL = re.compile(r"义诊|坐诊|查房|手术|诊疗|接诊|门诊|会诊|患者|病例|病人|诊治|救治|筛查|体检|诊断")
TRAIN_WORDS = r"培训|研修|授课|讲座|讲课|指导|学习|轮训|进修|培养|辅导|教研|听课|评课|带教"
TRAINING = re.compile(TRAIN_WORDS)
SESSIONS = re.compile(r"培训班|研修班|讲座|示范课|公开课|课|班|讲堂|论坛|交流会|研讨会|沙龙|活动")
TRAINEES = re.compile(r"学员|结业|参训|受训|培训|带教|培养|轮训|带徒")
EXPERT = re.compile(r"专家|顾问|讲师|教授|博士|院士|工程师")
ENGAGE = re.compile(r"聘|邀请|入驻|驻站|首席|顾问|柔性|引进|引才|周末工程师|讲师团|工作站")
CADRE = re.compile(r"干部|挂职|党政|公务员|处级|科级|村官|书记|领导")
PROFESSIONAL = re.compile(
    r"专业技术|人才|医生|医疗|医务|医护|护士|教师|老师|支教|支医|支农|农技|技术人员|专家|"
    r"校长|院长|科研|骨干|师资|工程师|社工|进修人员|医务人员"
)
POSTED = re.compile(r"挂职|支教|支医|支农|派驻|驻点|常驻|医疗队|队员|援[藏疆黔滇川渝甘宁青蒙桂凉临]|组团式|轮换|到岗|任职")
RECEIVE = re.compile(r"跟岗|跟班|实岗|进修|挂职学习|挂职锻炼|考察学习|学习培训|赴东部|到东部|来东部|接收|接纳")
BASES = re.compile(r"基地|工作站|工作室|团队|服务站|园区|车间|中心|示范点|实训室|平台|学院|分院|医联体|医共体|联盟")
PROJECTS = re.compile(r"项目|协议|合同|备忘录|框架")
BENEFIT = re.compile(r"惠及|受益|带动|覆盖|服务群众|群众|农户|脱贫户|村民|患儿")
SEND = re.compile(r"赴|到|来到|前往|派往|支援|派驻|入驻|在(?=[^，。]{0,8}(?:挂职|支教|支医))")
PLACE_TYPES = re.compile(r"^(?:县|市|区|乡镇|乡|镇|村|学校|医院|中小学|幼儿园|卫生院|企业)")


def _east_destination(clause: str) -> bool:
    """Does the clause send people *to* an eastern place (赴鲁, 到山东进修)?"""
    for m in re.finditer(r"(?:赴|到|来|前往|去)([^\s，。、]{1,8})", clause):
        target = m.group(1)
        if target.startswith("东部"):
            return True
        hits = find_places(target[:6])
        if hits and hits[0].start == 0:
            return role(hits[0].code) == "east"
        if target[:1] in ABBREVIATIONS and role(ABBREVIATIONS[target[0]]) == "east":
            if target[:1] in "鲁粤沪京津苏浙闽":
                return True
    return False


@dataclass(frozen=True)
class QuantityContext:
    """What the extractor knows of one quantity: its measure word, the *local* context (from
    the previous number or the clause start up to the number), the noun it counts, and its
    clause and sentence."""

    unit: str
    local: str
    subject: str
    clause: str
    sentence: str


def direction(ctx: QuantityContext) -> str:
    """"received" when the clause brings people east (跟岗, 赴东部, 到山东进修), "sent" when it
    names sending, else ""."""
    if RECEIVE.search(ctx.clause) or _east_destination(ctx.clause):
        return "received"
    if re.search(r"选派|派出|派驻|输送|支援|援助|援[藏疆黔滇川渝甘宁青蒙桂]", ctx.local + ctx.subject):
        return "sent"
    return ""


def classify_rules(ctx: QuantityContext) -> str:
    """The rules' indicator code of one quantity."""
    return classify(ctx.unit, ctx.local, ctx.subject, ctx.clause, ctx.sentence)


# Verdicts of the rules that are certain, with the condition under which they are.
CERTAIN: dict[str, Callable[[QuantityContext], bool]] = {
    "funds": lambda ctx: ctx.unit == "元",
}


def classify(unit: str, local: str, subject: str, clause: str, sentence: str) -> str:
    """The indicator code of one quantity, by the rules."""
    near = local + subject
    if unit == "元":
        return "funds"
    if unit in OBJECT_UNITS and OUTCOME.search(near):
        return "outcomes"
    if JOBS.search(near) and unit in PERSON_UNITS | OBJECT_UNITS | {"场", "次"}:
        return "jobs"
    if PAIRS.search(near) or (PAIRS.search(clause) and unit in {"所", "家", "对", "个", "人"}):
        if unit != "人次":
            return "pairs"
    if unit in {"例", "台", "台次", "次", "人"} and MEDICAL.search(near):
        return "medical_services"
    if unit == "人次":
        if re.search(r"选派|派出|派驻|选拔|输送", local) and (
            PROFESSIONAL.search(near) or CADRE.search(near)
        ):
            return _person_indicator(local, subject, clause, sentence)
        if TRAINING.search(local):
            return "training_person_times"
        if MEDICAL.search(near) or (MEDICAL.search(clause) and not TRAINING.search(near)):
            return "medical_services"
        if TRAINING.search(near) or TRAINING.search(clause):
            return "training_person_times"
        if BENEFIT.search(near):
            return "beneficiaries"
        return "training_person_times" if "研" in clause else "other"
    if unit in {"期", "场", "场次", "批次", "堂", "节", "班", "次", "个", "门", "课时", "学时"} and SESSIONS.search(near):
        if TRAINING.search(near) or re.search(r"班|课|讲座|讲堂", near):
            return "training_sessions"
    if unit in PERSON_UNITS:
        if JOBS.search(clause) and not PROFESSIONAL.search(near) and not CADRE.search(near):
            return "jobs"
        return _person_indicator(local, subject, clause, sentence)
    if unit in OBJECT_UNITS and BASES.search(near):
        return "bases"
    if unit in OBJECT_UNITS and PROJECTS.search(near):
        return "projects"
    if unit in {"个", "所", "家"} and PLACE_TYPES.match(subject) and PAIRS.search(sentence):
        return "pairs"
    if unit in {"户"} and BENEFIT.search(clause):
        return "beneficiaries"
    return "other"


def _person_indicator(local: str, subject: str, clause: str, sentence: str) -> str:
    near = local + subject
    if TRAINEES.search(near) and not re.search(r"选派|派出|派驻", near):
        if re.search(r"学员|结业|参训|受训", near) or re.search(
            r"(?:培训|带教|培养|轮训|带出|带徒)[^，。]{0,12}$", local
        ):
            return "trainees"
    if BENEFIT.search(near) and not PROFESSIONAL.search(subject):
        return "beneficiaries"
    if EXPERT.search(near) and (ENGAGE.search(clause) or ENGAGE.search(sentence)):
        return "experts_engaged"
    # experts on a visit (专家团, 领域专家32人赴…), not posted (挂职, 支医, 派驻, 医疗队)
    if re.search(r"专家|教授|顾问", subject) and not POSTED.search(sentence):
        return "experts_engaged"
    received = bool(RECEIVE.search(clause)) or _east_destination(clause)
    if CADRE.search(subject) or (CADRE.search(near) and not PROFESSIONAL.search(subject)):
        return "cadres_received" if received else "cadres_sent"
    if PROFESSIONAL.search(near):
        return "professionals_received" if received else "professionals_sent"
    if TRAINEES.search(near):
        return "trainees"
    if CADRE.search(clause):
        return "cadres_received" if received else "cadres_sent"
    if PROFESSIONAL.search(clause):
        return "professionals_received" if received else "professionals_sent"
    return "other"
