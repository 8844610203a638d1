"""Organisation names: a name ends in a kind word (医院, 中学, 大学, 公司, 局 …); it starts
after the last boundary word (来自, 在, 的, 和 …) or punctuation before that suffix."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.ingest.places import find_places, most_specific

# (suffix pattern, kind) -- order matters: longer / more specific first.
_KINDS: list[tuple[str, str]] = [
    (r"卫生院|卫生室|卫生服务中心|妇幼保健院|保健院|医院|诊所|医疗集团|医共体", "hospital"),
    (r"研究院|研究所|研究中心|科学院|农科院|设计院", "institute"),
    (r"大学|学院", "university"),
    (r"中学|小学|幼儿园|学校|职业学校|职校|中专|技校|党校|高中|初中", "school"),
    (r"合作社", "cooperative"),
    (r"有限责任公司|有限公司|股份公司|公司|集团|旅行社", "company"),
    (r"人社局|卫健委|卫生健康委|教育局|农业农村局|协作办|组织部|人民政府|政府|管理局|"
     r"委员会|办公室|厅|局|委|部", "department"),
]
_SUFFIX = re.compile("|".join(f"(?:{p})" for p, _ in _KINDS))
_KIND_RE = [(re.compile(f"(?:{p})$"), k) for p, k in _KINDS]
_BOUNDARY = re.compile(
    r".*(?:来自|来到|前往|组织了|组织|提高|帮助|支持|推动|促进|完善|动员|指导|经验|邀请了|邀请|聘请|依托|通过|安排|担任|在|到|赴|去|的|和|与|及|"
    r"为|是|由|对|向|从|了|被|将|让|把|据|同|等|及其|以及|还有|或|也|、|，|。|；|：|“|”|\s)"
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


def find_orgs(sentence: str, context: list[str] | None = None) -> list[Org]:
    """Organisation names in one sentence, with kind and region code."""
    out: list[Org] = []
    for m in _SUFFIX.finditer(sentence):
        end = m.end()
        # extend over a chained suffix: 鲁东大学农学院, 医科大学附属医院
        window_start = max(0, m.start() - 16)
        left = sentence[window_start : m.start()]
        left = re.split(r"[，。；：、！？“”\s,;:《》]", left)[-1]
        if sentence[m.start() - 1 : m.end()] in _NOT_ORG:
            continue
        cut = _BOUNDARY.match(left)
        body = left[cut.end() :] if cut else left
        name = body + m.group()
        if len(body) < _MIN_BODY or _BAD_START.match(name) or re.search(r"[0-9各等多甲]", body):
            continue
        if sentence[m.end() : m.end() + 1] == "门":
            continue
        # 局/委/部/厅 need a place or a domain before them (人社局, 组织部), not 局部, 全部
        if m.group() in {"局", "委", "部", "厅"} and len(body) < 2:
            continue
        start = m.start() - len(body)
        if out and out[-1].end >= start:  # chained suffix: extend the previous name
            prev = out.pop()
            name = sentence[prev.start : end]
            start = prev.start
        code = None
        hits = find_places(name, context)
        if hits:
            specific = most_specific([h.code for h in hits])
            code = specific[0]
        out.append(Org(name, kind_of(name), code, start, end))
    return [o for o in out if not re.fullmatch(r"[\u4e00-\u9fff]{0,1}(?:医院|学校|公司|大学)", o.name)]
