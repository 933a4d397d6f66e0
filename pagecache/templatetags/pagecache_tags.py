"""Template tags for pages the page cache may share between visitors."""

from django import template
from django.utils.html import format_html

from ..middleware import CSRF_PLACEHOLDER, lists_guides

register = template.Library()


@register.simple_tag
def cacheable_csrf_token():
    """A CSRF field for forms in cached pages; the page cache fills in each visitor's token."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                       CSRF_PLACEHOLDER)


@register.simple_tag(takes_context=True)
def listed_guides(context, items):
    """Tell the page cache which guides this list shows (``items``: guides, or search hits whose
    ``page`` may be a guide), so the page is stored with their tags; renders nothing."""
    from catalog.models import ServiceGuidePage

    request = context.get("request")
    if request is not None:
        pages = (getattr(item, "page", item) for item in items)
        lists_guides(request, [page.pk for page in pages if isinstance(page, ServiceGuidePage)])
    return ""
