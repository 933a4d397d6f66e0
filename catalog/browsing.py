"""Browsing the catalog: the filters citizens combine, and grouping guides by department.

The catalog page, the department and hall pages share these, so a filter means the same
everywhere and keeps its state in the URL (it works without JavaScript). The search's facets
(``search/facets.py``) are the same filters: ``Filters`` reads the parameters for both, ``narrow``
applies them to a queryset and ``count_rows`` / ``counted_options`` turn grouped rows into the
options with their counts, so a count beside an option is the number of guides choosing it shows.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Length, Substr

from . import choices, service_objects

PAGE_SIZE = 30
SERVICE_OBJECTS = {"individual": ("自然人", "for_individuals"),
                   "entity": ("法人", "for_legal_entities")}
# The 服务对象 filter also takes one of the standard's categories (catalog.service_objects),
# by its name: ?object=企业法人.
SERVICE_OBJECT_KINDS = {kind: kind for kind in choices.ServiceObject.values}
OBJECT_FILTERS = {**{key: label for key, (label, _) in SERVICE_OBJECTS.items()},
                  **SERVICE_OBJECT_KINDS}
# 到现场次数: the options are the values guides have (0, 1, 2 … 次); a larger one is not a visit
# count anybody stores.
MAX_VISITS = 9
RELATED_LIMIT = 6


@dataclass(frozen=True)
class Fact:
    """A filter on facts a guide stores as columns (帮办代办, 通办范围, 免提交 / 可告知承诺
    materials, 预约): each option is the column values a guide must have. The catalog's queries,
    the search's in-memory table and the search cluster's terms all read these definitions."""

    param: str  # the URL parameter
    label: str
    options: tuple  # (value in the URL, label, {column: value})

    @property
    def columns(self):
        return tuple(dict.fromkeys(column for _, _, lookups in self.options for column in lookups))

    def lookups(self, value):
        """The column values option ``value`` asks for; None for no such option."""
        return next((lookups for option, _, lookups in self.options if option == value), None)

    def matched(self, row):
        """The options a guide's ``row`` ({column: value}) has."""
        return [value for value, _, lookups in self.options
                if all(row.get(column) == wanted for column, wanted in lookups.items())]


FACTS = (
    Fact("assisted", "帮办代办", (("1", "提供", {"assisted_service": True}),)),
    Fact("scope", "通办范围", tuple((value, value, {"general_scope": value})
                                for value in choices.GeneralScope.values
                                if value != choices.GeneralScope.NONE)),
    # A guide with at least one such material (the columns are derived on save, see
    # ``catalog.materials.material_flags``). Labels short enough for half a phone's width.
    Fact("materials", "免提交/承诺", (("exempt", "免提交", {"has_exempt_materials": True}),
                                  ("commitment", "可告知承诺", {"has_commitment_materials": True}))),
    Fact("appointment", "预约办理", (("1", "可预约", {"appointment": True}),)),
)
FACTS_BY_PARAM = {fact.param: fact for fact in FACTS}
FACT_COLUMNS = tuple(dict.fromkeys(column for fact in FACTS for column in fact.columns))
# The guide columns each filter family is counted from (department: the parent's path, theme:
# the themes relation, counted apart).
FAMILY_COLUMNS = {
    "object": ("for_individuals", "for_legal_entities", "service_object_kinds"),
    "type": ("item_type",), "online": ("online_depth",), "visits": ("visits",),
    **{fact.param: fact.columns for fact in FACTS},
}
FAMILIES = ("department", "theme", *FAMILY_COLUMNS)
ROW_COLUMNS = tuple(dict.fromkeys(c for columns in FAMILY_COLUMNS.values() for c in columns))


def visits_label(visits):
    return "0 次（不用跑）" if int(visits) == 0 else f"{visits} 次"


@dataclass
class Option:
    value: str
    label: str
    selected: bool
    count: int = 0


@dataclass
class Filters:
    """The filter values chosen in a request, each validated; unknown values are ignored."""

    department: object = None  # DepartmentPage
    theme: object = None  # Theme
    object: str = ""
    type: str = ""
    online: str = ""
    visits: str = ""
    facts: dict = field(default_factory=dict)  # {Fact.param: option value}

    @classmethod
    def from_params(cls, params, departments, themes):
        """``departments`` / ``themes``: {slug: object} of what may be chosen."""
        visits = str(params.get("visits") or "")
        facts = {fact.param: str(params.get(fact.param)) for fact in FACTS
                 if fact.lookups(str(params.get(fact.param) or "")) is not None}
        return cls(
            department=departments.get(str(params.get("department") or "")),
            theme=themes.get(str(params.get("theme") or "")),
            object=params.get("object") if params.get("object") in OBJECT_FILTERS else "",
            type=params.get("type") if params.get("type") in choices.ItemType.values else "",
            online=params.get("online") if params.get("online") in choices.OnlineDepth.values else "",
            visits=visits if visits.isdigit() and int(visits) <= MAX_VISITS else "",
            facts=facts,
        )

    @property
    def active(self):
        return any(self.values().values())

    def values(self):
        """{param: URL value} of every family, '' where nothing is chosen."""
        return {
            "department": self.department.slug if self.department else "",
            "theme": self.theme.slug if self.theme else "",
            "object": self.object, "type": self.type, "online": self.online, "visits": self.visits,
            **{fact.param: self.facts.get(fact.param, "") for fact in FACTS},
        }

    def apply(self, guides, without=""):
        """Narrow a ServiceGuidePage queryset to the chosen filters (see ``narrow``)."""
        return narrow(guides, self, without)


def narrow(guides, filters, without=""):
    """Narrow a ServiceGuidePage queryset to ``filters`` (empty ones are ignored), leaving out
    family ``without``: what a catalog filter or a search facet means, in one place."""
    chosen = {name: value for name, value in filters.values().items()
              if value and name != without}
    if "department" in chosen:
        guides = guides.child_of(filters.department)
    if "theme" in chosen:
        guides = guides.filter(themes=filters.theme)
    if chosen.get("object") in SERVICE_OBJECTS:
        guides = guides.filter(**{SERVICE_OBJECTS[chosen["object"]][1]: True})
    elif chosen.get("object") in SERVICE_OBJECT_KINDS:  # no category's name is part of another's
        guides = guides.filter(service_object_kinds__contains=chosen["object"])
    if "type" in chosen:
        guides = guides.filter(item_type=chosen["type"])
    if "online" in chosen:
        guides = guides.filter(online_depth=chosen["online"])
    if "visits" in chosen:
        guides = guides.filter(visits=int(chosen["visits"]))
    for fact in FACTS:
        if fact.param in chosen:
            guides = guides.filter(**fact.lookups(chosen[fact.param]))
    return guides


def option_values(family, row):
    """The options of ``family`` that a grouped row of guides counts for. ``row``: {column:
    value} with the family's ``FAMILY_COLUMNS`` (``department``: the department's slug)."""
    if family == "department":
        return (row["department"],)
    if family == "object":
        return (*(key for key, (_, flag) in SERVICE_OBJECTS.items() if row[flag]),
                *service_objects.split(row.get("service_object_kinds")))
    if family in FACTS_BY_PARAM:
        return FACTS_BY_PARAM[family].matched(row)
    return (str(row[FAMILY_COLUMNS[family][0]]),)


def count_rows(rows, families):
    """{family: {option value: guides}} from grouped rows (dicts with the families' columns and
    ``n``, the number of guides with exactly those values)."""
    counts = {family: {} for family in families}
    for row in rows:
        for family in families:
            bucket = counts[family]
            for value in option_values(family, row):
                bucket[value] = bucket.get(value, 0) + row["n"]
    return counts


def counted_options(counts, departments, themes, filters):
    """{family: [Option]} in display order, each with its count; options without a guide are
    left out unless chosen. ``departments`` / ``themes``: {slug: object} in display order."""
    chosen = filters.values()
    labels = {
        "department": [(slug, d.title) for slug, d in departments.items()],
        "theme": [(slug, t.name) for slug, t in themes.items()],
        "object": list(OBJECT_FILTERS.items()),
        "type": list(choices.ItemType.choices),
        "online": list(choices.OnlineDepth.choices),
        "visits": [(value, visits_label(value)) for value in sorted(
            {v for v in counts.get("visits", {}) if v.isdigit()} | ({chosen["visits"]} - {""}),
            key=int)],
        **{fact.param: [(value, label) for value, label, _ in fact.options] for fact in FACTS},
    }
    options = {}
    for family in FAMILIES:
        found = counts.get(family, {})
        options[family] = [Option(value, text, value == chosen[family], found.get(value, 0))
                           for value, text in labels[family]
                           if found.get(value) or value == chosen[family]]
    return options


def department_rows(guides, departments, columns=()):
    """``guides`` grouped by department and ``columns``: rows {"department": slug, column: value
    …, "n": guides}, one query."""
    steplen = guides.model.steplen
    slug_by_path = {d.path: slug for slug, d in departments.items()}
    rows = (guides.order_by().annotate(parent_path=Substr("path", 1, Length("path") - steplen))
            .values("parent_path", *columns).annotate(n=Count("pk", distinct=True)))
    return [{**row, "department": slug_by_path.get(row["parent_path"], "")} for row in rows]


def theme_counts(guides, themes):
    """{theme slug: guides among ``guides``}, one query."""
    through = guides.model.themes.through
    slug_by_id = {t.pk: slug for slug, t in themes.items()}
    return {slug_by_id[row["theme_id"]]: row["n"]
            for row in through.objects.filter(serviceguidepage_id__in=guides.order_by().values("pk"))
            .values("theme_id").annotate(n=Count("serviceguidepage_id"))
            if row["theme_id"] in slug_by_id}


class CatalogFilter:
    """The catalog page's filters (``Filters``) with a count beside each option.

    A family's options are counted over the guides the *other* chosen filters keep, so the count
    beside an option is the number of guides choosing it shows. The families nobody chose share
    those guides: they are counted by one query grouped by all their columns; each chosen family
    and the themes take one grouped query more. Never one query per option."""

    FIELDS = (  # (family, label, label of "any"), in form order
        ("department", "部门", "全部部门"), ("theme", "主题", "全部主题"),
        ("object", "服务对象", "不限"), ("type", "事项类型", "全部类型"),
        ("online", "网办深度", "不限"), ("visits", "到现场次数", "不限"),
        *((fact.param, fact.label, "不限") for fact in FACTS),
    )

    def __init__(self, params, root=None):
        from .models import DepartmentPage, ServiceGuidePage, Theme

        self.params = params
        guides = ServiceGuidePage.objects.live().public()
        if root is not None:
            guides = guides.descendant_of(root)
        departments = DepartmentPage.objects.live().public()
        if root is not None:
            departments = departments.descendant_of(root)
        self.departments = {d.slug: d for d in departments.order_by("path")}
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.filters = Filters.from_params(params, self.departments, self.themes)
        self.base = guides
        # No DISTINCT: no filter joins a guide twice (one theme at a time), and the paginator's
        # COUNT over a DISTINCT of every column took 2.4 s of a 20,000-guide catalog's page.
        # The list shows titles and facts, never the StreamFields.
        self.guides = self.filters.apply(guides).order_by("path").defer_streamfields()

    @property
    def active(self):
        return self.filters.active

    def counts(self):
        """{family: {option value: guides}}."""
        chosen = {family for family, value in self.filters.values().items() if value}
        shared = [family for family in FAMILIES if family not in chosen and family != "theme"]
        counts = count_rows(department_rows(self.filters.apply(self.base), self.departments,
                                            ROW_COLUMNS), shared) if shared else {}
        for family in chosen | {"theme"}:
            counts[family] = self.family_counts(family)
        return counts

    def family_counts(self, family):
        """{option value: guides} of one family, over the guides the other filters keep."""
        guides = self.filters.apply(self.base, without=family)
        if family == "theme":
            return theme_counts(guides, self.themes)
        columns = () if family == "department" else FAMILY_COLUMNS[family]
        return count_rows(department_rows(guides, self.departments, columns), (family,))[family]

    def options(self):
        """Each filter's options with its count and the current choice marked."""
        return counted_options(self.counts(), self.departments, self.themes, self.filters)

    def fields(self):
        """(parameter, label, label of "any", options) of each filter, in form order."""
        options = self.options()
        return [(name, label, any_label, options[name]) for name, label, any_label in self.FIELDS]

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


def _private_q():
    """Pages in a private section (one query: the site's view restrictions)."""
    from wagtail.models import Page

    return Page.objects.private_q()


def guide_neighbours(guide, limit=RELATED_LIMIT):
    """{"bundles": the guide's live one-thing bundles (一件事), "related": guides people
    handling it often need too} for the guide page's 相关事项, live and public only.

    The site's view restrictions are read once for both lists (Wagtail's ``public()`` reads
    them on each call), and the related guides are picked by id subqueries instead of a
    DISTINCT over joined rows: planning and de-duplicating those joins was most of the
    neighbours' time on a cold page (12 ms of a guide page on PostgreSQL, 4 queries).
    """
    private = _private_q()
    return {"bundles": bundles_of(guide, private), "related": related_guides(guide, limit, private)}


def bundles_of(guide, private=None):
    """The live one-thing bundles (一件事) that include ``guide`` (``private``: Wagtail's
    ``private_q()``, when the caller has read it already)."""
    from .models import BundleItem, BundlePage

    private = _private_q() if private is None else private
    return list(BundlePage.objects.live().exclude(private)
                .filter(pk__in=BundleItem.objects.filter(guide=guide).values("bundle"))
                .defer_streamfields().order_by("title"))


def related_guides(guide, limit=RELATED_LIMIT, private=None):
    """Guides people handling ``guide`` often need too: first the other items of its bundles,
    then guides of the same department sharing a theme. Live and public only."""
    from .models import BundleItem, ServiceGuidePage

    private = _private_q() if private is None else private
    # Titles and links only: without the guides' StreamFields (their materials and steps) the
    # two queries took a fifth of a cold guide page's time.
    live = ServiceGuidePage.objects.live().exclude(private).exclude(pk=guide.pk).defer_streamfields()
    bundle_mates = BundleItem.objects.filter(bundle__live=True, bundle__items__guide=guide)
    related = list(live.filter(pk__in=bundle_mates.values("guide")).order_by("title")[:limit])
    theme_ids = [theme.pk for theme in guide.themes.all()]  # also works on a preview's form data
    if len(related) < limit and theme_ids:
        theme_mates = ServiceGuidePage.themes.through.objects.filter(theme__in=theme_ids)
        more = (live.sibling_of(guide).filter(pk__in=theme_mates.values("serviceguidepage"))
                .exclude(pk__in=[g.pk for g in related]).order_by("title"))
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
