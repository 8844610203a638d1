"""Numbers with qualifiers and measure words (Arabic, Chinese, mixed, full-width).

Only numbers followed by a measure word are candidate facts. What is *not* a fact:
ordinals (第八批), "N大" headings (三大制度), enumerations (两个方面, 五个一百 in quotes),
the single numeral 一 (一名, 一支队伍: articles, not counts), bare 千/万/百 without a
qualifier (千家万户), dates and years (2024年, 8月23日, 十年来), ages (岁 is no unit),
ranges (1—2次), per-unit frequencies (每周2次), anaphoric repeats (这10名教师),
percentages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

UNITS = (
    "人次|台次|批次|户次|场次|课时|学时|讲|个月|小时|人|名|位|个|所|项|家|场|次|期|堂|节|例|条|元|天|年|台|"
    "对|批|支|份|篇|门|株|亩|吨|间|座|套|种|户|班|届|周|处|件|本|册|辆|头|只|棵|箱|斤|公斤|"
    "千米|公里|平方米"
)
UNIT_MAP = {"名": "人", "位": "人"}

_PRE = (
    "将近|接近|大约|近|约|逾|超过|不到|不足|不超过|达到|共计|累计|合计|总计|共有|共|达|"
    "上(?=[千万百亿])"
)
_PRE_QUAL = {
    "将近": "approx", "接近": "approx", "大约": "approx", "近": "approx", "约": "approx",
    "逾": "at_least", "超过": "at_least", "上": "at_least",
    "不到": "at_most", "不足": "at_most", "不超过": "at_most",
}
# 签约 / 制约 / 最近 / 附近: the qualifier character is part of another word.
_WORD_BEFORE = {"约": "签制预相邀节合公条隐婉特", "近": "最附临贴亲靠就邻", "达": "到发表传抵下"}
_CN = "零〇一二两三四五六七八九十百千万亿"
_NUM = (
    rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?\s*[万亿千百]*"  # 1,500 (thousands commas)
    rf"|[0-9０-９]+(?:[.．][0-9０-９]+)?(?:[余多](?=[万亿千]))?\s*[万亿千百]*|[{_CN}]+)"
)
_POST_QUAL = {"余": "at_least", "多": "at_least", "来": "approx",
              "以上": "at_least", "左右": "approx", "以内": "at_most", "以下": "at_most"}

QUANTITY_RE = re.compile(
    rf"(?P<pre>{_PRE})?(?P<num>{_NUM})(?P<post>余|多|来)?(?P<unit>{UNITS})"
    rf"(?P<post2>以上|左右|以内|以下|多)?"
)

# Nouns that make "两个方面" an enumeration, not a count.
_ENUM_NOUNS = re.compile(
    r"^(?:方面|环节|原则|目标|要素|理念|意识|层面|维度|重点|特点|优势|作用|体系|阶段|步骤|任务|"
    r"思路|要求|举措|措施|字|结合|坚持|确保|到位|一|不|提升|行动|工程|计划|战略|路径|模式|"
    r"精神|意见|制度|机制|关系|问题导向|基本|主要|核心|领域|方向|板块|维度|层次|类别|批次)"
)


@dataclass(frozen=True)
class Quantity:
    value: float | int
    qualifier: str
    unit: str
    start: int  # span of the whole match in the text
    end: int
    num_start: int


def parse_number(raw: str) -> float | int | None:
    """1.2万 → 12000, 73.78亿 → 7378000000, 两 → 2, 十 → 10, 千 → 1000, ５ → 5."""
    s = raw.translate(FULLWIDTH).replace(" ", "").replace(",", "")
    s = re.sub("[余多近约来]", "", s)
    if not s:
        return None
    if s[0] in "千百万亿":
        s = "一" + s
    try:
        if re.fullmatch(r"[0-9.]+[万亿千百]*", s):
            value = float(s.rstrip("万亿千百"))
            for ch in s[len(s.rstrip("万亿千百")) :]:
                value *= {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}[ch]
        else:
            value = float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError):
        return None
    value = round(value, 6)
    return int(value) if value == int(value) else value


def _in_quotes(text: str, pos: int) -> bool:
    if text.count('"', max(0, pos - 40), pos) % 2 and '"' in text[pos : pos + 40]:
        return True  # straight quotes: an odd number of them before
    left = text.rfind("“", max(0, pos - 40), pos)
    if left < 0:
        return False
    right = text.find("”", left, pos)
    return right < 0 and "”" in text[pos : pos + 40]


_SPANS = {"天", "年", "个月", "周", "小时"}
# ... or 两个人才计划——“…”, 两个“计划”，即“…”: programmes named right after
_NAMED = re.compile(
    r"[“\"「][\u4e00-\u9fff]{0,6}(?:计划|工程|行动|战略|专项)[”\"」](?:——|—|：|:|，|即|（|$)"
    r"|[\u4e00-\u9fff]{0,6}(?:计划|工程|行动|战略|专项)(?:——|—|：|:|，即|即|（|$)"
)
_PROGRAMME = re.compile(
    r"[“\"「][^”\"」]{1,20}(?:计划|工程|行动|战略|模式|机制|体系|理念|品牌|行动计划|专项|目标|任务|举措|"
    r"原则|制度|服务|活动)[”\"」]"
)


def before_long(text: str, m: re.Match[str]) -> str:
    return text[max(0, m.start() - 7) : m.start()]


def _skip(text: str, m: re.Match[str]) -> bool:
    num, unit = m.group("num"), m.group("unit")
    before = text[max(0, m.start() - 3) : m.start()]
    after = text[m.end() : m.end() + 6]
    arabic = bool(re.match(r"[0-9０-９]", num))
    if before.endswith("第") or re.search(r"[0-9A-Za-z.．]$", before):
        return True
    if re.search(r"[—–\-~～]$", before) or (
        re.search(r"[至到]$", before) and re.search(r"\d", before)
    ):
        return True
    if re.match(r"[—\-~～至]\s*[0-9０-９一二三四五六七八九十]", text[m.start("unit") :]):
        return True
    if re.search(r"每[周天日月年人个次]?$", before) and not m.group("pre"):
        return True
    if re.search(r"(?:这|该|上述|此|那)$", before):
        return True
    if not arabic:
        if re.search(r"[数几若干]$", before):  # 数十名, 几百人: vague, no value
            return True
        bare = num in {"千", "万", "百", "亿"}
        if num == "一" or (bare and not m.group("pre") and not m.group("post")):
            return True
        if re.fullmatch(r"[一二两三四五六七八九十]", num) and unit in {"年", "个"} and (
            after.startswith(("来", "间", "中", "里")) or before.endswith(("近", "这"))
        ):
            return True
    if unit == "年":
        if arabic and len(num.strip()) >= 4:
            return True
        if after.startswith(("来", "间", "级", "度", "前", "后", "初", "底", "内", "起")):
            return True
        if m.group("pre") in {"近", "将近"}:
            return True
    if unit in {"个", "项"} and _ENUM_NOUNS.match(after):
        return True
    # the duration of an activity or a span of years, not a count: 为期5天, 连续两年, 历时3个月
    if unit in _SPANS and (re.search(r"(?:为期|连续|历时|持续|用时|长达|时长|时间|周期|任期|期限|学制)[^，。；\d]{0,3}$",
                                     before_long(text, m)) or before.endswith(("（", "("))):
        return True
    if unit == "座" and after.startswith("城"):  # 连起两座城: a figure of speech
        return True
    # N个“…计划”: the names of programmes, not a count of anything
    if unit in {"个", "项", "大"} and (_PROGRAMME.match(text[m.end() :]) or _NAMED.match(text[m.end() :])):
        return True
    if unit in {"个", "项", "条", "种", "大"} and re.match(r"[一二两三四五六七八九十]个一", text[m.start():]):
        return True
    if _in_quotes(text, m.start("num")):
        return True
    return unit == "人" and after.startswith(("民", "员", "才", "口"))


def find_quantities(text: str) -> list[Quantity]:
    """All candidate quantities in ``text`` (already normalised) with their qualifiers."""
    out: list[Quantity] = []
    for m in QUANTITY_RE.finditer(text):
        if _skip(text, m):
            continue
        value = parse_number(m.group("num"))
        if value is None or value == 0:
            continue
        qualifier = "exact"
        pre = m.group("pre") or ""
        prev = text[m.start() - 1] if m.start() else ""
        if pre in _PRE_QUAL and not (prev and prev in _WORD_BEFORE.get(pre, "")):
            qualifier = _PRE_QUAL[pre]
        post = m.group("post") or m.group("post2")
        if post:
            qualifier = _POST_QUAL[post]
        elif re.search(r"[余多](?=[万亿千])", m.group("num")):  # 120余万人次
            qualifier = "at_least"
        unit = m.group("unit")
        out.append(Quantity(value=value, qualifier=qualifier, unit=UNIT_MAP.get(unit, unit),
                            start=m.start(), end=m.end(), num_start=m.start("num")))
    return out
