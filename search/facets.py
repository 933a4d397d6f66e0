"""Search facets: department, theme, 服务对象, 事项类型, 网上办理深度, 到现场次数, and the catalog's
yes/no filters (帮办代办, 通办范围, 免提交 / 可告知承诺 materials, 预约办理: ``catalog.browsing.FACTS``).

The URL parameters are those of the catalog's own filters (``catalog/browsing.py``), so a filtered
catalog link and a filtered search link read the same; what a value means (``Filters``, ``narrow``)
and how grouped rows become counted options (``count_rows``, ``counted_options``) are the
catalog's too. The engines only fetch the rows to count.
"""

from dataclasses import dataclass, field

from catalog.browsing import FACTS, FAMILIES, Filters, count_rows, counted_options, visits_label

__all__ = ["FACETS", "FACET_NAMES", "Facet", "Filters", "build_facets", "count_options",
           "counts_from_rows", "visits_label"]

FACETS = (
    ("department", "部门"),
    ("theme", "主题"),
    ("object", "服务对象"),
    ("type", "事项类型"),
    ("online", "网上办理深度"),
    ("visits", "到现场次数"),
    *((fact.param, fact.label) for fact in FACTS),
)
FACET_NAMES = tuple(name for name, _ in FACETS)


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


def counts_from_rows(rows, theme_counts):
    """{facet: {value: guides}} from grouped rows.

    ``rows``: dicts with ``department`` (a department slug), the guide columns of
    ``catalog.browsing.FAMILY_COLUMNS`` (``service_object_kinds`` optional) and ``n`` (guides with
    exactly these values); ``theme_counts``: {theme slug: guides}.
    """
    counts = count_rows(rows, [name for name in FAMILIES if name != "theme"])
    counts["theme"] = dict(theme_counts)
    return counts


def build_facets(counts, departments, themes, filters):
    """Facets in display order; options with no guide are left out unless chosen.

    ``departments``/``themes``: {slug: object} in display order.
    """
    options = counted_options(counts, departments, themes, filters)
    return [Facet(name, label, options[name]) for name, label in FACETS]


def count_options(rows, theme_counts, departments, themes, filters):
    """``build_facets`` over ``counts_from_rows``: the database engine's facets."""
    return build_facets(counts_from_rows(rows, theme_counts), departments, themes, filters)
