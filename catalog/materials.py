"""Merging the material lists of several items into one (一件事一次办: 一套材料).

Pure functions over plain dicts (a MaterialBlock's value behaves like one), so the bundle page,
its print view and the export all merge the same way and tests need no database.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .choices import Necessity

# Strongest first: a material one item requires is required for the bundle.
NECESSITY_RANK = {Necessity.REQUIRED: 0, Necessity.DEFERRABLE: 1, Necessity.OPTIONAL: 2}
_IGNORED = re.compile(r"[《》〈〉“”\"'‘’「」\s（）()【】\[\]]")


def material_key(name):
    """What makes two material names the same material.

    Full-width and half-width forms, book-title marks, brackets and spacing differ between
    departments' lists ("《居民户口簿》" vs "居民户口簿"); the words do not.
    """
    return _IGNORED.sub("", unicodedata.normalize("NFKC", name or "")).lower()


@dataclass
class MergedMaterial:
    name: str
    necessity: str
    form: str = ""
    copies: int | None = None
    specification: str = ""
    exempt: bool = True
    needed_by: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def shared(self):
        return len(self.needed_by) > 1


def merge_materials(items):
    """Merge ``[(item_title, [material, ...]), ...]`` into one ordered list.

    Required before deferrable before optional, otherwise first appearance; each merged material keeps the strongest necessity, the largest
    number of copies, and is exempt (免提交) only if every item that lists it exempts it.
    """
    merged = {}
    for title, materials in items:
        for material in materials:
            key = material_key(material.get("name"))
            if not key:
                continue
            entry = merged.get(key)
            necessity = material.get("necessity") or Necessity.REQUIRED
            if entry is None:
                entry = merged[key] = MergedMaterial(
                    name=material.get("name", "").strip(),
                    necessity=necessity,
                    form=material.get("form") or "",
                    copies=material.get("copies"),
                    specification=material.get("specification") or "",
                )
            elif NECESSITY_RANK.get(necessity, 0) < NECESSITY_RANK.get(entry.necessity, 0):
                entry.necessity = necessity
            copies = material.get("copies")
            if copies and (entry.copies or 0) < copies:
                entry.copies = copies
            entry.exempt = entry.exempt and bool(material.get("exempt"))
            if title not in entry.needed_by:
                entry.needed_by.append(title)
            note = (material.get("source_note") or "").strip()
            if note and note not in entry.notes:
                entry.notes.append(note)
    # Required materials first; within a necessity, the order citizens met them in.
    return sorted(merged.values(), key=lambda m: NECESSITY_RANK.get(m.necessity, 0))


def material_flags(stream_data):
    """(any material 免提交, any material 可告知承诺) of a guide: what the catalog's and the
    search's 免提交 / 可告知承诺 filters match. ``stream_data``: the materials StreamField's raw
    data (``page.materials.raw_data``, or the stored JSON: ``[{"type": "material", "value"}]``).

    A pure function of the field's value, so a page's ``save``, the migration that filled the
    columns in and a bulk writer that inserts rows without ``save`` (``catalog.bulk_pages``)
    derive the same two columns.
    """
    values = [item.get("value") or {} for item in stream_data or ()
              if isinstance(item, dict) and item.get("type") == "material"]
    return (any(bool(value.get("exempt")) for value in values),
            any(bool(value.get("commitment_allowed")) for value in values))
