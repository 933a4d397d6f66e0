"""A guide as one of its revisions holds it, read quickly for its record (``records.record_of``).

``Revision.as_object`` (``Page.with_content_json``) restores a revision completely, checking each
foreign key with a query and asking for the page's parent; reading thousands of revisions that
way takes minutes, while a record only needs the fields, the streams and the two relations it
names. The import's planner reads pending drafts this way, and publishing reads the version
a guide's last change record was made from (``catalog.publishing``).
"""

from .models import GuideHall, ServiceGuidePage
from .records import RECORD_FIELDS


def readable(page, content, themes):
    """The guide as it stands, for reading its record: ``page``, or an unsaved copy of it
    carrying a revision's ``content``. ``themes`` maps ids to themes, in the order Wagtail
    restores them (``Theme``'s own: ``Theme.objects.all()``); a theme or hall deleted since is
    left out, as Wagtail leaves it out (a hall link is dropped by ``record_of`` given the
    halls' slugs)."""
    if content is None:
        return page
    copy = ServiceGuidePage(**{name: content[name] for name in RECORD_FIELDS if name in content})
    copy.last_reviewed = ServiceGuidePage._meta.get_field("last_reviewed").to_python(
        content.get("last_reviewed"))
    wanted = set(content.get("themes") or ())
    copy.themes = [theme for pk, theme in themes.items() if pk in wanted]
    copy.hall_links = [GuideHall(hall_id=link["hall"], window=link.get("window") or "",
                                 note=link.get("note") or "")
                       for link in content.get("hall_links") or []]
    return copy
