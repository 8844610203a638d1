"""Evaluate report ingestion against hand-written gold annotations.

Run: ``.venv/bin/python bench/ingest_eval.py [--dedup-docs N] [--write-examples]``

* the two real samples (gold in bench/gold/<sample>.json, written by hand);
* the development set (bench/devset/<family>/<id>.txt with its gold <id>.json): texts
  written for this project in the manner of real bulletins, county reports and news
  features, in families (county bulletins, news features, western-side reports …);
  scored per family and per indicator;
* leave-one-family-out: the indicator model fitted without a family's texts, scored on
  that family (the honest estimate for reports of a kind nobody annotated);
* noisy variants generated from them: Traditional (HK, TW), pinyin-annotated, OCR line
  breaks, injected mojibake runs, embedded in a newspaper page with unrelated
  articles, and all of these combined;
* throughput of the whole pipeline, and deduplication of N synthetic documents
  (default 100,000) with planted near-duplicate pairs.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import opencc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from datasketch import MinHash, MinHashLSH  # noqa: E402
from ingest_gold import Annotated, Tally, annotated, examples, score, shipped_examples  # noqa: E402

from xiezuo.ingest import dedup, indicator_model  # noqa: E402
from xiezuo.ingest.dedup import find_duplicates  # noqa: E402
from xiezuo.ingest.pipeline import extract_document  # noqa: E402

# --------------------------------------------------------------------------- variants

# A small char -> pinyin table (pypinyin is not a dependency): common characters of
# cooperation reports, enough to annotate a good share of any such text.
PINYIN = {
    "网": ("wǎng", "wang3"), "协": ("xié", "xie2"), "作": ("zuò", "zuo4"), "帮": ("bāng", "bang1"),
    "扶": ("fú", "fu2"), "医": ("yī", "yi1"), "院": ("yuàn", "yuan4"), "教": ("jiào", "jiao4"),
    "育": ("yù", "yu4"), "培": ("péi", "pei2"), "训": ("xùn", "xun4"), "专": ("zhuān", "zhuan1"),
    "家": ("jiā", "jia1"), "人": ("rén", "ren2"), "才": ("cái", "cai2"), "干": ("gàn", "gan4"),
    "部": ("bù", "bu4"), "挂": ("guà", "gua4"), "职": ("zhí", "zhi2"), "技": ("jì", "ji4"),
    "术": ("shù", "shu4"), "学": ("xué", "xue2"), "校": ("xiào", "xiao4"), "结": ("jié", "jie2"),
    "对": ("duì", "dui4"), "东": ("dōng", "dong1"), "西": ("xī", "xi1"), "州": ("zhōu", "zhou1"),
    "县": ("xiàn", "xian4"), "市": ("shì", "shi4"), "省": ("shěng", "sheng3"), "派": ("pài", "pai4"),
    "选": ("xuǎn", "xuan3"), "展": ("zhǎn", "zhan3"), "开": ("kāi", "kai1"), "发": ("fā", "fa1"),
    "业": ("yè", "ye4"), "农": ("nóng", "nong2"), "产": ("chǎn", "chan3"), "服": ("fú", "fu2"),
    "务": ("wù", "wu4"), "地": ("dì", "di4"), "区": ("qū", "qu1"), "交": ("jiāo", "jiao1"),
    "流": ("liú", "liu2"), "合": ("hé", "he2"), "支": ("zhī", "zhi1"), "援": ("yuán", "yuan2"),
    "生": ("shēng", "sheng1"), "师": ("shī", "shi1"), "活": ("huó", "huo2"), "动": ("dòng", "dong4"),
}


def to_hant(text: str, config: str) -> str:
    return opencc.OpenCC(config).convert(text)


def add_pinyin(text: str, rate: float = 0.5, seed: int = 1) -> str:
    rnd = random.Random(seed)
    out = []
    for ch in text:
        out.append(ch)
        if ch in PINYIN and rnd.random() < rate:
            toned, numbered = PINYIN[ch]
            out.append(rnd.choice([f"({toned})", f"（{toned}）", f"({numbered})", toned]))
    return "".join(out)


def ocr_breaks(text: str, width: int = 17) -> str:
    text = text.replace("\u3000\u3000", "\n")
    lines = []
    for para in text.split("\n"):
        lines.extend(para[i : i + width] for i in range(0, max(len(para), 1), width))
    return "\n".join(lines)


def inject_mojibake(text: str, every: int = 3, seed: int = 2) -> str:
    """After every n-th full stop insert a run of UTF-8 text decoded as GBK/Latin-1."""
    rnd = random.Random(seed)
    junk = ["城市发展战略研究", "安全生产工作会议", "公共服务体系建设", "数字经济产业园区"]
    parts = text.split("。")
    for i in range(every - 1, len(parts) - 1, every):
        raw = rnd.choice(junk).encode("utf-8")
        bad = raw.decode("gbk", errors="replace") if i % 2 else raw.decode("latin-1")
        parts[i] = parts[i] + "。" + bad
    return "。".join(parts)


UNRELATED = [
    "本市今冬首场寒潮来袭\n本报讯（记者 李明）受强冷空气影响，预计本周末全市气温将下降8至10摄氏度，"
    "市气象台已发布寒潮蓝色预警。全市共准备除雪车辆120台，组织环卫工人3000余名随时待命，"
    "相关部门提醒市民注意防寒保暖，减少不必要的外出。",
    "市第十届全民运动会开幕\n本报讯 9月5日，市第十届全民运动会在市体育中心开幕，来自全市12个区县的"
    "2600余名运动员参加比赛，共设21个大项，赛期将持续两个月。开幕式上，300名中小学生表演了团体操。",
    "我市新建5G基站1200个\n本报讯（通讯员 王芳）今年以来，市通信管理局推进信息基础设施建设，"
    "全市新建5G基站1200个，实现城区和重点乡镇连续覆盖，累计投入资金3.5亿元，"
    "新增光纤宽带用户8万户。",
]


def newspaper_page(text: str) -> str:
    return (UNRELATED[0] + "\n\n\n" + text.replace("\u3000\u3000", "\n") + "\n\n\n"
            + UNRELATED[1] + "\n\n\n" + UNRELATED[2] + "\n")


VARIANTS: dict[str, Callable[[str], str]] = {
    "clean": lambda t: t,
    "hant-hk": lambda t: to_hant(t, "s2hk.json"),
    "hant-tw": lambda t: to_hant(t, "s2tw.json"),
    "pinyin": add_pinyin,
    "ocr-breaks": ocr_breaks,
    "ocr-narrow-9": lambda t: ocr_breaks(t, width=9),
    "pinyin-every": lambda t: add_pinyin(t, rate=1.0, seed=5),
    "mojibake": inject_mojibake,
    "mojibake-dense": lambda t: inject_mojibake(t, every=1, seed=9),
    "page": newspaper_page,
    "all-combined": lambda t: ocr_breaks(newspaper_page(inject_mojibake(
        add_pinyin(to_hant(t, "s2hk.json"))))),
}

# --------------------------------------------------------------------------- scoring


def print_table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    cells = [header] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n## {title}\n")
    for i, r in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


# --------------------------------------------------------------------------- dedup bench


def synthetic_corpus(n: int, planted: int, seed: int = 7) -> tuple[dict[str, str], set[tuple[str, str]]]:
    rnd = random.Random(seed)
    chars = [bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xC8) for lo in range(0xA1, 0xFF)]
    words = ["".join(rnd.choices(chars, k=rnd.choice((2, 2, 3)))) for _ in range(4000)]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(words))]

    def doc() -> str:
        return "，".join("".join(rnd.choices(words, weights, k=8)) for _ in range(6)) + "。"

    docs = {f"d{i}": doc() for i in range(n - planted)}
    keys = list(docs)
    pairs: set[tuple[str, str]] = set()
    for i in range(planted):
        orig = rnd.choice(keys)
        text = list(docs[orig])
        for _ in range(len(text) // 25):  # ~4 % character noise
            text[rnd.randrange(len(text))] = rnd.choice(chars)
        noisy = "".join(text)
        if i % 2:  # printed on a page next to another story
            noisy = noisy + "\n\n" + doc()
        docs[f"p{i}"] = noisy
        pairs.add((f"p{i}", orig))
    return docs, pairs


def lsh_baseline(docs: dict[str, str], threshold: float = dedup.DEFAULT_THRESHOLD) -> list[tuple[str, str]]:
    """The batch as it was before issue 16: datasketch's MinHashLSH, one query per
    document (the baseline the banding in `find_duplicates` is measured against)."""
    keys = list(docs)
    order = {k: i for i, k in enumerate(keys)}
    sets = [dedup.shingles(docs[k]) for k in keys]
    mhs = MinHash.bulk([list(s) for s in sets], num_perm=dedup.NUM_PERM, hashfunc=dedup._crc32,
                       scheme=dedup.SCHEME)
    sizes = [len(s) for s in sets]
    lsh = MinHashLSH(num_perm=dedup.NUM_PERM, params=dedup.LSH_PARAMS)
    with lsh.insertion_session() as session:
        for key, mh, size in zip(keys, mhs, sizes, strict=True):
            if size:
                session.insert(key, mh, check_duplication=False)
    best: dict[str, tuple[str, float]] = {}
    for i, key in enumerate(keys):
        for cand in lsh.query(mhs[i]) if sizes[i] else []:
            j = order[cand]
            if j >= i:
                continue
            c = max(dedup.containment(mhs[i], sizes[i], mhs[j], sizes[j]),
                    dedup.containment(mhs[j], sizes[j], mhs[i], sizes[i]))
            if c >= threshold and (key not in best or best[key][1] < c):
                best[key] = (cand, c)
    return [(d, o) for d, (o, _) in best.items()]


def dedup_bench(n: int) -> list[list[Any]]:
    planted = max(10, n // 100)
    docs, pairs = synthetic_corpus(n, planted)
    rows = []
    for name, run_it in (("datasketch MinHashLSH, a query per document (baseline)", lsh_baseline),
                         ("find_duplicates: numpy banding", find_duplicates)):
        t0 = time.perf_counter()
        found = run_it(docs)
        elapsed = time.perf_counter() - t0
        got = {(f[0], f[1]) for f in found}
        hit = sum(1 for d, o in pairs if (d, o) in got or (o, d) in got)
        rows.append([name, n, planted, len(found), hit, len(found) - hit, round(elapsed, 1),
                     round(n / elapsed)])
    base = rows[0][6]
    for row in rows:
        row.append(f"{base / row[6]:.2f}x")
    return rows


# --------------------------------------------------------------------------- main


def run(docs: list[Annotated], model: Any = None, make: Callable[[str], str] = lambda t: t,
        noise: list[str] | None = None) -> dict[str, Tally]:
    """Extract every document (with ``model`` for the indicators when given) and tally the
    scores per family."""
    per: dict[str, Tally] = {}
    with indicator_model.using(model):
        for doc in docs:
            result = extract_document(make(doc.text), doc.name)
            per.setdefault(doc.family, Tally()).add(score(result, doc, noise or ()))
    return per


def total(tallies: Iterable[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.add(t)
    return out


def indicator_rows(t: Tally, rules: Tally, lofo: Tally) -> list[list[Any]]:
    rows = []
    for ind in sorted({i for i, _ in t.per_indicator} | {i for i, _ in lofo.per_indicator}):
        def acc(x: Tally, ind: str = ind) -> str:
            n = x.per_indicator[(ind, True)] + x.per_indicator[(ind, False)]
            return f"{x.per_indicator[(ind, True)] / n:.3f}" if n else "-"
        n = t.per_indicator[(ind, True)] + t.per_indicator[(ind, False)]
        rows.append([ind, n, acc(t), acc(rules), acc(lofo)])
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dedup-docs", type=int, default=100_000)
    ap.add_argument("--write-examples", action="store_true",
                    help="write the indicator model's training examples into the package")
    ap.add_argument("--misses", action="store_true", help="list every error on the annotated texts")
    args = ap.parse_args()
    docs = annotated()
    if args.write_examples:
        found = shipped_examples(docs)
        target = ROOT / "src" / "xiezuo" / "ingest" / "data" / indicator_model.EXAMPLES
        target.write_text("".join(e.to_json() + "\n" for e in found), "utf-8")
        own = sum(d.family != "samples" for d in docs)
        print(f"wrote {len(found)} examples from {own} texts of our own to {target.relative_to(ROOT)}")
        indicator_model.shipped_model.cache_clear()
    extract_document(docs[0].text, "warm-up")  # load jieba, OpenCC, regions, the model
    families = sorted({d.family for d in docs})
    header = ["family", *Tally.HEADER]

    shipped = run(docs)
    rules = run(docs, model=indicator_model.RULES_ONLY)
    # leave one family out: the model fitted without the family, scored on it
    lofo: dict[str, Tally] = {}
    for fam in families:
        train = [e for e in examples(d for d in docs if d.family != fam)]
        held = [d for d in docs if d.family == fam]
        lofo.update(run(held, model=indicator_model.fit(train)))
    dev = total(t for f, t in shipped.items() if f != "samples")
    rows = [[f, *shipped[f].row()] for f in families]
    rows.append(["development set", *dev.row()])
    rows.append(["all annotated", *total(shipped.values()).row()])
    print_table("Annotated texts, shipped model (per family)", header, rows)
    lrows = [[f, lofo[f].row()[4], rules[f].row()[4], shipped[f].row()[4]] for f in families]
    lo, ru, sh = total(lofo.values()), total(rules.values()), total(shipped.values())
    lrows.append(["all annotated", lo.row()[4], ru.row()[4], sh.row()[4]])
    print_table("Indicator accuracy: leave one family out / rules only / shipped model",
                ["family held out", "model without it", "rules only", "shipped model"], lrows)
    print_table("Indicator accuracy per indicator (all annotated texts)",
                ["indicator", "quantities", "shipped model", "rules only", "leave-one-family-out"],
                indicator_rows(sh, ru, lo))
    # the held-out set: written by someone who had not seen the development set; never
    # used to fit the model
    held = annotated(samples=False, devset=False, holdout=True)
    if held:
        out = run(held)
        hrows = [[f, *t.row()] for f, t in sorted(out.items())]
        hrows.append(["held-out set", *total(out.values()).row()])
        print_table("Held-out texts (not used to fit the model)", header, hrows)
    if args.misses:
        print("\n## Errors (shipped model)\n")
        for t in [*shipped.values(), *(run(held).values() if held else [])]:
            for line in t.misses:
                print("-", line)

    # noisy variants of the two samples
    samples = [d for d in docs if d.family == "samples"]
    vrows = []
    for name, make in VARIANTS.items():
        t = total(run(samples, make=make, noise=UNRELATED).values())
        vrows.append([name, *t.row()])
    print_table("Noisy variants of the two samples", ["variant", *Tally.HEADER], vrows)

    # dedup of the samples: clean copy vs the all-combined noisy page
    dd = {}
    for d in samples:
        dd[f"{d.name}:clean"] = d.text
        dd[f"{d.name}:noisy-page"] = VARIANTS["all-combined"](d.text)
        dd[f"{d.name}:hant-tw"] = VARIANTS["hant-tw"](d.text)
    print_table("Dedup of clean vs noisy copies of the samples",
                ["duplicate", "original", "containment"], [list(f) for f in find_duplicates(dd)])

    # throughput on one core: every annotated text and every variant of the samples
    texts = [d.text for d in docs] + [make(d.text) for d in samples for make in VARIANTS.values()]
    t0 = time.perf_counter()
    for i, text in enumerate(texts):
        extract_document(text, f"t{i}")
    elapsed = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    print_table("Throughput of extract_document (one process, one core)",
                ["documents", "characters (mean)", "seconds", "docs/second"],
                [[len(texts), chars // len(texts), round(elapsed, 2), round(len(texts) / elapsed, 1)]])
    print_table("Deduplication of synthetic documents (one process)",
                ["method", "documents", "planted", "found", "planted found", "other found",
                 "seconds", "docs/second", "speed-up"], dedup_bench(args.dedup_docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
