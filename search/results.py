"""What a public search shows: parameters, hits with snippets, the outcome; and the pieces every
engine shares (live public pages, facet choices, pinned results, popular themes, facet counts).
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from wagtail.models import Page, PageViewRestriction

from catalog.browsing import ROW_COLUMNS, department_rows, theme_counts
from catalog.models import BundlePage, DepartmentPage, HallPage, ServiceGuidePage, Theme

from .catalog_table import index_version
from .documents import raw_names
from .facets import FACET_NAMES, Filters, count_options
from .highlight import best_snippet, highlight

MAX_QUERY_INPUT = 1000  # a pasted message; longer input is cut and the page says so
MAX_PAGE = 500
POPULAR_THEME_COUNT = 8
KINDS = {ServiceGuidePage: "guide", HallPage: "hall", BundlePage: "bundle"}
KIND_LABELS = {"guide": "办事指南", "hall": "办事大厅", "bundle": "一件事"}
# What a result line reads (make_hits, snippet_texts, Page.url): the rest is never loaded.
HIT_FIELDS = ("title", "path", "depth", "url_path", "locale_id", "content_type_id", "live",
              "item_code", "keywords", "summary", "materials", "conditions", "accepting_unit",
              "address", "intro", "transport", "search_description", "faq")


def page_size():
    return getattr(settings, "ZHINAN_SEARCH_PAGE_SIZE", 20)


@dataclass
class SearchParams:
    query: str = ""
    filters: dict = field(default_factory=dict)  # raw facet values from the URL
    page: int = 1
    truncated: bool = False  # the input was longer than MAX_QUERY_INPUT and was cut

    @classmethod
    def from_request(cls, data):
        """From a QueryDict or dict; anything malformed is dropped, never an error."""
        query = " ".join(str(data.get("q") or "").split())
        truncated = len(query) > MAX_QUERY_INPUT
        filters = {name: str(data.get(name))[:80] for name in FACET_NAMES if data.get(name)}
        try:
            page = min(max(int(data.get("page") or 1), 1), MAX_PAGE)
        except (TypeError, ValueError):
            page = 1
        return cls(query[:MAX_QUERY_INPUT], filters, page, truncated)


@dataclass
class Hit:
    page: object
    kind: str
    title: str  # highlighted, safe HTML
    url: str
    snippet: str  # highlighted, safe HTML
    item_code: str = ""
    department: str = ""
    promoted: bool = False

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def as_dict(self):
        return {"title": self.page.title, "title_html": str(self.title), "url": self.url,
                "type": self.kind, "item_code": self.item_code, "department": self.department,
                "snippet": str(self.snippet), "promoted": self.promoted}


@dataclass
class SearchOutcome:
    params: SearchParams
    filters: Filters
    mode: str = "empty"  # empty | browse | exact | partial | none
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    facets: list = field(default_factory=list)
    promoted: list = field(default_factory=list)
    closest: list = field(default_factory=list)
    popular_themes: list = field(default_factory=list)
    terms: tuple = ()
    # Logged as a zero-result query: a cached answer must log it again on every visit
    # (search/views.py, pagecache.middleware.repeat_when_cached).
    logged_zero_result: bool = False
    # The search cluster failed and the database backend answered (search/engines/__init__.py):
    # the page says so and is not cached.
    degraded: bool = False

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / page_size()))


def specific_in_order(pages, kinds=None):
    """The live, public guides, halls and bundles among ``pages`` (pages or ids), same order.

    One query per kind, leaving out the StreamFields a result line never shows. ``kinds``
    ({pk: content type id}) saves a query when the caller knows them.
    """
    ids = [getattr(page, "pk", page) for page in pages]
    if kinds is None:
        kinds = dict(Page.objects.filter(pk__in=ids).order_by().values_list("pk", "content_type_id"))
    found = {}
    for model in KINDS:
        content_type_id = ContentType.objects.get_for_model(model).pk
        wanted = [pk for pk in ids if kinds.get(pk) == content_type_id]
        if wanted:
            fields = [name for name in HIT_FIELDS if hasattr(model, name)]
            pages = model.objects.live().public().filter(pk__in=wanted).order_by().only(*fields)
            found.update(pages.in_bulk())
    return [found[pk] for pk in ids if pk in found]


def snippet_texts(page):
    if isinstance(page, ServiceGuidePage):
        keywords = "、".join(page.keyword_list)
        return [page.summary, f"俗称：{keywords}" if keywords else "",
                "申请材料：" + "、".join(raw_names(page.materials)),
                page.conditions, page.accepting_unit]
    if isinstance(page, HallPage):
        return [page.address, page.intro, page.transport]
    return [getattr(page, "intro", "") or page.search_description]


def make_hits(pages, terms, promoted=False):
    pages = [page for page in pages if type(page) in KINDS]
    departments = {d.path: d.title for d in facet_choices()[0].values()}
    return [
        Hit(page=page, kind=KINDS[type(page)], title=highlight(page.title, terms, 200),
            url=page.url or "", snippet=best_snippet(snippet_texts(page), terms),
            item_code=getattr(page, "item_code", ""), promoted=promoted,
            department=departments.get(page.path[:-page.steplen], "")
            if isinstance(page, ServiceGuidePage) else "")
        for page in pages
    ]


def public_pages():
    """Live, public guides, halls and bundles (plain pages: cheap to rank; see
    ``specific_in_order`` for what is shown)."""
    return Page.objects.live().public().type(*KINDS)


def public_guides():
    return ServiceGuidePage.objects.live().public()


_choices = {"version": None, "value": None}


def facet_choices():
    """({slug: department}, {slug: theme}) that facets offer; cached until the index changes
    (publishing a department or saving a theme re-indexes it)."""
    version = index_version()
    if _choices["version"] != version:
        # Sorted here: ORDER BY path makes SQLite walk the whole page table for the departments.
        departments = {d.slug: d for d in sorted(DepartmentPage.objects.live().public().order_by(),
                                                 key=lambda d: d.path)}
        _choices["value"] = (departments, {t.slug: t for t in Theme.objects.all()})
        _choices["version"] = version
    return _choices["value"]


def promoted_pages(query):
    """Live public pages editors pinned for this query (Wagtail search promotions)."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    promotions = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(query), page__isnull=False,
    ).order_by("sort_order").values_list("page_id", flat=True)
    ids = list(promotions)
    if not ids:
        return []
    pages = public_pages().filter(id__in=ids).order_by().specific().in_bulk()
    return [pages[pk] for pk in ids if pk in pages]


def kind_ids():
    return [ContentType.objects.get_for_model(model).pk for model in KINDS]


def private_page_ids():
    """Pages behind a view restriction (usually none: one cheap query)."""
    if not PageViewRestriction.objects.exists():
        return frozenset()
    return frozenset(Page.objects.not_public().values_list("pk", flat=True))


_popular = {"version": None, "value": None}


def popular_themes(limit=POPULAR_THEME_COUNT):
    """Themes with the most live guides: where to start browsing (cached until the index changes)."""
    version = (index_version(), limit)
    if _popular["version"] != version:
        _popular["value"] = list(
            Theme.objects.filter(guides__live=True).annotate(guide_count=Count("guides"))
            .order_by("-guide_count", "sort_order")[:limit]
        )
        _popular["version"] = version
    return _popular["value"]


def guide_facets(guides, filters, departments, themes):
    """Facet counts over a ServiceGuidePage queryset (already narrowed to the matches): one
    query grouped by every facet's columns, one for the themes."""
    return count_options(department_rows(guides, departments, ROW_COLUMNS),
                         theme_counts(guides, themes), departments, themes, filters)
