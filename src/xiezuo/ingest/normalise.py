"""Text normalisation: each noise kind is handled by its own function.

Order used by :func:`normalise` (see docs/ingest.md for the reasons):

1. ``to_simplified`` -- OpenCC ``hk2s`` then ``t2s`` (character conversion only,
   no vocabulary rewriting), also reports the input script;
2. ``strip_pinyin`` -- pinyin annotations after characters are removed;
3. ``mask_mojibake`` -- runs produced by a wrong decoding become ``MASK`` characters
   (after conversion: then any character outside GB 2312 is suspicious);
4. ``rejoin_ocr_lines`` -- line breaks inside words/sentences are removed;
5. ``drop_noise`` -- adverts, contact details and photo captions are removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import opencc

MASK = "□"

CJK = "\u4e00-\u9fff"
SENTENCE_END = "。！？!?；;…：:”」』）)"


@cache
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("hk2s.json"), opencc.OpenCC("t2s.json")


@cache
def common_chars() -> frozenset[str]:
    """The 6,763 characters of GB 2312: ordinary Simplified Chinese text uses only these."""
    chars: set[str] = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


# --------------------------------------------------------------------------- 1. script


def to_simplified(text: str) -> tuple[str, str]:
    """Convert to Simplified Chinese; return (text, script) with script "hans" or "hant".

    Only character conversion is done (``hk2s`` then ``t2s``); phrase-level vocabulary
    rewriting (``tw2sp``) is deliberately not used.
    """
    hk2s, t2s = _converters()
    out = t2s.convert(hk2s.convert(text))
    cjk_in = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    changed = sum(1 for a, b in zip(text, out, strict=False) if a != b)
    # Simplified text is left (nearly) untouched; 3 % changed characters means Traditional.
    script = "hant" if cjk_in and changed / cjk_in > 0.03 else "hans"
    return out, script


def detect_script(original: str, converted: str, masked: str) -> str:
    """Script of the input, ignoring characters that turned out to be mojibake."""
    if not (len(original) == len(converted) == len(masked)):
        return to_simplified(original)[1]
    cjk = changed = 0
    for a, b, m in zip(original, converted, masked, strict=True):
        if m == MASK or not "\u4e00" <= a <= "\u9fff":
            continue
        cjk += 1
        changed += a != b
    return "hant" if cjk and changed / cjk > 0.03 else "hans"


# --------------------------------------------------------------------------- 2. pinyin

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
_VOWELS = "aeiouvü" + _TONED
_SYLLABLE = (
    rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[{_VOWELS}]{{1,4}}(?:ng|n|r)?[1-5]?"
)
_PINYIN_PAREN = re.compile(
    rf"(?<=[{CJK}])\s?[(（]\s*(?:{_SYLLABLE})(?:[\s'·-]*{_SYLLABLE})*\s*[)）]",
    re.IGNORECASE,
)
# Bare annotations glued to the character: 网wǎng / 网wang3 (must carry a tone mark or digit).
_PINYIN_BARE = re.compile(
    rf"(?<=[{CJK}])(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[a-zü]*[{_TONED}][a-zü]*(?:ng|n|r)?"
    rf"(?=[{CJK}\s，。、；：！？0-9]|$)"
    rf"|(?<=[{CJK}])(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouvü]{{1,4}}(?:ng|n|r)?[1-5]"
    rf"(?=[{CJK}\s，。、；：！？]|$)",
)


_PY_CHARS = f"a-zü{_TONED}"
_PY_SPLIT_PAREN = re.compile(
    rf"([{CJK}][(（][{_PY_CHARS}1-5\s]{{0,7}})\n([{_PY_CHARS}\s]{{0,7}}[1-5]?[)）])", re.IGNORECASE
)
_PY_SPLIT_BARE = re.compile(
    rf"([{CJK}][{_PY_CHARS}]{{1,5}})\n([{_PY_CHARS}]{{1,5}}[1-5]?)(?=[{CJK}，。、；])"
)


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations after characters: 網(wǎng), 网（wang3）, 网wǎng.

    An annotation broken over two lines by OCR is mended first.
    """
    text = _PY_SPLIT_PAREN.sub(r"\1\2", text)
    text = _PY_SPLIT_BARE.sub(r"\1\2", text)
    text = _PINYIN_PAREN.sub("", text)
    return _PINYIN_BARE.sub("", text)


# --------------------------------------------------------------------------- 3. mojibake

_LATIN1_RUN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{3,}"
)
_ALWAYS_BAD = re.compile("[\ue000-\uf8ff\ufffd\u2500-\u259f\u3400-\u4dbf]")
_ENCLOSED = re.compile("[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]")


def _is_rare(ch: str) -> bool:
    if "\u4e00" <= ch <= "\u9fff":
        return ch not in common_chars()
    return bool(_ALWAYS_BAD.match(ch)) or "\uf900" <= ch <= "\ufaff"


def mojibake_spans(text: str, window: int = 6, min_rare: int = 2) -> list[tuple[int, int]]:
    """Spans of text that look like a wrong decoding.

    A UTF-8 text decoded as GBK is made of uncommon characters (about half of them
    outside GB 2312); genuine Simplified text almost never has two such characters
    within a few positions. Latin-1 style mojibake (``Ã¥Â…``) is a run of Latin-1
    supplement characters. Enclosed numerals (①, ⑴, ⒘) are never part of a span.
    """
    flags = [_is_rare(c) and not _ENCLOSED.match(c) for c in text]
    marked = [False] * len(text)
    rare_idx = [i for i, f in enumerate(flags) if f]
    for a, b in zip(rare_idx, rare_idx[min_rare - 1 :], strict=False):
        if b - a < window:
            for i in range(a, b + 1):
                marked[i] = True
    for i in rare_idx:  # private use, U+FFFD and box drawing are bad even alone
        if _ALWAYS_BAD.match(text[i]):
            marked[i] = True
    for m in _LATIN1_RUN.finditer(text):
        if sum(1 for c in m.group() if "\u0080" <= c <= "\u00ff") >= 2:
            for i in range(m.start(), m.end()):
                marked[i] = True
    # The first and last characters of a run are often common characters: extend a
    # little over adjacent CJK characters (never over punctuation, digits or spaces).
    for i in [k for k, m in enumerate(marked) if m]:
        for step in (-1, 1):
            j = i + step
            for _ in range(2):
                if 0 <= j < len(text) and not marked[j] and "\u4e00" <= text[j] <= "\u9fff":
                    marked[j] = True
                    j += step
                else:
                    break
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if marked[i]:
            j = i
            while j < len(text) and (marked[j] or (j + 1 < len(text) and marked[j + 1]
                                                   and not text[j].isspace())):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def mask_mojibake(text: str) -> str:
    """Replace mojibake runs by ``MASK`` so that nothing is extracted from them."""
    spans = mojibake_spans(text)
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if not _ENCLOSED.match(chars[i]) and chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


# --------------------------------------------------------------------------- 4. OCR breaks

_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|"
    r"第[一二三四五六七八九十\d]+[章节部分条]|[0-9]+[、.．]|本报讯|【|■|◆|●|▲)"
)


# A row of a table pasted as text: a label, a gap, a number and its unit (选派干部 118 人).
_TABLE_ROW = re.compile(rf"[{CJK}）)][ \t\u3000]+[0-9０-９][0-9０-９.．,]*\s*[万亿千百]?\s*[{CJK}]{{1,3}}\s*$")


def rejoin_ocr_lines(text: str) -> str:
    """Join a line break between two CJK characters (or CJK and digit) when the line
    does not end a sentence and the next line is not a heading or an empty line."""
    lines = text.split("\n")
    lengths = sorted(len(x.strip()) for x in lines if x.strip())
    median = lengths[len(lengths) // 2] if lengths else 0
    out: list[str] = [lines[0]] if lines else []
    last_raw = lines[0] if lines else ""
    before_raw = ""
    for nxt in lines[1:]:
        prev = out[-1]
        p = prev.rstrip(" \t\u3000")
        n = nxt.lstrip(" \t")
        # a short line standing after a finished sentence is a heading or a caption
        short = (median >= 8 and len(last_raw.strip()) < 0.7 * median
                 and (not before_raw.strip() or before_raw.rstrip()[-1] in SENTENCE_END))
        heading = bool(_HEADING_START.match(last_raw)) and len(last_raw.strip()) < median
        before_raw, last_raw = last_raw, nxt
        if p and n and (p[-1].isdigit() and n[0].isdigit() or p[-1] in "，、"):
            out[-1] = p + n
            continue
        joinable = (
            p and n and not nxt.startswith("\u3000") and not short and not heading
            and not _TABLE_ROW.search(p)
            and re.match(rf"[{CJK}0-9０-９，、（(“]", p[-1])
            and re.match(rf"[{CJK}0-9０-９，。、；：）)”%％—–~～]", n[0])
            and p[-1] not in SENTENCE_END
            and not _HEADING_START.match(n)
        )
        if joinable:
            out[-1] = p + n
        else:
            out.append(nxt)
    return "\n".join(out)


# --------------------------------------------------------------------------- 5. noise

_PHONE = r"(?:(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}[-—\s]?\d{7,8}(?!\d)|400[-\s]?\d{3,4}[-\s]?\d{3,4})"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_CONTACT_WORDS = (
    r"长按|扫码|扫一扫|二维码|识别二维码|关注公众号|公众号|微信号|责任编辑|编辑[:：]|校对[:：]|"
    r"审核[:：]|来源[:：]|投稿邮箱|邮箱[:：]|电话[:：]|联系电话|联系人[:：]|联系方式|地址[:：]|"
    r"邮编|传真|版权声明|如需转载|转载请|点击阅读原文|阅读原文|点赞|在看|手机号|手机[:：/]|"
    r"微信[:：/]|网址[:：]|官网|热线|招商|租售|广告|咨询电话|免责声明"
)
_NOISE_SENTENCE = re.compile(rf"{_PHONE}|{_EMAIL}|{_CONTACT_WORDS}")
_CAPTION_LINE = re.compile(
    rf"^\s*(?:图为|图片来源|图片[:：]|图[:：]|资料图|配图|视频[:：]).*$"
    rf"|^[^。！？]{{2,60}}[\s　]+[{CJK}]{{2,4}}\s*摄\s*$"
    rf"|^[^。！？]{{0,60}}[（(]\s*(?:记者)?\s*[{CJK}\s、]{{2,12}}摄(?:影)?\s*[)）]\s*$"
)
_CAPTION_INLINE = re.compile(
    rf"[（(]\s*(?:摄影|摄|记者|通讯员)[\s:：]*[{CJK}\s、]{{2,15}}(?:摄)?\s*[)）]"
    rf"|[（(][{CJK}\s、]{{2,12}}\s*摄\s*[)）]|图为[^。！？\n]*[。！？]?"
    rf"|（?记者\s*[{CJK}]{{2,4}}\s*摄）?|图片来源[:：][^\n。]*"
)
_SPLIT = re.compile(r"(?<=[。！？!?；;])")
# Lines that are not the article whatever else they hold: a site's navigation bar, a
# copyright or licence line, a repost tag, a lottery draw, an advert.
_NOISE_LINE = re.compile(
    r"版权所有|Copyright|©|ICP备|ICP证|公网安备|未经[^，。\n]{0,8}(?:授权|许可|同意)|禁止转载|不得转载|"
    r"转载请|本文转自|转载自|原标题[:：]|本文来源|文章来源|稿件来源|^\s*来源[:：]|责任编辑|"
    r"双色球|大乐透|七乐彩|福彩|体彩|彩票|开奖|奖池|单注|(?<![0-9])[0-9]{1,3}注(?![册意重])|"
    r"设为首页|加入收藏|网站地图|^\s*首页\s*[|｜>›»/]|(?:[^|｜\n]{1,8}[|｜]){3}|"
    r"楼盘|首付|月供|按揭|年化|理财产品|收益率|包邮|抢购|限时特惠|点击购买|立即下载"
)


def is_noise_sentence(sentence: str) -> bool:
    """A sentence giving contact details, an advert or a photo credit."""
    return bool(_NOISE_SENTENCE.search(sentence))


# The heading of a list of other articles (往期推荐, 相关新闻 …) and the items of such a list.
_LIST_HEADING = re.compile(
    r"^\s*[【\[]?(?:往期推荐|往期回顾|往期精彩|相关新闻|相关阅读|相关报道|推荐阅读|延伸阅读|热门推荐|"
    r"精彩推荐|猜你喜欢|热点新闻|更多新闻|近期热点|相关链接|相关文章)[】\]]?\s*[:：]?\s*$"
)
_LIST_ITEM = re.compile(r"^\s*(?:[0-9０-９]{1,2}\s*[.、．)）]|[·•◆▶►>\-—]|[（(][0-9]{1,2}[)）])")


def drop_article_lists(text: str) -> str:
    """Remove lists of other articles: a heading (往期推荐, 相关新闻 …) and the lines under it
    that are numbered, bulleted or short headlines without a full stop. Runs on the lines
    as written, before OCR breaks are mended (which would join the heading to its
    neighbours)."""
    kept_lines: list[str] = []
    in_list = False
    for line in text.split("\n"):
        if _LIST_HEADING.match(line):
            in_list = True
            continue
        if in_list:
            if line.strip() and (_LIST_ITEM.match(line) or (len(line.strip()) <= 40 and "。" not in line)):
                continue
            in_list = False
        kept_lines.append(line)
    return "\n".join(kept_lines)


def drop_noise(text: str) -> str:
    """Remove adverts, contact details, QR-code prompts, photo captions and site bars."""
    kept_lines: list[str] = []
    for line in text.split("\n"):
        if _CAPTION_LINE.match(line) or _NOISE_LINE.search(line):
            continue
        line = _CAPTION_INLINE.sub("", line)
        parts = _SPLIT.split(line)
        kept = [p for p in parts if not is_noise_sentence(p)]
        if parts and not kept and line.strip():
            continue
        kept_lines.append("".join(kept))
    return "\n".join(kept_lines)


# --------------------------------------------------------------------------- all


@dataclass(frozen=True)
class Normalised:
    text: str
    script: str


_SPACED = re.compile(rf"(?:[{CJK}0-9０-９][ 　](?=[{CJK}0-9０-９])){{2,}}[{CJK}0-9０-９]")


def close_letter_spacing(text: str) -> str:
    """挂 职 干 部 4 1 人 → 挂职干部41人: a copy that spaces out every character (a run of at
    least four characters each followed by one space)."""
    return _SPACED.sub(lambda m: re.sub(r"[ 　]", "", m.group()), text)


def basic_cleanup(text: str) -> str:
    """Unicode NFC, unify line endings, drop zero-width characters and the BOM."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    text = re.sub("[\u200b-\u200d\ufeff\u00ad]", "", text)
    # Web copies mark paragraphs with two ideographic spaces instead of a line break.
    text = re.sub("(?<=[^\\s])[ \t]*\u3000{2,}[ \t]*", "\n", text)
    return unicodedata.normalize("NFC", text)


def normalise(text: str) -> Normalised:
    """Run every step in order; see module docstring."""
    text = close_letter_spacing(basic_cleanup(text))
    original = text
    converted, _ = to_simplified(text)
    script = detect_script(original, converted, mask_mojibake(converted))
    text = mask_mojibake(strip_pinyin(converted))
    text = rejoin_ocr_lines(drop_article_lists(text))
    text = drop_noise(text)
    return Normalised(text=text, script=script)
