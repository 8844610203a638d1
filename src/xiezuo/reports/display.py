"""Server-side highlighting of a fact's evidence within its segment (no scripts)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WINDOW = 180


def highlight(segment: str, evidence: str, window: int = WINDOW) -> SafeString:
    """The part of the segment around the evidence, with the evidence in <mark>."""
    at = segment.find(evidence) if evidence else -1
    if at < 0:
        text = segment[: 2 * window]
        suffix = "…" if len(segment) > 2 * window else ""
        shown = escape(evidence) if evidence else escape(text) + suffix
        return mark_safe(f"<mark>{shown}</mark>" if evidence else shown)  # noqa: S308
    start, end = max(0, at - window), min(len(segment), at + len(evidence) + window)
    before = ("…" if start else "") + segment[start:at]
    after = segment[at + len(evidence):end] + ("…" if end < len(segment) else "")
    return mark_safe(  # noqa: S308  (every part is escaped)
        f"{escape(before)}<mark>{escape(evidence)}</mark>{escape(after)}")
