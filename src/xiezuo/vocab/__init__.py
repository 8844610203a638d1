"""Reference vocabularies for xiezuo: regions, clinical departments, specialties, titles, stages.

Plain Python (no Django): used by the apps to load reference data, by the ingest engine to
find place names in text and by the matching engine to relate specialties.
"""

from xiezuo.vocab.departments import (
    Department,
    all_departments,
    get_department,
    related,
    resolve_department,
)
from xiezuo.vocab.regions import (
    Region,
    all_regions,
    ancestors,
    children,
    full_name,
    gazetteer,
    get,
    is_within,
    resolve,
)
from xiezuo.vocab.specialties import (
    DOMAINS,
    Specialty,
    all_specialties,
    get_specialty,
    related_specialties,
    resolve_specialty,
)
from xiezuo.vocab.stages import STAGES, Stage, all_stages, get_stage, resolve_stage
from xiezuo.vocab.titles import TITLE_LEVELS, concrete_titles, level_label, title_level

__all__ = [
    "DOMAINS",
    "STAGES",
    "TITLE_LEVELS",
    "Department",
    "Region",
    "Specialty",
    "Stage",
    "all_departments",
    "all_regions",
    "all_specialties",
    "all_stages",
    "ancestors",
    "children",
    "concrete_titles",
    "full_name",
    "gazetteer",
    "get",
    "get_department",
    "get_specialty",
    "get_stage",
    "is_within",
    "level_label",
    "related",
    "related_specialties",
    "resolve",
    "resolve_department",
    "resolve_specialty",
    "resolve_stage",
    "title_level",
]
