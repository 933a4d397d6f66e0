"""What changed between two versions of a guide, in plain Chinese.

``diff_records`` compares two guide records (``catalog.records.record_from_page``) field by field
and, for lists such as materials and steps, item by item (matched by name, so an edited
material is "changed", not "removed and added"; ``match_items``, which the import preview also
renders). The reviewer's side-by-side view shows its structure; ``summarize`` turns it into
the public change note, e.g.
``申请材料：新增《出生医学证明》；承诺办结时限：20 → 15 个工作日``. Pure: no database.
"""

from dataclasses import dataclass, field

from .formatting import format_time_limit
from .records import name_key

# List fields: how an item's name (``records.name_key``) is written in a summary.
LIST_FIELDS = {
    "materials": "《{}》",
    "steps": "环节「{}」",
    "fees": "「{}」",
    "legal_bases": "{}",
    "special_procedures": "「{}」",
    "faq": "“{}”",
    "halls": "{}",
}
TIME_FIELDS = {"legal_time_limit": "legal_time_limit_unit",
               "promised_time_limit": "promised_time_limit_unit"}
SET_FIELDS = ("themes", "aliases", "service_objects")
SHORT_TEXT = 24  # longer texts are reported as "已修改", not quoted
IGNORED = {"last_reviewed", "item_version"} | set(TIME_FIELDS.values())


@dataclass
class ItemChange:
    name: str
    status: str  # added | removed | changed | moved
    old: dict = None
    new: dict = None
    fields: list = field(default_factory=list)  # sub-field keys that differ


@dataclass
class FieldChange:
    key: str
    label: str
    old: object
    new: object
    items: list = field(default_factory=list)  # ItemChange, for list fields

    @property
    def old_display(self):
        return _time(self.old) or "未设定" if self.key in TIME_FIELDS else _display(self.old)

    @property
    def new_display(self):
        return _time(self.new) or "未设定" if self.key in TIME_FIELDS else _display(self.new)

    def describe(self, item_labels=None):
        """One clause of the public summary for this field."""
        if self.key in LIST_FIELDS:
            return f"{self.label}：{_describe_items(self.key, self.items, item_labels or {})}"
        if self.key in TIME_FIELDS:
            (old_days, old_unit), (new_days, new_unit) = self.old, self.new
            if old_unit == new_unit and old_days and new_days:  # "20 → 15 个工作日"
                return f"{self.label}：{old_days} → {_time(self.new)}"
            return f"{self.label}：{_time(self.old) or '未设定'} → {_time(self.new) or '未设定'}"
        if self.key in SET_FIELDS:
            added = [v for v in self.new if v not in self.old]
            removed = [v for v in self.old if v not in self.new]
            parts = ([f"新增{'、'.join(added)}"] if added else []) + (
                [f"移除{'、'.join(removed)}"] if removed else [])
            return f"{self.label}：{'，'.join(parts)}"
        if isinstance(self.new, bool) or isinstance(self.old, bool):
            return f"{self.label}：{_yes_no(self.old)} → {_yes_no(self.new)}"
        old, new = _text(self.old), _text(self.new)
        if len(old) <= SHORT_TEXT and len(new) <= SHORT_TEXT:
            return f"{self.label}：{old or '（空）'} → {new or '（空）'}"
        return f"{self.label}：已修改"


def _time(pair):
    days, unit = pair
    return format_time_limit(days, unit)


def _display(value):
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return _text(value) or "（空）"


def _yes_no(value):
    return "是" if value else "否"


def _text(value):
    return "" if value is None else str(value).strip()


def _normal(value):
    """Compare texts as people read them: browsers submit CRLF, imports and the API send LF."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    return value


def _item_name(key, item):
    return _text(item.get(name_key(key)) if isinstance(item, dict) else item)


@dataclass(frozen=True)
class Matching:
    """How the items of a list's new version pair with its old version's, by name."""

    pairs: list      # (old index or None when added, new index), in the new order
    removed: list    # old indexes no new item took, grouped by name (names in the old order)
    reordered: bool  # the items kept are in another order


def match_items(old_items, new_items, name_of):
    """Pair the items of two versions of a list by ``name_of(item)``.

    The one list-diff core: the public change summary (``diff_items``) and the import preview
    (``importing.diff``) render it. Items named alike pair in order, first with first, so
    removing one of two materials with the same name is a removal, not nothing.
    """
    unmatched = {}
    for index, item in enumerate(old_items):
        unmatched.setdefault(name_of(item), []).append(index)
    pairs = []
    for index, item in enumerate(new_items):
        queue = unmatched.get(name_of(item))
        pairs.append((queue.pop(0) if queue else None, index))
    kept = [old for old, _new in pairs if old is not None]
    removed = [index for indexes in unmatched.values() for index in indexes]
    return Matching(pairs, removed, kept != sorted(kept))


def diff_items(key, old_items, new_items):
    """Item-level changes of a list field, matching items by their name."""
    matching = match_items(old_items, new_items, lambda item: _item_name(key, item))
    changes = []
    for old_index, new_index in matching.pairs:
        item = new_items[new_index]
        if old_index is None:
            changes.append(ItemChange(_item_name(key, item), "added", new=item))
        elif item != old_items[old_index]:
            before = old_items[old_index]
            keys = sorted({*before, *item}, key=lambda k: list(item).index(k) if k in item else 99)
            changes.append(ItemChange(_item_name(key, item), "changed", old=before, new=item,
                                      fields=[k for k in keys if before.get(k) != item.get(k)]))
    changes.extend(ItemChange(_item_name(key, old_items[index]), "removed", old=old_items[index])
                   for index in matching.removed)
    if matching.reordered:
        changes.append(ItemChange("", "moved"))
    return changes


def _describe_items(key, items, item_labels):
    template = LIST_FIELDS[key]
    parts = []
    for status, verb in (("added", "新增"), ("removed", "删除"), ("changed", "修改")):
        named = [i for i in items if i.status == status]
        if not named:
            continue
        texts = []
        for item in named:
            text = template.format(item.name.strip("《》") if template.startswith("《") else item.name)
            if status == "changed" and item.fields:
                labels = [item_labels.get(f, f) for f in item.fields]
                text += f"（{'、'.join(labels)}）"
            texts.append(text)
        parts.append(verb + "、".join(texts))
    if any(i.status == "moved" for i in items):
        parts.append("调整顺序")
    return "；".join(parts)


def diff_records(old, new, labels):
    """Field changes from record ``old`` to ``new``; ``labels`` maps keys to Chinese names."""
    old, new = _normal(old), _normal(new)
    changes = []
    for key in new:
        nested = isinstance(new.get(key), dict)
        if key in IGNORED or (key not in labels and not nested):
            continue
        before, after = old.get(key), new.get(key)
        if key in TIME_FIELDS:
            unit = TIME_FIELDS[key]
            before, after = (before, old.get(unit)), (after, new.get(unit))
            if before == after or (before[0] is None and after[0] is None):
                continue
            changes.append(FieldChange(key, labels[key], before, after))
        elif key in LIST_FIELDS:
            items = diff_items(key, before or [], after or [])
            if items:
                changes.append(FieldChange(key, labels[key], before, after, items))
        elif key in SET_FIELDS:
            if sorted(before or []) != sorted(after or []):
                changes.append(FieldChange(key, labels[key], before or [], after or []))
        elif (before if before not in ("", None) else None) != (after if after not in ("", None) else None):
            if isinstance(before, dict) or isinstance(after, dict):
                for sub in sorted({*(before or {}), *(after or {})}):
                    sub_key = f"{key}_{sub}"
                    if (before or {}).get(sub) != (after or {}).get(sub) and sub_key in labels:
                        changes.append(FieldChange(sub_key, labels[sub_key],
                                                   (before or {}).get(sub), (after or {}).get(sub)))
            else:
                changes.append(FieldChange(key, labels[key], before, after))
    return changes


def summarize(changes, item_labels=None):
    """The public one-line summary: clauses joined with '；'."""
    item_labels = item_labels or {}
    return "；".join(change.describe(item_labels.get(change.key)) for change in changes)
