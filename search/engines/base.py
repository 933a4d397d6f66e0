"""What every engine of the public search shares (see ``search/engines/__init__.py``).

An engine answers one citizen's query from one search backend. ``BaseEngine.run`` does the part
that needs no index (parameters, browsing by facets alone, pinned results, the fallbacks and the
zero-result log); engines implement ``search``, ``closest`` and ``suggest``.
"""

import re

from catalog.models import ServiceGuidePage

from ..analysis import normalize
from ..documents import raw_names
from ..facets import Filters
from ..models import ZeroResultQuery
from ..results import (SearchOutcome, facet_choices, guide_facets, make_hits, page_size,
                       popular_themes, promoted_pages, public_guides, snippet_texts)
from ..vocabulary import get_analyzer

CLOSEST_COUNT = 5
# A question with this many key terms that no guide holds together is not answered with guides
# that share one of its words (a message about kitchen fumes → 企业开办一件事): the page says
# honestly that no guide matches, offers the closest names and themes and the 12345 hotline.
MIN_HONEST_GROUPS = 3
MIN_COVERAGE = 0.3  # share of the key terms the best partial match must hold
MIN_NAMED_WORD = 3  # a key word this long in a result's own name answers the question alone
# A quantity names no thing that a guide would hold: 八十五岁, 3个月, 两千多.
QUANTITY = re.compile(r"[0-9零一二三四五六七八九十百千万两几多岁个月年天]")


def held_groups(page, groups):
    """Which of the query's word groups a result's own text holds (title, aliases, materials,
    summary, conditions, FAQ questions): the key terms a partial match really answers."""
    texts = [page.title] + snippet_texts(page)
    if isinstance(page, ServiceGuidePage):
        texts += raw_names(page.faq)
    text = normalize(" ".join(t for t in texts if t))
    return frozenset(index for index, group in enumerate(groups)
                     if any(all(part in text for part in alt.split()) for alt in group.alternatives))


def named(page, analyzed, held):
    """Whether a result's own name (title or alias) holds a whole key word of the query of
    ``MIN_NAMED_WORD`` characters or more: 外地人在这里办居住证 is answered by 居住证申领 although
    only one of its key terms is in the guide.

    The words written right beside that key word must be held too (``held``, from
    ``held_groups``): together they name one thing, so 剧毒化学品道路运输通行证核发 does not answer
    港澳通行证续签, nor 机动车维修经营备案 a question about 机动车抵押.
    """
    names = normalize(" ".join([page.title] + list(getattr(page, "keyword_list", []))))
    return any(
        any(len(alt) >= MIN_NAMED_WORD and " " not in alt and alt in names
            for alt in group.alternatives)
        and all(other in held or analyzed.groups[other].loose
                for other in analyzed.neighbours_of(index))
        for index, group in enumerate(analyzed.groups) if not group.loose)


def unknown_subject(groups, held):
    """Whether the question names a thing no result holds: a dictionary word of
    ``MIN_NAMED_WORD``+ characters in none of them (机动车、驾驶证 in 机动车驾驶证到期换证体检, which
    到期 and 体检 would otherwise answer with 护士执业注册)."""
    return any(index not in held and not group.loose and len(group.word) >= MIN_NAMED_WORD
               and not QUANTITY.search(group.word) for index, group in enumerate(groups))


def apply_floor(outcome, analyzed):
    """A partial match of a question with two or more key terms: results re-ordered by how many
    key terms they hold, a key word in their name counting as one more. When none is named by
    a key word and either even the best holds too few (``MIN_COVERAGE``, from
    ``MIN_HONEST_GROUPS`` key terms on) or the question names a thing none holds
    (``unknown_subject``: 电动车 in 电动车上牌, found only as 动车 inside 机动车): the honest no-match page (no results; closest
    names, themes, 12345; logged for editors)."""
    groups = analyzed.groups
    scored = []
    for index, hit in enumerate(outcome.hits):
        held = held_groups(hit.page, groups)
        scored.append((named(hit.page, analyzed, held), held, index, hit))
    best = max((len(held) for _, held, _, _ in scored), default=0)
    held_anywhere = frozenset().union(*(held for _, held, _, _ in scored))
    few = len(groups) >= MIN_HONEST_GROUPS and (best < 2 or best < MIN_COVERAGE * len(groups))
    weak = few or unknown_subject(groups, held_anywhere)
    if weak and not any(is_named for is_named, _, _, _ in scored):
        outcome.mode, outcome.total, outcome.hits, outcome.facets = "none", 0, [], []
        return
    outcome.hits = [hit for _, _, _, hit in
                    sorted(scored, key=lambda s: (-len(s[1]) - s[0], s[2]))]


class BaseEngine:
    """What every engine shares: parameters, browsing by facets alone, pinned results, the
    fallbacks and the log. Engines implement ``search`` (fill mode, total, hits, facets for a
    query), ``closest`` and ``suggest``; ``backend`` is the Wagtail search backend they ask."""

    def __init__(self, backend):
        self.backend = backend

    def run(self, params):
        departments, themes = facet_choices()
        filters = Filters.from_params(params.filters, departments, themes)
        outcome = SearchOutcome(params=params, filters=filters, page=params.page)
        analyzed = get_analyzer().analyze_query(params.query)
        outcome.terms = analyzed.terms
        guides = filters.apply(public_guides()) if filters.active else None

        if not params.query:
            if guides is None:
                outcome.popular_themes = popular_themes()
                outcome.facets = guide_facets(public_guides(), filters, departments, themes)
            else:
                self.browse(outcome, guides, departments, themes)
            return outcome

        outcome.promoted = make_hits(promoted_pages(params.query), analyzed.terms, promoted=True)
        if analyzed.is_empty:
            outcome.mode = "none"
        else:
            self.search(outcome, analyzed, guides, departments, themes)
            if outcome.mode == "partial" and len(analyzed.groups) >= 2:
                apply_floor(outcome, analyzed)
            if outcome.mode != "exact" and not outcome.promoted:
                ZeroResultQuery.record(params.query, partial=outcome.mode == "partial")
                outcome.logged_zero_result = True
        if outcome.mode == "none":
            outcome.closest = self.closest(params.query, guides)
            outcome.popular_themes = popular_themes()
        return outcome

    def browse(self, outcome, guides, departments, themes):
        size = page_size()
        start = (outcome.page - 1) * size
        outcome.mode = "browse"
        outcome.total = guides.count()
        outcome.hits = make_hits(guides.order_by("path")[start:start + size], ())
        outcome.facets = guide_facets(guides, outcome.filters, departments, themes)

    def window(self, outcome):
        """(start, stop) of the current page."""
        size = page_size()
        start = (outcome.page - 1) * size
        return start, start + size

    def search(self, outcome, analyzed, guides, departments, themes):
        raise NotImplementedError

    def closest(self, query, guides):
        raise NotImplementedError

    def suggest(self, query, limit):
        raise NotImplementedError
