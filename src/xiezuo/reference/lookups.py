"""Specialties named in input: by their vocabulary code."""

from __future__ import annotations

from xiezuo.core.lookups import Lookup, by_field, register, register_reference
from xiezuo.reference.models import Specialty

SPECIALTY: Lookup[Specialty] = register(Lookup(Specialty, keys=(by_field("code"),)))

# The references of the reference models (what a write may name: see `core.lookups`).
register_reference(Specialty, "parent", SPECIALTY)
