"""Which live guides a handbook holds, and in which parts (one per department) it prints them.

A hall's handbook is "every guide handled here"; a department's, a theme's and a bundle's are
what their public pages list. Only live, public guides are ever included, read from the page
table (the published version), never from a draft revision.

A scope's guides come without their content (the StreamFields: materials, steps, errors…):
they say what the book holds and in which order; a handbook loads each guide's content only
while laying it out (``with_content``), so a 1,000-guide handbook does not hold 1,000 guides'
parsed blocks.
"""

from dataclasses import dataclass, field

from wagtail.fields import StreamField

from catalog.browsing import group_by_department
from catalog.models import BundlePage, DepartmentPage, HallPage, ServiceGuidePage, Theme

HALL, DEPARTMENT, THEME, BUNDLE, SELECTION = "hall", "department", "theme", "bundle", "selection"
KIND_LABELS = {HALL: "办事大厅", DEPARTMENT: "部门", THEME: "主题", BUNDLE: "一件事",
               SELECTION: "自选事项"}


class ScopeNotFound(LookupError):
    """The hall, department, theme or bundle asked for does not exist or is not published."""


@dataclass
class Part:
    title: str
    guides: list
    department: object = None  # the DepartmentPage, when the part is one department's guides


@dataclass
class Scope:
    kind: str
    label: str  # what the handbook is for, e.g. "示范市政务服务中心"
    url: str = ""  # the public page of that hall, department or bundle ("" for a theme or list)
    parts: list = field(default_factory=list)

    @property
    def guides(self):
        return [guide for part in self.parts for guide in part.guides]


CONTENT_BATCH = 20  # guides whose content is loaded at a time


def published_guides():
    return ServiceGuidePage.objects.live().public()


def _listed():
    """Published guides without their content (see the module's docstring)."""
    content = [field.name for field in ServiceGuidePage._meta.concrete_fields
               if isinstance(field, StreamField)]
    return published_guides().defer(*content)


def with_content(guides):
    """``(guide, loaded)`` for each of ``guides``, ``loaded`` being the same guide with its
    content, read a batch at a time; None if it is no longer live and public (unpublished
    while the handbook was being built): it is then not printed."""
    for start in range(0, len(guides), CONTENT_BATCH):
        batch = guides[start:start + CONTENT_BATCH]
        loaded = published_guides().in_bulk([guide.pk for guide in batch])
        for guide in batch:
            yield guide, loaded.get(guide.pk)


def by_department(guides):
    return [Part(department.title if department else "其他", list(items), department)
            for department, items in group_by_department(guides)]


def hall_scope(hall):
    guides = _listed().filter(hall_links__hall=hall).distinct().order_by("path")
    return Scope(HALL, hall.title, hall.url or "", by_department(guides))


def department_scope(department):
    guides = _listed().child_of(department).order_by("path")
    return Scope(DEPARTMENT, department.title, department.url or "", by_department(guides))


def theme_scope(theme):
    guides = _listed().filter(themes=theme).distinct().order_by("path")
    return Scope(THEME, f"{theme.name}主题", "", by_department(guides))


def bundle_scope(bundle):
    """A bundle keeps its own order of items, as one part under the bundle's title."""
    live = {guide.pk: guide for guide in _listed().filter(bundle_items__bundle=bundle)}
    guides = [live[item.guide_id] for item in bundle.items.all() if item.guide_id in live]
    return Scope(BUNDLE, bundle.title, bundle.url or "", [Part(bundle.title, guides)])


def selection_scope(guide_ids, label="自选事项"):
    """An editor's hand-picked list, in their order, split where the department changes."""
    live = _listed().in_bulk(guide_ids)
    guides = [live[pk] for pk in guide_ids if pk in live]
    parts = []
    for department, items in group_by_department(guides):
        parts.append(Part(department.title if department else "其他", items, department))
    order = {pk: n for n, pk in enumerate(guide_ids)}
    parts.sort(key=lambda part: min(order[guide.pk] for guide in part.guides))
    return Scope(SELECTION, label, "", parts)


LOOKUPS = {
    HALL: (lambda slug: HallPage.objects.live().get(slug=slug), hall_scope, "办事大厅"),
    DEPARTMENT: (lambda slug: DepartmentPage.objects.live().get(slug=slug), department_scope,
                 "部门"),
    THEME: (lambda slug: Theme.objects.get(slug=slug), theme_scope, "主题"),
    BUNDLE: (lambda slug: BundlePage.objects.live().get(slug=slug), bundle_scope, "一件事"),
}


def scope_for(kind, slug):
    """The scope of ``kind`` named by ``slug``; ScopeNotFound (in Chinese) if there is none."""
    find, build, noun = LOOKUPS[kind]
    try:
        target = find(slug)
    except (HallPage.DoesNotExist, DepartmentPage.DoesNotExist, Theme.DoesNotExist,
            BundlePage.DoesNotExist):
        raise ScopeNotFound(f"找不到英文标识为「{slug}」的已发布{noun}。") from None
    return build(target)
