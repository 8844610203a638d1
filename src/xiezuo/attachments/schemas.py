from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema

ParentKey = Literal["posting", "activity", "event", "agreement", "goal"]


class AttachmentOut(Schema):
    id: int
    parent: str
    parent_id: int
    name: str
    kind: str
    kind_label: str
    size: int
    mime_type: str
    note: str
    uploaded_by: str | None
    uploaded_at: datetime.datetime
    download: str


class AttachmentList(Schema):
    items: list[AttachmentOut]
    count: int
