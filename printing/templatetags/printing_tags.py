"""Template tags for the public pages: the handbooks a hall, department or bundle offers."""

from django import template

from ..models import Handbook

register = template.Library()


@register.inclusion_tag("printing/includes/handbook_downloads.html")
def handbook_downloads(page):
    """Published handbooks (ready, offered publicly) for a hall, department or bundle page."""
    handbooks = (Handbook.objects.filter(offered_publicly=True, status=Handbook.Status.READY)
                 .exclude(file="")
                 .filter(**{_field_for(page): page.pk}) if _field_for(page) else [])
    return {"handbooks": list(handbooks)}


def _field_for(page):
    from catalog.models import BundlePage, DepartmentPage, HallPage

    for model, field in ((HallPage, "hall_id"), (DepartmentPage, "department_id"),
                         (BundlePage, "bundle_id")):
        if isinstance(page, model):
            return field
    return None


@register.simple_tag
def public_url(page):
    """The guide's absolute public URL, the same one the printed QR codes encode."""
    from ..documents import public_url as absolute

    return absolute(page)
