"""Which cached pages show what: the tags a response is stored with, and the tags a guide's
publication renews.

A publish under load used to renew the ``site`` tag that every page but the guides carried, so
the whole catalog (filters, search, departments, halls) was rendered again at once and the
warm mix fell to a quarter of its rate (bench/load_public.py). Now each page also names what
it lists, and a guide's publication renews only the pages that can show it:

* ``guide:<id>``: the guide's own routes (and, through ``guides_showing``, the guides that list
  it under 相关事项);
* ``listed:<id>``: the pages ``guides`` covers that list the guide now (each search page, catalog
  page and change list names the guides it rendered: ``middleware.lists_guides``), renewed by
  the guide's own publication only: a hall's or a 帮办代办 team's change to what a guide page says
  (``guide:<id>``) changes no list;
* ``department:<slug>``: the department's page and the catalog filtered by that department;
* ``theme:<slug>``: the catalog filtered by that theme (and no department);
* ``hall:<id>``, ``bundle:<id>``: a hall's page, a bundle's page;
* ``guides``: pages that may list any guide: the catalog unfiltered or filtered otherwise,
  search, the change list and its feed, the sitemap, and every page no rule here knows (when in
  doubt, refreshed whenever what is listed changes);
* ``changes``: the change list ``/gengxin/`` and its Atom feed (major changes);
* ``recent``: the home page, whose 最近更新 are the guides published last (and whose 大家都在办
  are guides too): renewed by every guide's publication.

A guide's publication renews its own tag, the guides showing it, its listings (before and after)
and ``recent``. Only when the set of listed guides changes — published for the first time or
again after a withdrawal, withdrawn, moved (its address changed) — does it renew ``guides``;
only when it adds a major change does it renew ``changes``. So a withdrawn or renamed guide
leaves every page that listed it at once, and a first publication shows on every listing at
once. A republished guide whose new text would now match a search (or an 服务对象, 事项类型 or
办理方式 filter of the catalog) it did not match before reaches that cached page when the page
expires (``ZHINAN_PAGE_CACHE_SECONDS``), as do the counts beside the filters and facets and the
sitemap's dates; drafts never show. A search page so carries up to 20 ``listed`` tags (a
catalog page 30, the feed 50) besides ``site`` and ``guides``: a hit reads all their tokens in
one cache request, at most once a second per process (``middleware.current_generations``).

The catalog filtered by a department or theme also shows, beside the other departments' and
themes' options, how many guides choosing them would list: those counts may lag a publication
elsewhere until the page expires (ZHINAN_PAGE_CACHE_SECONDS); the list itself never does.

Every response but a guide's also carries ``site`` and a guide's ``shared``. Publishing a hall,
a department or a bundle renews ``site`` and the pages of the guides that show it (handled at
the hall, under the department, in the bundle: ``page_change_tags``); any other page (the
home page, the catalog's title in every breadcrumb) renews them all.
"""

SITE, SHARED, GUIDES, CHANGES, RECENT = "site", "shared", "guides", "changes", "recent"


def guide_tag(guide_id):
    return f"guide:{guide_id}"


def listed_tag(guide_id):
    return f"listed:{guide_id}"


def department_tag(slug):
    return f"department:{slug}"


def theme_tag(slug):
    return f"theme:{slug}"


def hall_tag(hall_id):
    return f"hall:{hall_id}"


def bundle_tag(bundle_id):
    return f"bundle:{bundle_id}"


def guide_page_tags(guide_id):
    return (SHARED, guide_tag(guide_id))


def listing_tags(guide_ids, changes=False):
    """The tags a page that lists ``guide_ids`` (and, with ``changes``, their major changes)
    adds to its own (``page_tags``)."""
    return {listed_tag(pk) for pk in guide_ids} | ({CHANGES} if changes else set())


def page_tags(page, params, listed=()):
    """What a served non-guide page lists, from its type (and the catalog's filter query);
    ``listed``: the tags the view named (``listing_tags``), kept where ``guides`` alone would not
    renew the page when a listed guide is renamed."""
    kind = page.specific_class.__name__ if page is not None else ""
    if kind == "HomePage":
        return (SITE, RECENT)
    if kind == "DepartmentPage":
        return (SITE, department_tag(page.slug))
    if kind == "HallPage":
        return (SITE, hall_tag(page.pk))
    if kind == "BundlePage":
        return (SITE, bundle_tag(page.pk))
    if kind in ("HallIndexPage", "BundleIndexPage"):  # halls and bundles only, no guide
        return (SITE,)
    if kind == "CatalogIndexPage":
        # A filtered list shows only guides of that department (or theme); a slug no page has
        # lists nothing but is refreshed with every listing.
        if params.get("department"):
            return (SITE, department_tag(params["department"]))
        if params.get("theme"):
            return (SITE, theme_tag(params["theme"]))
    return (SITE, GUIDES, *sorted(listed))


def guide_footprint(guide):
    """The listing tags of the pages that show ``guide`` as it is now stored: its department,
    themes, halls and bundles (read from the database, so before a publication this is where
    the guide was listed, after it where it is listed)."""
    from catalog.models import BundleItem, DepartmentPage, GuideHall, Theme

    # A move renews everything (signals.py), so the guide's own path names its department.
    tags = {department_tag(slug) for slug in DepartmentPage.objects.filter(
        path=guide.path[: -guide.steplen]).values_list("slug", flat=True)}
    tags.update(theme_tag(slug) for slug in
                Theme.objects.filter(guides=guide.pk).values_list("slug", flat=True))
    tags.update(hall_tag(pk) for pk in
                GuideHall.objects.filter(guide=guide.pk).values_list("hall", flat=True))
    tags.update(bundle_tag(pk) for pk in
                BundleItem.objects.filter(guide=guide.pk).values_list("bundle", flat=True))
    return tags


def hall_guides_tags(hall_ids):
    """What a change to what guide pages say about a hall renews (its 帮办代办 teams, which the
    帮办代办 block of every guide handled there names): those guides' pages, and nothing else."""
    from catalog.models import GuideHall

    return {guide_tag(pk) for pk in GuideHall.objects.filter(hall__in=hall_ids)
            .values_list("guide", flat=True).distinct()}


def guide_listed_at(guide):
    """The address the guide is listed at as stored now: its URL path if it is live and was
    published (a page made live without a publication was never purged into the listings),
    else None."""
    from wagtail.models import Page

    return (Page.objects.filter(pk=guide.pk, live=True, first_published_at__isnull=False)
            .values_list("url_path", flat=True).first())


def guide_change_tags(guide, before=(), listed_at=None):
    """What a guide's publication (or withdrawal) renews: the guide, the guides listing it, the
    home page, and the department, theme, hall and bundle pages it was (``before``: its
    footprint read before the change) or is now listed on. Every listing of any guide too unless
    it stays listed where it was (``listed_at``: ``guide_listed_at`` read before the change), and
    the change list when the publication adds a major change to it."""
    from catalog.browsing import guides_showing

    tags = ({guide_tag(guide.pk), listed_tag(guide.pk), RECENT}
            | {guide_tag(pk) for pk in guides_showing(guide)}
            | set(before) | guide_footprint(guide))
    if not (guide.live and listed_at == guide.url_path):
        tags |= {GUIDES, CHANGES}
    elif guide.major_change:
        tags.add(CHANGES)
    return tags


def guides_tags(guide_ids):
    return {guide_tag(pk) for pk in guide_ids}


def bundle_guide_ids(bundle_id):
    """The guides a bundle lists as stored now (its items)."""
    from catalog.models import BundleItem

    return set(BundleItem.objects.filter(bundle=bundle_id).values_list("guide", flat=True))


def page_change_tags(page, before=()):
    """What publishing (or withdrawing) a page that is not a guide renews: every page but the
    guides (``site``: listings, halls, bundles, home), and of the guides only those that show
    this page: the guides handled at a hall (its address and hours), under a department (its
    name, in the facts and the breadcrumb) or in a bundle (its title under 相关事项, and the
    bundle's other items as related guides; ``before``: the guides it listed before the change).
    Other pages (home, the catalog index, whose title is in every breadcrumb) renew all."""
    from catalog.models import ServiceGuidePage

    kind = page.specific_class.__name__
    if kind == "HallPage":
        return {SITE} | hall_guides_tags([page.pk])
    if kind == "DepartmentPage":
        return {SITE} | guides_tags(ServiceGuidePage.objects.descendant_of(page)
                                    .values_list("pk", flat=True))
    if kind == "BundlePage":
        return {SITE} | guides_tags(set(before) | bundle_guide_ids(page.pk))
    return {SITE, SHARED}
