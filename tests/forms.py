"""Build the POST data Wagtail's page editor sends, from a page's current values.

Tests then change one field and submit, as an editor would, through the real admin view.
"""

import re

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def shown_text(response):
    """The page as the editor sees it: Wagtail ships block errors JSON-escaped for its scripts."""
    html = response.content.decode()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


def _block_data(block, value):
    if isinstance(block, blocks.StructBlock):
        return {name: _block_data(child, value.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        items = {str(i): {"value": _block_data(block.child_block, item), "deleted": "",
                          "order": str(i)} for i, item in enumerate(value or [])}
        items["count"] = str(len(value or []))
        return items
    if isinstance(block, blocks.ChooserBlock):
        return str(value.pk) if value else ""
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    return "" if value is None else str(value)


def stream_data(field_value):
    return streamfield([
        (child.block_type, _block_data(child.block, child.value)) for child in field_value
    ])


def page_form_data(page, **overrides):
    """The editor's form data for ``page`` with ``overrides`` (plain values or nested dicts)."""
    data = {"title": page.title, "slug": page.slug}
    for field in page._meta.concrete_fields:
        if field.name in data or not field.editable:
            continue
        value = getattr(page, field.attname)
        if isinstance(field, StreamField):
            data[field.name] = stream_data(value)
        elif value is None:
            data[field.name] = ""
        elif isinstance(value, bool):
            if value:
                data[field.name] = "on"
        else:
            data[field.name] = str(value)
    if hasattr(page, "themes"):
        data["themes"] = [str(t.pk) for t in page.themes.all()]
    if hasattr(page, "hall_links"):
        data["hall_links"] = inline_formset(
            [{"id": str(link.pk), "hall": str(link.hall_id), "window": link.window,
              "note": link.note} for link in page.hall_links.all()],
            initial=page.hall_links.count(),
        )
    data["comments"] = inline_formset([])
    data.update(overrides)
    themes = data.pop("themes", None)
    flat = nested_form_data(data)
    if themes is not None:
        flat["themes"] = themes
    return flat
