"""Organisation names: a name ends in a kind word (医院, 中学, 大学, 公司, 局 …); it starts
after the last boundary word (来自, 在, 的, 和 …) or punctuation before that suffix."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.ingest.places import PlaceHit, find_places, most_specific

# (suffix pattern, kind) -- order matters: longer / more specific first.
_KINDS: list[tuple[str, str]] = [
    (r"卫生院|卫生室|卫生服务中心|妇幼保健院|保健院|医院|诊所|医疗集团|医共体", "hospital"),
    (r"研究院|研究所|研究中心|科学院|农科院|设计院", "institute"),
    (r"大学|学院", "university"),
    (r"分校|中学|小学|幼儿园|学校|职业学校|职校|中专|技校|党校|高中|初中|(?<=[\u4e00-\u9fff]{2})[一二三四五六七八九十]中(?![\u4e00-\u9fff])", "school"),
    (r"合作社", "cooperative"),
    (r"有限责任公司|有限公司|股份公司|公司|集团|旅行社", "company"),
    (r"人社局|卫健委|卫生健康委员会|卫生健康委|教育局|农业农村局|协作办(?!公室)|组织部|人民政府|政府|管理局|"
     r"委员会|办公室|厅|局|委|部", "department"),
]
_SUFFIX = re.compile("|".join(f"(?:{p})" for p, _ in _KINDS))
_KIND_RE = [(re.compile(f"(?:{p})$"), k) for p, k in _KINDS]
_BOUNDARY = re.compile(
    r".*(?:来自|来到|前往|组织了|组织|提高|帮助|支持|推动|促进|完善|动员|指导|经验|邀请了|邀请|聘请|依托|通过|安排|担任|在|到|赴|去|的|"
    r"和(?!社会保障|城乡建设|信息化|协作交流|旅游|规划)|与|及|像|如|接|借助|成立|挂牌|覆盖|分驻|派驻|驻(?=[\u4e00-\u9fff]{2,}(?:医院|学校|中学))|"
    r"任|其中|还|帮扶|"
    r"为|是|由|对(?!口协作)|向|从|了|被|将|让|把|据|同|等|及其|以及|还有|或|也|、|，|。|；|：|“|”|\"|】|\s)"
)
_BAD_START = re.compile(r"^(?:各|本|该|此|我|全|多|每|相关|当地|有关|其他|一批|一所|一家|地方|这|那)")
_MIN_BODY = 2
_NOT_ORG = {"干部", "全部", "内部", "外部", "东部", "西部", "中部", "局部", "头部", "北部", "南部",
            "腹部", "总部", "各部", "结局", "布局", "格局", "大局", "当局", "全局", "党委"}


@dataclass(frozen=True)
class Org:
    name: str
    kind: str
    region_code: str | None
    start: int
    end: int


def kind_of(name: str) -> str:
    for rx, kind in _KIND_RE:
        if rx.search(name):
            return kind
    return "other"


_GENERIC_BODY = re.compile(
    r"^(?:东部|西部|两地|全县|全市|县内|市内|县|市|区|州|乡镇|乡|镇|村|周边|受援|协助|支教|结对|帮扶|对口|当地|"
    r"基层|山区|旗县|市属|县属|省属|重点|中小|有关|各级|一所|乡村|部分|新增|市县|选派|中)*(?:人民|中小)?$"
)


def _generic(name: str, suffix: str, hits: list[PlaceHit]) -> bool:
    """A kind of organisation rather than one (烟台学校, 乡镇卫生院, 县人民医院, 受援医院)."""
    if suffix not in {"学校", "中小学", "医院", "卫生院", "中学", "小学", "高中", "初中", "职业学校", "党校"}:
        return "一所" in name or "一家" in name
    body = name[: len(name) - len(suffix)]
    if "一所" in name:
        return True
    if not hits:  # 县人民医院, 乡镇卫生院, 受援医院
        return bool(_GENERIC_BODY.match(body))
    for h in hits:
        body = body.replace(h.text, "", 1)
    # 烟台学校, 大连市属医院, 重庆中小学 -- but 百色市人民医院 and 剑阁中学 are one each
    if not body and suffix in {"中学", "医院"}:  # 剑阁中学, 闽侯县医院: one each
        return False
    if body == "中":  # 重庆中小学 (the suffix found is 小学), not 巫山县中医院
        return suffix == "小学"
    return body in {"", "属", "市属", "县属", "区属", "内", "县内", "市内", "各", "中小", "周边", "新增", "旗县"}


def find_orgs(sentence: str, context: list[str] | None = None) -> list[Org]:
    """Organisation names in one sentence, with kind and region code."""
    out: list[Org] = []
    for m in _SUFFIX.finditer(sentence):
        end = m.end()
        # extend over a chained suffix: 鲁东大学农学院, 医科大学附属医院
        window_start = max(0, m.start() - 16)
        left = sentence[window_start : m.start()]
        left = re.split(r"[，。；：、！？“”\s,;:《》—–\-·•|｜]", left)[-1]
        if sentence[m.start() - 1 : m.end()] in _NOT_ORG:
            continue
        cut = _BOUNDARY.match(left)
        body = left[cut.end() :] if cut else left
        name = body + m.group()
        if len(body) < _MIN_BODY or _BAD_START.match(name) or re.search(r"[0-9各等多甲]", body):
            continue
        if sentence[m.end() : m.end() + 1] == "门":
            continue
        # a post, not an organisation: 副局长, 部长, 县委常委 (the 局 of 局长)
        if m.group() in {"局", "部", "厅", "委"} and (
                sentence[m.end() : m.end() + 1] == "长" or sentence[m.start() - 1 : m.start()] in ("副", "常")):
            continue
        if m.group() == "委" and sentence[m.end() : m.end() + 3].startswith(("常委", "书记", "副书记")):
            continue
        # 局/委/部/厅 need a place or a domain before them (人社局, 组织部), not 局部, 全部
        if m.group() in {"局", "委", "部", "厅"} and len(body) < 2:
            continue
        start = m.start() - len(body)
        if out and out[-1].end >= start:  # chained suffix: extend the previous name
            prev = out.pop()
            name = sentence[prev.start : end]
            start = prev.start
        hits = find_places(name, context)
        # a name starts at its place (队长某某任百色市人民医院 → 百色市人民医院) ...
        if hits and hits[0].start > 0 and len(name) - hits[0].start > len(m.group()) and not (
                _SUFFIX.search(name[: hits[0].start])):
            name, start = name[hits[0].start :], start + hits[0].start
            hits = find_places(name, context)
        # ... and is not a kind of place or a group of them (烟台学校, 乡镇卫生院, 两地学校)
        if _generic(name, m.group(), hits):
            continue
        code = None
        if hits:
            specific = most_specific([h.code for h in hits])
            code = specific[0]
        out.append(Org(name, kind_of(name), code, start, end))
    return [o for o in out if not re.fullmatch(r"[\u4e00-\u9fff]{0,1}(?:医院|学校|公司|大学)", o.name)]
