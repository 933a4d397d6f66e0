"""The handbook's back matter: an index of items by name, in pinyin order (pure, no database).

People look an item up by the name they know, which is often the popular one (准生证 for
生育服务证), so every alias gets its own line pointing to the official title's page.
"""

from dataclasses import dataclass
from itertools import groupby

from pypinyin import Style, lazy_pinyin


@dataclass(frozen=True)
class IndexEntry:
    name: str
    page: int
    see: str = ""  # the official title, when ``name`` is an alias

    @property
    def sort_key(self):
        # Names that do not start with a letter (digits, 《…》) come last, under '#'.
        return (initial(self.name) == "#", pinyin_key(self.name), self.name, self.page)


def pinyin_key(text):
    """Sort key reading Chinese by its pinyin (tones ignored), other characters as they are."""
    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))).lower()


def initial(text):
    """The index letter of ``text``: the first letter of its pinyin, or '#'."""
    key = pinyin_key(text)
    return key[0].upper() if key and key[0].isascii() and key[0].isalpha() else "#"


def build_index(items):
    """Index groups ``[(letter, [IndexEntry…])]`` from ``(title, aliases, page)`` triples.

    An alias equal to a title, or repeated, is listed once.
    """
    entries = {}
    for title, aliases, page in items:
        entries.setdefault((title, ""), IndexEntry(title, page))
        for alias in aliases:
            if alias and alias != title:
                entries.setdefault((alias, title), IndexEntry(alias, page, see=title))
    ordered = sorted(entries.values(), key=lambda entry: entry.sort_key)
    return [(letter, list(group)) for letter, group in groupby(ordered, key=lambda e: initial(e.name))]
