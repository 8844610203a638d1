"""iCalendar (RFC 5545) export of postings and visits, written by hand (no dependency).

Lines end in CRLF, are folded at 75 octets (continuation lines start with a space and
never split a UTF-8 character), and TEXT values escape backslash, semicolon, comma and
newlines. Postings are all-day events: DTEND is exclusive, so it is the day after the end.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

PRODID = "-//xiezuo//East-West exchange//ZH"


def escape_text(value: str) -> str:
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line into CRLF-joined pieces of at most `limit` octets."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        budget = limit if not pieces else limit - 1  # continuation lines start with a space
        if size + width > budget:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def event_lines(
    *, uid: str, start: datetime.date, end: datetime.date, summary: str,
    location: str = "", description: str = "", stamp: datetime.datetime, status: str = "",
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(end + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if status:
        lines.append(f"STATUS:{status}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[list[str]], *, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
