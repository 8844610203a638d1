"""A small world for the attachment tests: one record of each kind that carries
attachments in 巫山 (in scope of 巫山's users) and one in 开州 (outside), real files."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from docx import Document
from tests.matrix.world import build_world

from xiezuo.activities.models import Activity, Event
from xiezuo.cooperation.models import Agreement
from xiezuo.exchange.models import Goal, Posting
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person

D = datetime.date
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
       b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def docx_bytes(text: str = "选派通知") -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "签到"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def build_attachment_world() -> dict:
    world = build_world()
    east = Organisation.objects.get(name="烟台山医院")
    expert = Person.objects.create(name="东部专家", organisation=east, domain="medical",
                                   specialty_text="神经外科")
    for side in ("in", "out"):
        host, region = world[side]["organisation"], world[side]["region"]
        posting = Posting.objects.create(person=expert, host=host, kind="medical", direction="east_west",
                                         planned_start=D(2025, 3, 1), planned_end=D(2026, 2, 28))
        event = Event.objects.create(name=f"活动周{side}", host_region=region, sending_org=host,
                                     start=D(2025, 5, 1), end=D(2025, 5, 4))
        world[side].update({
            "posting": posting,
            "goal": Goal.objects.create(posting=posting, kind="urgent_need", title=f"目标{side}"),
            "event": event,
            "activity": Activity.objects.create(kind="clinic", title=f"义诊{side}", date=D(2025, 5, 2),
                                                domain="medical", host=host, event=event),
            "agreement": Agreement.objects.create(title=f"协议{side}", kind="health",
                                                  pairing=world[side]["pairing"],
                                                  start=D(2025, 1, 1), end=D(2026, 12, 31)),
        })
    return world


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(refdata, media):
    return build_attachment_world()


def files_in(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
