"""Small presentation helpers shared by the web, print and PDF templates."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..formatting import format_copies, format_time_limit

register = template.Library()

_FILLED_PART = re.compile(r"【(.+?)】", re.S)


@register.filter
def sample_text(value):
    """Escape a sample text and mark its filled-in parts (written 【…】 by editors) with <mark>."""
    escaped = escape(value or "")
    marked = _FILLED_PART.sub(r'<mark class="filled">\1</mark>', escaped)
    return mark_safe(marked.replace("\n", "<br>"))


@register.simple_tag
def time_limit(days, unit):
    return format_time_limit(days, unit)


@register.simple_tag
def copies(material):
    """A material's count and form in one phrase (catalog.formatting.format_copies)."""
    get = material.get if hasattr(material, "get") else lambda key: getattr(material, key, None)
    return format_copies(get("copies"), get("specification"))


@register.filter
def yes_no(value):
    return "是" if value else "否"


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dict lookups with a variable key."""
    return (mapping or {}).get(key)


@register.filter
def is_list(value):
    return isinstance(value, (list, tuple))
