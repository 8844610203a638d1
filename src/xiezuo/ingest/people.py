"""Person names with roles and organisations.

A name is 2-3 characters starting with a common surname and must stand in a person
context: after a role or title (副主任医师施宏志, 干部亓立东), before a verb of speech
(何武昌介绍, 郭华建议), coordinated with another name (马净洁和马亚), or tagged as a
person name by jieba's part-of-speech model and standing in such a context.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from xiezuo.ingest.places import find_places

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝亓"
)
_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
ROLES = (
    "县委常委|市委常委|州委常委|区委常委|常委|副县长|县长|副市长|市长|副州长|州长|副区长|区长|副镇长|镇长|"
    "副乡长|乡长|第一书记|党委书记|党支部书记|支部书记|村支书|支书|主任委员|科主任|学科带头人|"
    "特级教师|骨干教师|支教教师|援派干部|援黔干部|援渝干部|援川干部|援藏干部|援疆干部|援滇干部|"
    "援甘干部|援青干部|援宁干部|援桂干部|援蒙干部|调研员|工作队长|队员|理事长|社长|厂长|所长|园长|"
    "农民工|村民|学员|致富带头人|创业者|青年|农民|妇女|脱贫户|大学生|毕业生|"
    "首席专家|驻站专家|副主任医师|主任医师|主治医师|住院医师|副主任护师|主任护师|护士长|副院长|院长|"
    "原院长|副校长|校长|副书记|书记|副局长|局长|副主任|主任|副教授|教授|讲师|研究员|副研究员|"
    "高级工程师|工程师|博士生|博士|硕士|教师|老师|医生|医师|护士|董事长|总经理|经理|负责人|"
    "干部|挂职干部|专家|顾问|站长|村医|农艺师|技术员|队长|组长|团长|记者|通讯员|主席|部长|处长|科长"
)
_ROLE_BEFORE = re.compile(f"(?:{ROLES})$")
_ROLE_AFTER = re.compile(rf"^(?:被聘为|受聘为|担任|任|是)[^，。；]{{0,20}}?({ROLES})")
_FOLLOW = re.compile(
    r"^(?:说|介绍|表示|建议|指出|认为|告诉|坦言|谈到|回忆|感慨|强调|称|讲|笑着|[，。、,.;；:：]|和|与|是|在|等|"
    r"被|曾|也|率先|来到|结合|抱着|的|；|：|“|”|\d|不是|还|就|从|带领|作为|同志|一行|顺利|已|将|正在|"
    r"先后|主动|每|带队|率队|率|主持|出席|参加|看望|调研|深入|走访|一同|等人|坦言|这样|一样|那样|任|"
    r"担任|兼任|现任|牵头|负责|把|将|给|带着|算|用|又|都|便|刚|一直|已经|多次|连续|正|回忆说|所说|所言|$)"
)
_NOT_NAMES = {"东部", "西部", "专家", "干部", "教师", "医生", "群众", "人才", "同事", "团队", "当地",
              "相关", "负责人", "院长", "老师", "记者"}


# Where step 2 below can find a name: a surname right after a role, an organisation or 的,
# or a surname and one or two characters before a verb of speech or a role stated after.
_PERSON_CONTEXT = re.compile(
    rf"(?:{ROLES}|医院|大学|学院|公司|局|的)[{SURNAMES}{''.join(c[0] for c in _COMPOUND)}]|"
    rf"[{SURNAMES}][\u4e00-\u9fff]{{1,3}}(?:说|介绍|表示|建议|指出|认为|告诉|被聘为|受聘为|担任|任|是)"
)


@dataclass
class Person:
    name: str
    roles: list[str] = field(default_factory=list)
    organisation: str | None = None
    start: int = 0


class _Word(Protocol):
    word: str
    flag: str  # part of speech: "nr" for a person name


class _Tagger(Protocol):
    """What is used of jieba's part-of-speech tagger (jieba has no type information)."""

    def cut(self, sentence: str) -> Iterable[_Word]: ...


@cache
def _jieba() -> _Tagger:
    # Imported on first use on purpose: jieba's tagger costs about 0.7 s and 60 MB at
    # import in every process that imports the engine (every Django process, through
    # the reports app), and only an extraction needs it.
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tagger: _Tagger = jieba.posseg
    return tagger


def _tags() -> dict[str, str]:
    """jieba's dictionary: word -> part of speech."""
    tags: dict[str, str] = _jieba().dt.word_tag_tab  # type: ignore[attr-defined]
    return tags


def _surname_ok(name: str) -> bool:
    return name[:2] in _COMPOUND or name[0] in SURNAMES


# Parts of speech of dictionary words that are never a person's name (管理 vn, 马上 d).
_NOT_NAME_TAGS = {"v", "vn", "vd", "a", "ad", "an", "d", "t", "p", "c", "u", "m", "q", "r", "f", "j"}


def _plausible(name: str, unsurnamed: bool = False) -> bool:
    """Could ``name`` be a person's name? ``unsurnamed``: four characters without a Han
    surname may be a Tibetan or Yi name (泽仁多吉) -- asked only where a role stands right
    before it and a verb of speech right after it (see `_name_at`)."""
    if name in _NOT_NAMES or "某" in name or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        return False
    if not _surname_ok(name) and not (unsurnamed and len(name) == 4):
        return False
    if _tags().get(name, "nr") in _NOT_NAME_TAGS:
        return False
    hits = find_places(name)
    return not (hits and hits[0].start == 0 and len(hits[0].text) >= 2)


_SPEECH = re.compile(r"说|讲|称|介绍|表示|建议|指出|认为")


def _name_at(sentence: str, i: int, after_role: bool = False) -> str | None:
    """The name starting at position i (2 or 3 characters, 4 before a verb of speech as in
    吉克阿呷说), judged by what follows."""
    lengths: tuple[int, ...] = (3, 2)
    if _SPEECH.match(sentence[i + 2 : i + 4]):
        lengths = (2, 3)
    elif (_SPEECH.match(sentence[i + 4 : i + 6]) and not _SPEECH.match(sentence[i + 3 : i + 5])
          and sentence[i + 3 : i + 4] not in ("所", "曾", "也", "还", "就", "都", "又")):
        lengths = (4, 3, 2)
    for length in lengths:
        name = sentence[i : i + length]
        if len(name) == length and _plausible(name, after_role and length == 4) and _FOLLOW.match(
                sentence[i + length :]):
            return name
    return None


def find_people(sentence: str, orgs: list[tuple[str, int, int]]) -> list[Person]:
    """People named in one sentence. ``orgs`` are (name, start, end) found in it."""
    found: dict[str, Person] = {}

    def add(name: str, pos: int, role: str | None) -> None:
        p = found.setdefault(name, Person(name, start=pos))
        if role and role not in p.roles:
            p.roles.append(role)
        before = [o for o in orgs if o[2] <= pos and pos - o[2] <= 12]
        if before and p.organisation is None:
            p.organisation = before[-1][0]

    # 1. role/title directly before the name
    for m in re.finditer(f"(?:{ROLES})", sentence):
        name = _name_at(sentence, m.end(), after_role=True)
        if name:
            # posts chained before it: 县委常委、副县长张某
            chain: list[str] = []
            j = m.start()
            while j > 1 and sentence[j - 1] == "、" and (prev := _ROLE_BEFORE.search(sentence[: j - 1])):
                chain.insert(0, prev.group())
                j = prev.start()
            for role in [*chain, m.group()]:
                add(name, m.end(), role)
    # 2. jieba person names in a person context (tagging only a sentence that has one)
    pos = 0
    for w in _jieba().cut(sentence) if _PERSON_CONTEXT.search(sentence) else ():
        word, flag = w.word, w.flag
        if flag == "nr" and 2 <= len(word) <= 3 and _plausible(word):
            after = sentence[pos + len(word) :]
            before = sentence[max(0, pos - 8) : pos]
            if _FOLLOW.match(after) and (
                _ROLE_BEFORE.search(before) or re.match(r"(?:说|介绍|表示|建议|指出|认为|告诉)", after)
                or re.search(r"(?:医院|大学|学院|公司|局|的)$", before) or _ROLE_AFTER.match(after)
            ):
                add(word, pos, None)
        pos += len(word)
    # 3. a name after an organisation and 的, or before a speech verb
    for m in re.finditer(r"(?:医院|大学|学院|公司|局|学校|的)(?=([\u4e00-\u9fff]{2,3}))", sentence):
        name = _name_at(sentence, m.start(1))
        if name and re.match(r"(?:和|与|、|说|介绍|表示|顺利)", sentence[m.start(1) + len(name) :]):
            add(name, m.start(1), None)
    # 4. introduced as an example: 像刘永智这样的援渝干部, 如张敏等
    for m in re.finditer(r"(?:像|如|比如|正如)(?=[\u4e00-\u9fff]{2,4}(?:这样|一样|那样|等))", sentence):  # noqa: E501
        for length in (3, 2, 4):
            name = sentence[m.end() : m.end() + length]
            if (len(name) < 4 or name in found) and _plausible(name, name in found) and re.match(
                    r"这样|一样|那样|等", sentence[m.end() + length :]):
                add(name, m.end(), None)
                break
    # 5. coordination: 马净洁和马亚
    for name in list(found):
        for m in re.finditer(re.escape(name) + r"(?:和|与|、)", sentence):
            j = m.end()
            for length in (2, 3):
                other = sentence[j : j + length]
                if _plausible(other) and _FOLLOW.match(sentence[j + length :]):
                    add(other, j, None)
                    break
    # roles stated after the name: 被聘为巫山县中医院首席专家, 是食用菌研究专家
    for p in found.values():
        for m in re.finditer(re.escape(p.name), sentence):
            r = _ROLE_AFTER.match(sentence[m.end() :])
            if r and r.group(1) not in p.roles:
                p.roles.append(r.group(1))
                inner = [o for o in orgs if m.end() <= o[1] < m.end() + r.end()]
                if inner:
                    p.organisation = inner[0][0]
    return sorted(found.values(), key=lambda p: p.start)
