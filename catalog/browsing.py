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
# The 服务对象 filter also takes one of the standard's categories (catalog.service_objects),
# by its name: ?object=企业法人.
SERVICE_OBJECT_KINDS = {kind: kind for kind in choices.ServiceObject.values}
OBJECT_FILTERS = {**{key: label for key, (label, _) in SERVICE_OBJECTS.items()},
                  **SERVICE_OBJECT_KINDS}
# 到现场次数: the catalog offers the two answers people ask for ("不用跑", "最多跑一次"); the
# parameter name and values are those of search's facet, so links read the same.
VISITS = {"0": "0 次（不用跑）", "1": "1 次"}
RELATED_LIMIT = 6


@dataclass
class Option:
    value: str
    label: str
    selected: bool


class CatalogFilter:
    """Reads ``department``, ``theme``, ``object``, ``type``, ``online`` (网上办理深度) and
    ``visits`` (到现场次数) from a query dict and filters guides."""

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
        self.service_object = params.get("object") if params.get("object") in OBJECT_FILTERS else ""
        self.item_type = params.get("type") if params.get("type") in choices.ItemType.values else ""
        self.online = params.get("online") if params.get("online") in choices.OnlineDepth.values else ""
        self.visits = params.get("visits") if params.get("visits") in VISITS else ""

        guides = narrow(guides, self.department, self.theme, self.service_object, self.item_type,
                        self.online, self.visits)
        self.guides = guides.order_by("path").distinct()

    def _pick(self, name, by_slug):
        return by_slug.get(self.params.get(name) or "")

    @property
    def active(self):
        return bool(self.department or self.theme or self.service_object or self.item_type
                    or self.online or self.visits)

    def options(self):
        """Each filter's options with the current choice marked; for the filter form."""
        return {
            "department": [Option(d.slug, d.title, d == self.department) for d in self.departments],
            "theme": [Option(t.slug, t.name, t == self.theme) for t in self.themes],
            "object": [Option(key, label, key == self.service_object)
                       for key, label in OBJECT_FILTERS.items()],
            "type": [Option(value, label, value == self.item_type)
                     for value, label in choices.ItemType.choices],
            "online": [Option(value, label, value == self.online)
                       for value, label in choices.OnlineDepth.choices],
            "visits": [Option(value, label, value == self.visits) for value, label in VISITS.items()],
        }

    def fields(self):
        """(parameter, label, label of "any", options) of each filter, in form order."""
        options = self.options()
        return [(name, label, any_label, options[name]) for name, label, any_label in (
            ("department", "部门", "全部部门"), ("theme", "主题", "全部主题"),
            ("object", "服务对象", "不限"), ("type", "事项类型", "全部类型"),
            ("online", "网办深度", "不限"), ("visits", "到现场次数", "不限"))]

    def paginate(self, page_number):
        page = Paginator(self.guides, PAGE_SIZE).get_page(page_number)
        page.object_list = attach_departments(page.object_list)
        return page


def narrow(guides, department=None, theme=None, service_object="", item_type="", online="",
           visits=""):
    """Narrow a ServiceGuidePage queryset to validated filter values (empty ones are ignored);
    what a catalog filter or a search facet means, in one place."""
    if department:
        guides = guides.child_of(department)
    if theme:
        guides = guides.filter(themes=theme)
    if service_object in SERVICE_OBJECTS:
        guides = guides.filter(**{SERVICE_OBJECTS[service_object][1]: True})
    elif service_object in SERVICE_OBJECT_KINDS:  # no category's name is part of another's
        guides = guides.filter(service_object_kinds__contains=service_object)
    if item_type:
        guides = guides.filter(item_type=item_type)
    if online:
        guides = guides.filter(online_depth=online)
    if visits != "" and visits is not None:
        guides = guides.filter(visits=int(visits))
    return guides


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


def bundles_of(guide):
    """The live one-thing bundles (一件事) that include ``guide``."""
    from .models import BundlePage

    return list(BundlePage.objects.live().public().filter(items__guide=guide).distinct()
                .defer_streamfields().order_by("title"))


def related_guides(guide, limit=RELATED_LIMIT):
    """Guides people handling ``guide`` often need too: first the other items of its bundles,
    then guides of the same department sharing a theme. Live and public only."""
    from .models import ServiceGuidePage

    # Titles and links only: without the guides' StreamFields (their materials and steps) the
    # two queries took a fifth of a cold guide page's time.
    live = ServiceGuidePage.objects.live().public().exclude(pk=guide.pk).defer_streamfields()
    related = list(live.filter(bundle_items__bundle__live=True,
                               bundle_items__bundle__items__guide=guide)
                   .distinct().order_by("title")[:limit])
    theme_ids = [theme.pk for theme in guide.themes.all()]  # also works on a preview's form data
    if len(related) < limit and theme_ids:
        more = (live.sibling_of(guide).filter(themes__in=theme_ids)
                .exclude(pk__in=[g.pk for g in related]).distinct().order_by("title"))
        related += list(more[: limit - len(related)])
    return related


def guides_showing(guide):
    """Ids of the guides whose pages may list ``guide`` (see ``related_guides``): its bundles'
    items and the guides of its department that share one of its current themes.

    Purging every guide of the department instead made a publish on a 20,000-guide catalog
    re-render ~2,500 pages under load (bench/load_public.py). A guide that lost a theme in this
    edit may keep a stale 相关事项 link on its former theme-mates until their cache expires
    (ZHINAN_PAGE_CACHE_SECONDS); the link still leads to the guide, or to its 已停止办理 page.
    """
    from .models import BundleItem, ServiceGuidePage

    theme_ids = [theme.pk for theme in guide.themes.all()]
    same_themes = (ServiceGuidePage.objects.sibling_of(guide, inclusive=False)
                   .filter(themes__in=theme_ids))
    ids = set(same_themes.values_list("pk", flat=True))
    bundle_ids = BundleItem.objects.filter(guide=guide).values("bundle")
    ids.update(BundleItem.objects.filter(bundle__in=bundle_ids).values_list("guide", flat=True))
    ids.discard(guide.pk)
    return ids
