"""Page slugs for Chinese titles: the demo loader, the synthetic catalog and imports all name
new pages this way, so a guide's address reads the same however it was made."""

from pypinyin import lazy_pinyin

MAX_SLUG = 60


def pinyin_slug(title, taken=()):
    """A readable ASCII slug for a Chinese title, unique among ``taken``."""
    words = [w for w in lazy_pinyin(title) if w.isascii() and w.isalnum()]
    base = "-".join(words).lower()[:MAX_SLUG].strip("-") or "page"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
