"""The specialty vocabulary across domains (medical, education, agriculture ...).

Medical specialties are the clinical departments (``med:04.02`` = 神经外科专业); the other
domains come from ``data/specialties.json`` as groups with items (``edu:sciences`` >
``edu:math``). Codes are stable and prefixed by domain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from xiezuo.vocab.departments import all_departments, resolve_department
from xiezuo.vocab.departments import label as department_label
from xiezuo.vocab.departments import related as departments_related

# (code, zh, en) in display order.
DOMAINS: list[tuple[str, str, str]] = [
    ("medical", "医疗卫生", "medical and health"),
    ("education", "教育", "education"),
    ("agriculture", "农业", "agriculture"),
    ("science_tech", "科技", "science and technology"),
    ("culture_tourism", "文化旅游", "culture and tourism"),
    ("labour", "人力资源和劳务", "human resources and labour"),
    ("management", "党政管理", "public management"),
    ("other", "其他", "other"),
]
DOMAIN_CODES = tuple(code for code, _zh, _en in DOMAINS)
MEDICAL_PREFIX = "med:"


@dataclass(frozen=True, slots=True)
class Specialty:
    code: str
    domain: str
    name: str
    parent_code: str | None
    aliases: tuple[str, ...]


def _medical() -> list[Specialty]:
    found = []
    for dept in all_departments():
        found.append(
            Specialty(
                code=MEDICAL_PREFIX + dept.code,
                domain="medical",
                name=department_label(dept.code),
                parent_code=MEDICAL_PREFIX + dept.parent_code if dept.parent_code else None,
                aliases=dept.aliases,
            )
        )
    return found


def _from_json() -> list[Specialty]:
    text = resources.files(__package__).joinpath("data", "specialties.json").read_text("utf-8")
    data = json.loads(text)
    found = []
    for domain in DOMAIN_CODES:
        for group in data.get(domain, ()):
            found.append(
                Specialty(group["code"], domain, group["name"], None, tuple(group["aliases"]))
            )
            for item in group["items"]:
                found.append(
                    Specialty(
                        item["code"], domain, item["name"], group["code"], tuple(item["aliases"])
                    )
                )
    return found


@cache
def _load() -> tuple[Specialty, ...]:
    return tuple(_medical() + _from_json())


@cache
def _by_code() -> dict[str, Specialty]:
    return {s.code: s for s in _load()}


@cache
def _index() -> dict[str, dict[str, str]]:
    """Per domain: name or alias -> code (names win over aliases)."""
    index: dict[str, dict[str, str]] = {d: {} for d in DOMAIN_CODES}
    for use_aliases in (False, True):
        for spec in _load():
            forms = spec.aliases if use_aliases else (spec.name,)
            for form in forms:
                index[spec.domain].setdefault(form.upper(), spec.code)
    return index


def all_specialties(domain: str | None = None) -> list[Specialty]:
    """All specialties in domain order, optionally of one domain only."""
    return [s for s in _load() if domain is None or s.domain == domain]


def get_specialty(code: str) -> Specialty | None:
    return _by_code().get(code.strip())


def resolve_specialty(text: str | None, domain: str | None = None) -> Specialty | None:
    """The specialty named by ``text``, searching ``domain`` or every domain in DOMAINS order.

    Medical names go through :func:`departments.resolve_department` (脑外科 -> med:04.02).
    """
    if not text:
        return None
    norm = "".join(text.split()).upper()
    for dom in (domain,) if domain else DOMAIN_CODES:
        if dom == "medical":
            dept = resolve_department(norm)
            if dept is not None:
                return _by_code()[MEDICAL_PREFIX + dept.code]
            continue
        code = _index().get(dom, {}).get(norm)
        if code is not None:
            return _by_code()[code]
    return None


def _related(a: Specialty, b: Specialty) -> bool:
    if a.domain == "medical" and b.domain == "medical":
        return departments_related(
            a.code.removeprefix(MEDICAL_PREFIX), b.code.removeprefix(MEDICAL_PREFIX)
        )
    if a.parent_code is not None and a.parent_code == b.parent_code:
        return True
    return a.code == b.parent_code or b.code == a.parent_code


def related_specialties(code: str) -> list[str]:
    """Codes in the same group as ``code`` (siblings, its group, its items), excluding itself."""
    spec = get_specialty(code)
    if spec is None:
        return []
    return [
        other.code
        for other in _load()
        if other.domain == spec.domain and other.code != spec.code and _related(spec, other)
    ]
