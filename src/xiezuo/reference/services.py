"""Loading the shipped reference vocabularies (regions, specialties) into the database.

Idempotent: existing rows are updated in place, new ones added; nothing is deleted.
"""

from __future__ import annotations

from django.db import transaction

from xiezuo.core import cache
from xiezuo.reference.models import Specialty
from xiezuo.regions.models import Region, code_prefix
from xiezuo.vocab import all_regions, all_specialties, full_name


@transaction.atomic
def load_reference() -> dict[str, int]:
    existing = {r.code: r for r in Region.objects.all()}
    fresh, changed = [], []
    for entry in all_regions():
        values = {
            "name": entry.name,
            "full_name": full_name(entry.code),
            "level": entry.level,
            "kind": entry.kind,
            "role": entry.role,
            "short_names": list(entry.short_names),
            "prefix": code_prefix(entry.code, entry.level),
        }
        region = existing.get(entry.code)
        if region is None:
            fresh.append(Region(code=entry.code, **values))
        elif any(getattr(region, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(region, key, value)
            changed.append(region)
    Region.objects.bulk_create(fresh, batch_size=1000)
    Region.objects.bulk_update(
        changed,
        ["name", "full_name", "level", "kind", "role", "short_names", "prefix"],
        batch_size=1000,
    )
    ids = dict(Region.objects.values_list("code", "id"))
    parents = []
    for entry in all_regions():
        if entry.parent_code:
            parents.append(Region(id=ids[entry.code], parent_id=ids[entry.parent_code]))
    Region.objects.bulk_update(parents, ["parent"], batch_size=1000)

    specialties = {s.code: s for s in Specialty.objects.all()}
    entries = all_specialties()
    created = 0
    for spec in entries:
        fields = {"domain": spec.domain, "name": spec.name, "aliases": list(spec.aliases)}
        if spec.code in specialties:
            Specialty.objects.filter(code=spec.code).update(**fields)
        else:
            specialties[spec.code] = Specialty.objects.create(code=spec.code, **fields)
            created += 1
    for spec in entries:
        parent = specialties.get(spec.parent_code) if spec.parent_code else None
        Specialty.objects.filter(code=spec.code).update(parent=parent)
    cache.changed(Region, Specialty)
    return {
        "regions": Region.objects.count(),
        "regions_added": len(fresh),
        "specialties": len(entries),
        "specialties_added": created,
    }
