"""Search facets: department, theme, 服务对象, 事项类型, 网上办理深度, 到现场次数.

The URL parameters are those of the catalog's own filters (``department``, ``theme``, ``object``,
``type``, see ``catalog/browsing.py``) plus ``online`` and ``visits``, so a filtered catalog link
and a filtered search link read the same. Counting is pure (``count_options``); the engines only
fetch the rows to count.
"""

from dataclasses import dataclass, field

from catalog import choices, service_objects
from catalog.browsing import OBJECT_FILTERS, SERVICE_OBJECTS, Option, narrow

FACETS = (
    ("department", "部门"),
    ("theme", "主题"),
    ("object", "服务对象"),
    ("type", "事项类型"),
    ("online", "网上办理深度"),
    ("visits", "到现场次数"),
)
FACET_NAMES = tuple(name for name, _ in FACETS)
MAX_VISITS = 9


@dataclass
class FacetOption(Option):
    count: int = 0


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


def visits_label(visits):
    return "0 次（不用跑）" if int(visits) == 0 else f"{visits} 次"


@dataclass
class Filters:
    """The facet values chosen in a request, each validated; unknown values are ignored."""

    department: object = None  # DepartmentPage
    theme: object = None  # Theme
    object: str = ""
    type: str = ""
    online: str = ""
    visits: str = ""

    @classmethod
    def from_params(cls, params, departments, themes):
        """``departments`` / ``themes``: {slug: object} of what may be chosen."""
        visits = str(params.get("visits") or "")
        return cls(
            department=departments.get(str(params.get("department") or "")),
            theme=themes.get(str(params.get("theme") or "")),
            object=params.get("object") if params.get("object") in OBJECT_FILTERS else "",
            type=params.get("type") if params.get("type") in choices.ItemType.values else "",
            online=params.get("online") if params.get("online") in choices.OnlineDepth.values else "",
            visits=visits if visits.isdigit() and int(visits) <= MAX_VISITS else "",
        )

    @property
    def active(self):
        return any(self.values().values())

    def values(self):
        """{param: URL value} of the chosen facets."""
        return {
            "department": self.department.slug if self.department else "",
            "theme": self.theme.slug if self.theme else "",
            "object": self.object, "type": self.type, "online": self.online, "visits": self.visits,
        }

    def apply(self, guides):
        """Narrow a ServiceGuidePage queryset to the chosen facets (as the catalog's filters do)."""
        return narrow(guides, self.department, self.theme, self.object, self.type, self.online,
                      self.visits)


def counts_from_rows(rows, theme_counts):
    """{facet: {value: guides}} from grouped rows.

    ``rows``: dicts with ``department`` (a department slug), ``item_type``, ``online_depth``,
    ``visits``, ``for_individuals``, ``for_legal_entities`` and ``n`` (guides with exactly these
    values); ``theme_counts``: {theme slug: guides}.
    """
    counts = {name: {} for name in FACET_NAMES}

    def add(name, value, n):
        counts[name][value] = counts[name].get(value, 0) + n

    for row in rows:
        add("department", row["department"], row["n"])
        add("type", row["item_type"], row["n"])
        add("online", row["online_depth"], row["n"])
        add("visits", str(row["visits"]), row["n"])
        for key, (_, flag) in SERVICE_OBJECTS.items():
            if row[flag]:
                add("object", key, row["n"])
        for kind in service_objects.split(row.get("service_object_kinds")):  # when rows carry them
            add("object", kind, row["n"])
    counts["theme"] = dict(theme_counts)
    return counts


def build_facets(counts, departments, themes, filters):
    """Facets in display order; options with no guide are left out unless chosen.

    ``departments``/``themes``: {slug: object} in display order.
    """
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
    }
    facets = []
    for name, label in FACETS:
        found = counts.get(name, {})
        options = [FacetOption(value, text, value == chosen[name], found.get(value, 0))
                   for value, text in labels[name] if found.get(value) or value == chosen[name]]
        facets.append(Facet(name, label, options))
    return facets


def count_options(rows, theme_counts, departments, themes, filters):
    """``build_facets`` over ``counts_from_rows``: the database engine's facets."""
    return build_facets(counts_from_rows(rows, theme_counts), departments, themes, filters)
