"""Browsing the catalog: the filters citizens combine, and grouping guides by department.

The catalog page, the department and hall pages share these, so a filter means the same
everywhere and keeps its state in the URL (it works without JavaScript).
"""

from dataclasses import dataclass

from django.core.paginator import Paginator

from . import choices

PAGE_SIZE = 30
SERVICE_OBJECTS = {"individual": ("自然人", "for_individuals"),
                   "entity": ("法人", "for_legal_entities")}


@dataclass
class Option:
    value: str
    label: str
    selected: bool


class CatalogFilter:
    """Reads ``department``, ``theme``, ``object``, ``type`` from a query dict and filters guides."""

    def __init__(self, params, root=None):
        from .models import DepartmentPage, ServiceGuidePage, Theme

        self.params = params
        guides = ServiceGuidePage.objects.live().public()
        if root is not None:
            guides = guides.descendant_of(root)
        departments = DepartmentPage.objects.live().public()
        if root is not None:
            departments = departments.descendant_of(root)
        self.departments = list(departments.order_by("path"))
        self.themes = list(Theme.objects.all())

        self.department = self._pick("department", {d.slug: d for d in self.departments})
        self.theme = self._pick("theme", {t.slug: t for t in self.themes})
        self.service_object = params.get("object") if params.get("object") in SERVICE_OBJECTS else ""
        self.item_type = params.get("type") if params.get("type") in choices.ItemType.values else ""

        if self.department:
            guides = guides.child_of(self.department)
        if self.theme:
            guides = guides.filter(themes=self.theme)
        if self.service_object:
            guides = guides.filter(**{SERVICE_OBJECTS[self.service_object][1]: True})
        if self.item_type:
            guides = guides.filter(item_type=self.item_type)
        self.guides = guides.order_by("path").distinct()

    def _pick(self, name, by_slug):
        return by_slug.get(self.params.get(name) or "")

    @property
    def active(self):
        return bool(self.department or self.theme or self.service_object or self.item_type)

    def options(self):
        """Each filter's options with the current choice marked; for the filter form."""
        return {
            "department": [Option(d.slug, d.title, d == self.department) for d in self.departments],
            "theme": [Option(t.slug, t.name, t == self.theme) for t in self.themes],
            "object": [Option(key, label, key == self.service_object)
                       for key, (label, _) in SERVICE_OBJECTS.items()],
            "type": [Option(value, label, value == self.item_type)
                     for value, label in choices.ItemType.choices],
        }

    def paginate(self, page_number):
        page = Paginator(self.guides, PAGE_SIZE).get_page(page_number)
        page.object_list = attach_departments(page.object_list)
        return page


def attach_departments(guides):
    """Set ``department_title`` on each guide with one query instead of one per guide."""
    from .models import DepartmentPage

    guides = list(guides)
    parent_paths = {guide.path[: -guide.steplen] for guide in guides}
    titles = dict(DepartmentPage.objects.filter(path__in=parent_paths).values_list("path", "title"))
    for guide in guides:
        guide.department_title = titles.get(guide.path[: -guide.steplen], "")
    return guides


def group_by_department(objects, key=lambda obj: obj):
    """Group objects (guides, or rows pointing to guides via ``key``) under their department."""
    from .models import DepartmentPage

    objects = list(objects)
    parent_paths = {key(obj).path[: -key(obj).steplen] for obj in objects}
    departments = {d.path: d for d in DepartmentPage.objects.filter(path__in=parent_paths)}
    groups = {}
    for obj in objects:
        department = departments.get(key(obj).path[: -key(obj).steplen])
        groups.setdefault(department, []).append(obj)
    return sorted(groups.items(), key=lambda pair: pair[0].path if pair[0] else "")
