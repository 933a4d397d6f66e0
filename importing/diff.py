"""What an import would change in one guide, cell by cell: the dry run's field-level differences.

Both sides are canonical cell texts (``Workbook.cells`` for the file, ``cells_of_record`` for the
guide as it stands), so the comparison is exactly "would the export of this guide differ from
the file?". List sheets are compared entry by entry, entries matched by their name (a material
whose necessity changed is one change, not a removal and an addition) by the same core as a
guide's public change summary, ``catalog.changes.match_items``. Pure: no database.
"""

from dataclasses import dataclass

from catalog.changes import match_items

SET, ADDED, REMOVED, ORDER = "set", "added", "removed", "order"


@dataclass(frozen=True)
class Change:
    field: str
    old: str = ""
    new: str = ""
    kind: str = SET

    def __str__(self):
        if self.kind == ADDED:
            return f"{self.field}：新增"
        if self.kind == REMOVED:
            return f"{self.field}：删除"
        return f"{self.field}：{_short(self.old) or '（空）'} → {_short(self.new) or '（空）'}"

    def as_list(self):
        return [self.field, self.old, self.new, self.kind]


def _short(text, limit=40):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def diff_cells(old, new, entry_names):
    """Changes from ``old`` to ``new`` (``{sheet: [{header: text}]}``), sheet by sheet.

    ``entry_names`` gives, per list sheet, the column naming an entry. Sheets absent from
    ``new`` are not compared: the file does not speak about them.
    """
    changes = []
    for sheet, new_rows in new.items():
        old_rows = old.get(sheet) or []
        if sheet not in entry_names:
            changes.extend(_row_changes("", old_rows[0] if old_rows else {}, new_rows[0]))
        else:
            changes.extend(_list_changes(sheet, entry_names[sheet], old_rows, new_rows))
    return changes


def _row_changes(prefix, old, new):
    return [Change(f"{prefix}{header}", old.get(header, ""), value)
            for header, value in new.items() if old.get(header, "") != value]


def _list_changes(sheet, name_column, old_rows, new_rows):
    """A list sheet's changes: ``catalog.changes.match_items`` pairs its entries by name."""
    def name_of(row):
        return row.get(name_column, "")

    matching = match_items(old_rows, new_rows, name_of)
    changes = []
    for old_index, new_index in matching.pairs:
        row = new_rows[new_index]
        label = f"{sheet}「{name_of(row)}」"
        if old_index is None:
            changes.append(Change(label, "", _summary(row, name_column), ADDED))
        else:
            changes.extend(_row_changes(f"{label}的", old_rows[old_index], row))
    changes.extend(Change(f"{sheet}「{name_of(old_rows[i])}」", _summary(old_rows[i], name_column), "",
                          REMOVED) for i in matching.removed)
    if matching.reordered:
        changes.append(Change(f"{sheet}顺序", "、".join(map(name_of, old_rows)),
                              "、".join(map(name_of, new_rows)), ORDER))
    return changes


def _summary(row, name_column):
    """An entry in one line, for added and removed ones: its other filled cells."""
    return "；".join(f"{header}：{text}" for header, text in row.items()
                    if text and header != name_column)
