"""Template tags for pages the page cache may share between visitors."""

from django import template
from django.utils.html import format_html

from ..middleware import CSRF_PLACEHOLDER

register = template.Library()


@register.simple_tag
def cacheable_csrf_token():
    """A CSRF field for forms in cached pages; the page cache fills in each visitor's token."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                       CSRF_PLACEHOLDER)
