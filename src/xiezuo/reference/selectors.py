"""Reads of the reference vocabularies."""

from __future__ import annotations

from django.db.models import Q

from xiezuo.reference.models import Specialty
from xiezuo.vocab.specialties import resolve_specialty


def find_specialty(text: str, *, domain: str | None = None) -> Specialty | None:
    """A specialty by code, name or alias (脑外科 → 神经外科)."""
    text = text.strip()
    if not text:
        return None
    direct = Specialty.objects.filter(Q(code=text) | Q(name=text))
    if domain:
        direct = direct.filter(domain=domain)
    found = direct.first()
    if found:
        return found
    entry = resolve_specialty(text, domain=domain)
    return Specialty.objects.filter(code=entry.code).first() if entry else None
