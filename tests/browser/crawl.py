"""The crawler's parts: sign in, walk the menu, read what a page shows and judge it.

Used by test_crawler.py and test_phone_layout.py. A finding is (page, kind, snippet); the
crawler collects every finding of a role before the test fails, writes them to
CRAWL_OUT/report-<role>.txt (other people fixing pages read it) and puts them in the
assertion message.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model

from tests.browser.conftest import SHOTS  # the suite's screenshot directory (the `shoot` fixture's)
from xiezuo.core.scoping import scoped
from xiezuo.needs.choices import NeedStatus
from xiezuo.needs.models import Need
from xiezuo.needs.services import create_round, start_round

CRAWL_OUT = Path(os.environ.get("XIEZUO_CRAWL_OUT", "/tmp/crawl"))
PASSWORD = "xiezuo-demo-2026"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Latin words a Chinese page may show: product and format names officials use as they are.
ALLOWED_WORDS = frozenset({
    "API", "Excel", "Word", "PowerPoint", "ID", "PDF", "JPG", "PNG", "xlsx", "docx", "txt", "csv", "ics",
    "MB", "JSON", "OpenAPI", "URL", "ECharts", "xiezuo",
    # the attachment types and sizes (attachments/checks.py)
    "KB", "GIF", "WebP", "doc", "xls", "pptx", "OFD",
})
# Pages the menu reaches that are not ours to word: the API's Swagger UI (a developer tool,
# English by design) and Django's back office (worded by Django and third-party apps).
NOT_CRAWLED = ("/api/", "/admin/")
# Not words but data: file names (demo-yantai-wushan.txt) and fingerprints (hex digests).
DATA_TOKENS = re.compile(r"[\w.-]+\.(?:txt|csv|xlsx|docx|pdf|jpg|png|ics|json)\b|(?<![0-9a-f])[0-9a-f]{16,}(?![0-9a-f])", re.IGNORECASE)
# Raw data that must never reach a page: (kind, pattern).
RAW_PATTERNS = (
    ("python-dict", re.compile(r"\{'")),
    ("json-list", re.compile(r"\[\{")),
    ("None", re.compile(r"(?<![A-Za-z])None(?![A-Za-z])")),
    ("utc-offset", re.compile(r"\+00:00")),
    ("empty-choice", re.compile(r"-{9}")),
    ("decimal", re.compile(r"\d\.00(?![\d%])")),  # 38.00人次, 3500000.00: counts and sums shown raw
)
LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
LATIN_RUN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?:[ ,;:.'’()-]+[A-Za-z]+)*")
ERROR_HEADING = re.compile(r"\b(403|404|500)\b|Not Found|Server Error|Forbidden|Traceback")

# Read what a person sees: every <details> opened (a folded menu or filter still counts),
# <code> left out, the language switch's own "English" left out; inputs' values are not
# part of innerText. Run last on a page: it changes the page.
READ_TEXT = """() => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  // <code>, a closed dialog, and the signed-in user's login name (data, not wording).
  document.querySelectorAll("code, dialog:not([open]), .who").forEach(e => e.remove());
  document.querySelectorAll("select[name=language] option").forEach(o => {
    if (o.value === "en") { o.remove(); }
  });
  return document.body ? document.body.innerText : "";
}"""
FORMS = """() => Array.from(document.querySelectorAll("form")).map(f => ({
  method: (f.getAttribute("method") || "get").toLowerCase(),
  action: f.action,
  text: (f.innerText || "").trim().slice(0, 40)
}))"""
OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"
HEADING_BOX = """() => {
  const h = document.querySelector("main h1") || document.querySelector("h1");
  if (!h) { return null; }
  const r = h.getBoundingClientRect();
  return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY,
          visible: r.width > 0 && r.height > 0, text: h.innerText};
}"""
WIDE = """() => Array.from(document.querySelectorAll("body *")).filter(e => {
  if (e.closest("table, .table-scroll, pre") || getComputedStyle(e).position === "fixed") { return false; }
  const r = e.getBoundingClientRect();
  const spills = e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible";
  return r.right > window.innerWidth + 1 || (spills && e.children.length === 0);
}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "")
  + " " + Math.round(e.getBoundingClientRect().right) + "px: " + (e.innerText || "").trim().slice(0, 30))"""


@dataclass(frozen=True)
class Finding:
    page: str
    kind: str
    snippet: str

    def line(self) -> str:
        return f"{self.page}\t{self.kind}\t{self.snippet}"


def model_labels() -> frozenset[str]:
    """people.person, needs.matchinground …: how Django names our models internally."""
    return frozenset(m._meta.label_lower for m in apps.get_models())


def demo_round(username: str = "wushan") -> None:
    """The demo ships no matching round: the coordinator runs one on three published needs,
    so that a round's page is among the pages crawled."""
    actor = get_user_model().objects.get(username=username)
    needs = list(scoped(Need, actor).filter(status=NeedStatus.PUBLISHED).order_by("pk")[:3])
    round_ = create_round(actor=actor, name="巫山县2027年度人才需求匹配", needs=needs)
    start_round(actor=actor, round_=round_, background=False)


def new_context(browser, viewport=DESKTOP):
    """A Chinese browser (zh-CN, and the zh-Hans language cookie the switch would set)."""
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    context.set_default_timeout(20_000)
    return context


def login(page, base: str, username: str) -> None:
    host = urlsplit(base).hostname
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "domain": host, "path": "/"}])
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    # Enter, not a click: the first submit button on a page is the language switch.
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def slug(path: str) -> str:
    """/exchange/postings/ → exchange-postings; /people/608/ → people-detail."""
    parts = [("detail" if p.isdigit() else p) for p in urlsplit(path).path.split("/") if p]
    return "-".join(parts) or "home"


def menu_links(page, base: str) -> list[str]:
    """The menu's destinations (paths on this site), in menu order, once each."""
    hrefs = page.eval_on_selector_all("header nav a[href]", "els => els.map(e => e.href)")
    seen: list[str] = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = path_of(href)
        if path not in seen:
            seen.append(path)
    return seen


def first_record(page, base: str) -> str | None:
    """On a list page, the link of its first record (one level down), else None."""
    if not page.query_selector("#results"):
        return None
    hrefs = page.eval_on_selector_all("#results tbody a[href], #results .card a[href], #results li a[href]",
                                      "els => els.map(e => e.href)")
    for href in hrefs:
        path = path_of(href)
        if href.startswith(base) and "?" not in path and not path.endswith((".xlsx", ".docx", ".ics")):
            return path
    return None


def snippet_at(text: str, start: int, end: int, width: int = 24) -> str:
    return " ".join(text[max(0, start - width):end + width].split())


def judge_text(path: str, text: str, labels: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
    for kind, pattern in RAW_PATTERNS:
        for match in pattern.finditer(text):
            findings.append(Finding(path, kind, snippet_at(text, match.start(), match.end())))
        text = pattern.sub(" ", text)
    for label in labels:
        for match in re.finditer(rf"(?<![\w.]){re.escape(label)}(?![\w])", text):
            findings.append(Finding(path, "model-label", snippet_at(text, match.start(), match.end())))
        text = text.replace(label, " ")
    text = DATA_TOKENS.sub(" ", text)
    # One finding per run of Latin words ("Delete this activity"), unless every word is allowed.
    phrases: set[str] = set()
    for match in LATIN_RUN.finditer(text):
        phrase = " ".join(match.group().split())
        words = LATIN_WORD.findall(phrase)
        if not words or all(word in ALLOWED_WORDS for word in words) or phrase in phrases:
            continue
        phrases.add(phrase)
        findings.append(Finding(path, "english", f"{phrase[:80]} | {snippet_at(text, match.start(), match.end(), 12)[:120]}"))
    return findings


def judge_page(page, path: str, status: int | None, labels: frozenset[str], *, read_only: bool) -> list[Finding]:
    """Every check of one page: error page, raw data, English words, and (auditor) write forms."""
    findings: list[Finding] = []
    if status is None or status >= 400:
        findings.append(Finding(path, "error-page", f"HTTP {status}"))
    headings = " / ".join(page.eval_on_selector_all("h1", "els => els.map(e => e.innerText)"))
    if ERROR_HEADING.search(headings) or page.query_selector(".error-page"):
        findings.append(Finding(path, "error-page", f"heading: {headings[:60]}"))
    if read_only:
        here = urlsplit(page.url).path
        for form in page.evaluate(FORMS):
            action = urlsplit(form["action"]).path
            allowed = (action.startswith(("/i18n/setlang", "/accounts/logout"))
                       or here.startswith("/accounts/password/"))
            if form["method"] == "post" and not allowed:
                findings.append(Finding(path, "post-form", f"{action}: {' '.join(form['text'].split())}"))
    text = page.evaluate(READ_TEXT)
    if "Traceback" in text:
        findings.append(Finding(path, "error-page", "Traceback"))
    findings.extend(judge_text(path, text, labels))
    return findings


def visit(page, base: str, path: str):
    response = page.goto(urljoin(base, path), wait_until="load")
    return response.status if response else None


def crawl(page, base: str, *, labels: frozenset[str], read_only: bool = False,
          shots: str | None = None) -> tuple[list[Finding], list[str]]:
    """Every menu page, and from each list page its first record. Returns findings and the pages seen.

    `shots`: a name prefix; when given, each page's first screen is saved to SHOTS.
    """
    visit(page, base, "/")
    todo = menu_links(page, base)
    if "/" not in todo:
        todo.insert(0, "/")
    findings: list[Finding] = []
    seen: list[str] = []
    for path in todo:
        if path.startswith(NOT_CRAWLED) or path in seen:
            continue
        status = visit(page, base, path)
        seen.append(path)
        if shots:
            save_shot(page, f"{shots}-{slug(path)}")
        record = first_record(page, base)
        findings.extend(judge_page(page, path, status, labels, read_only=read_only))
        if record and record not in seen and not record.startswith(NOT_CRAWLED):
            status = visit(page, base, record)
            seen.append(record)
            if shots:
                save_shot(page, f"{shots}-{slug(record)}")
            findings.extend(judge_page(page, record, status, labels, read_only=read_only))
    return findings, seen


def save_shot(page, name: str, *, full_page: bool = False) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    return target


def phone_findings(page, path: str, viewport_height: int = PHONE["height"]) -> list[Finding]:
    """At a phone's width: nothing wider than the screen, the heading within the first screen."""
    findings: list[Finding] = []
    scroll_width, inner_width = page.evaluate(OVERFLOW)
    if scroll_width > inner_width:
        wide = ", ".join(page.evaluate(WIDE))
        findings.append(Finding(path, "overflow", f"page {scroll_width}px wide on a {inner_width}px screen ({wide})"))
    box = page.evaluate(HEADING_BOX)
    if box is None or not box["visible"]:
        findings.append(Finding(path, "no-heading", "no visible h1"))
    elif box["bottom"] > viewport_height:
        findings.append(Finding(path, "heading-below-fold",
                                f"h1 {box['text'][:30]!r} ends at {round(box['bottom'])}px (screen {viewport_height}px)"))
    return findings


def write_report(name: str, findings: list[Finding], seen: list[str]) -> Path:
    CRAWL_OUT.mkdir(parents=True, exist_ok=True)
    target = CRAWL_OUT / f"report-{name}.txt"
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    summary = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"
    lines = [f"# {name}: {len(seen)} pages, {len(findings)} findings ({summary})", "# page\tkind\tsnippet"]
    lines += [f.line() for f in findings]
    lines += ["", "# pages visited"] + seen
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def message(name: str, findings: list[Finding], report: Path) -> str:
    head = f"{len(findings)} findings for {name} (all in {report}):"
    return "\n".join([head] + [f.line() for f in findings])
