"""Adding many new pages under one parent in a few queries, as Wagtail would add them one by one.

``parent.add_child(instance=page)`` followed by ``page.save_revision(...)`` costs some thirty
queries per page: locking the parent and finding its last child, validating the slug, inserting
the page's two rows, its hall links and themes, the revision, updating the page to point at the
revision, two log entries each validated against the database. For an import of thousands of
new guides ``add_children`` does the same work for the whole group at once: the treebeard paths
are computed from the parent's last child, the parent's ``numchild`` is raised once, and pages,
revisions and log entries are inserted in batches.

What the pages look like afterwards is what the one-by-one way leaves: a draft (``live`` False,
``has_unpublished_changes`` True) with ``url_path``, ``draft_title``, ``locale`` and
``latest_revision`` set; one revision holding ``page.serializable_data()``; a ``wagtail.create``
log entry and one for the revision (``log_action``). No ``post_save`` signal is sent: the caller
gets the pages back and does the signal handlers' work (search and reference index) itself, once.
Validation is the caller's too, as with ``save_revision(clean=False)``; only the slug, which
another editor may have taken meanwhile, is checked again here.

``save_revisions`` and ``publish_revisions`` do the same for existing pages: a new revision of
each, and publishing it (an import's changed guides).

``add_live_children`` is the same writer for pages that are live at once and have no history
(no revision, no log entry): the synthetic catalog benchmarks run on (``demo/synthetic.py``).
It lives in catalog, below both of its callers: the import and the demo app.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import F
from django.db.models.sql import InsertQuery
from django.db.models.sql.compiler import SQLInsertCompiler
from django.dispatch import Signal
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import (COMMENTS_RELATION_NAME, Comment, Page, PageLogEntry, Revision,
                            WorkflowState)

BATCH_SIZE = 500


@transaction.atomic
def add_children(parent, pages, user=None, log_action="wagtail.edit", publish=False):
    """Add the unsaved ``pages`` (all of one specific type) as the last children of ``parent``,
    each as a draft with one revision; returns the revisions, in the order of ``pages``.

    Each page's child relations (a guide's hall links) and parental many-to-many fields (its
    themes) are saved with it, as ``ClusterableModel.save`` would. With ``publish`` the revision
    is published at once, as ``revision.publish(user=user)`` would for a new page without a
    workflow under way: the page is live with it as its live revision, the history has a
    ``wagtail.publish`` entry, and ``pages_published`` is sent for them all, ``page_published``
    for each (the change record, the cache, print).
    Checking that the user may publish is the caller's.
    """
    if not pages:
        return []
    for action in ("wagtail.create", log_action):
        if not log_registry.action_exists(action):
            raise ValueError(f"the log action {action!r} is not registered")
    _add(parent, pages, user, live=publish)
    revisions = _add_revisions(pages, user, live=publish)
    _add_log_entries(pages, revisions, user, log_action)
    if publish:
        _published(pages, revisions, user)
    return revisions


pages_published = Signal()
"""Sent once for pages published together by ``add_children(publish=True)`` (``created``
True) or ``publish_revisions`` (``pages``, ``revisions``, in order; ``sender`` their type).
``page_published`` is still sent for each page, with ``in_bulk=True``: a receiver that does its
work for all of them at once here (a change record, a cache purge, a print queue) skips those;
any other receiver works as ever."""


def _published(pages, revisions, user):
    content_type = ContentType.objects.get_for_model(pages[0], for_concrete_model=False)
    context = get_active_log_context()
    insert_new([
        PageLogEntry(action="wagtail.publish", user=user or context.user, revision=revision,
                     timestamp=page.last_published_at, content_type=content_type,
                     label=page.get_admin_display_title(), page=page, uuid=context.uuid,
                     content_changed=True, data={})
        for page, revision in zip(pages, revisions)])
    _send_published(pages, revisions, created=True)


def _send_published(pages, revisions, created):
    from wagtail.signals import page_published

    pages_published.send(sender=type(pages[0]), pages=pages, revisions=revisions,
                         created=created)
    for page, revision in zip(pages, revisions):
        page_published.send(sender=type(page), instance=page, revision=revision, in_bulk=True)


@transaction.atomic
def save_revisions(pages, user=None, log_action="wagtail.edit"):
    """Save a new revision of each of the existing ``pages`` (all of one specific type), as
    ``page.save_revision(user=user, log_action=log_action, clean=False)`` would one by one (about
    thirty queries each): the revisions, the pages' pointers to them and the log entries are
    written a batch at a time. Returns the revisions, in the order of ``pages``.

    The page rows keep their published content, as with ``save_revision``; only the draft
    fields change. No signal is sent: the caller does the index upkeep, once.
    """
    if not pages:
        return []
    if any(type(page) is not type(pages[0]) or page.pk is None for page in pages):
        raise TypeError("save_revisions saves existing pages of one type at a time")
    if not log_registry.action_exists(log_action):
        raise ValueError(f"the log action {log_action!r} is not registered")
    now = timezone.now()
    for page in pages:
        page.latest_revision_created_at = now
        page.draft_title = page.title
        page.has_unpublished_changes = True
        if page.owner_id is None and user is not None:
            page.owner = user
    revisions = _add_revisions(pages, user)
    Page.objects.bulk_update(pages, ["draft_title", "latest_revision_created_at",
                                     "has_unpublished_changes", "owner"], batch_size=BATCH_SIZE)
    _add_log_entries(pages, revisions, user, log_action, created=False)
    return revisions


TREE_FIELDS = ("path", "depth", "numchild")


def publishable_together(pages):
    """The ids of those existing ``pages`` that ``publish_revisions`` may publish: no workflow
    under way (publishing cancels it, which is the caller's to decide, one by one), no go-live
    date ahead (the revision is scheduled, not published) and no aliases to update."""
    if not pages:
        return set()
    ids = {page.pk for page in pages}
    now = timezone.now()
    ids -= {page.pk for page in pages if page.go_live_at and page.go_live_at > now}
    keys = [str(pk) for pk in ids]
    base_content_type = pages[0].get_base_content_type()
    for start in range(0, len(keys), BATCH_SIZE):
        chunk = keys[start:start + BATCH_SIZE]
        ids -= {int(pk) for pk in WorkflowState.objects.active().filter(
            base_content_type=base_content_type, object_id__in=chunk)
            .values_list("object_id", flat=True)}
        ids -= set(Page.objects.filter(alias_of__in=[int(pk) for pk in chunk])
                   .values_list("alias_of", flat=True))
    return ids


@transaction.atomic
def publish_revisions(pages, revisions, user=None):
    """Publish the ``revisions`` just saved of existing ``pages`` (one type), as
    ``revision.publish(user=user)`` would one by one (some thirty queries each), for pages
    ``publishable_together`` allows: each page row takes its revision's content (the pages as
    they are in memory, with their hall links and themes), is live with it as its live
    revision, and gets a ``wagtail.publish`` log entry (and ``wagtail.rename`` when its title
    changed); ``pages_published`` and ``page_published`` are sent as ``add_children`` sends
    them. No ``save()``: fields a page derives from others on save are the caller's to set.
    """
    if not pages:
        return
    model = type(pages[0])
    if any(type(page) is not model or page.pk is None for page in pages):
        raise TypeError("publish_revisions publishes existing pages of one type at a time")
    old_titles = _previous_titles(pages, revisions)
    now = timezone.now()
    for page, revision in zip(pages, revisions):
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.last_published_at = now
        page.first_published_at = page.first_published_at or now
        page.live_revision = revision
        page.draft_title = page.title
    fields = [f.name for f in model._meta.concrete_fields
              if not f.primary_key and not f.one_to_one and f.name not in TREE_FIELDS]
    model.objects.bulk_update(pages, fields, batch_size=100)
    for page in pages:  # what ClusterableModel.save commits: only relations set in memory
        for relation in get_all_child_relations(model):
            getattr(page, relation.get_accessor_name()).commit()
        for field in model._meta.many_to_many:
            if isinstance(field, ParentalManyToManyField):
                getattr(page, field.name).commit()
    keys = [str(page.pk) for page in pages]
    Revision.objects.filter(base_content_type=pages[0].get_base_content_type(),
                            object_id__in=keys, approved_go_live_at__isnull=False).update(
        approved_go_live_at=None)
    _save_comment_positions(pages)
    content_type = ContentType.objects.get_for_model(pages[0], for_concrete_model=False)
    context = get_active_log_context()
    entries = []
    for page, revision in zip(pages, revisions):
        data = {}
        if old_titles.get(page.pk, str(page)) != str(page):
            data = {"title": {"old": old_titles[page.pk], "new": str(page)}}
        actions = ("wagtail.rename", "wagtail.publish") if data else ("wagtail.publish",)
        entries += [PageLogEntry(action=action, user=user or context.user, revision=revision,
                                 timestamp=now, content_type=content_type,
                                 label=page.get_admin_display_title(), page=page,
                                 uuid=context.uuid, content_changed=True, data=data)
                    for action in actions]
    insert_new(entries)
    _send_published(pages, revisions, created=False)


def _previous_titles(pages, revisions):
    """``{page id: its title in the revision before the one being published}``, which Wagtail
    compares with the new one to log a rename."""
    new = {revision.pk for revision in revisions}
    latest = {}
    rows = Revision.objects.filter(base_content_type=pages[0].get_base_content_type(),
                                   object_id__in=[str(page.pk) for page in pages]) \
        .exclude(pk__in=new).order_by("pk").values_list("object_id", "object_str")
    for object_id, title in rows:
        latest[int(object_id)] = title
    return latest


def _save_comment_positions(pages):
    """As Wagtail's publish does: each comment's position as the published revision has it."""
    relation = COMMENTS_RELATION_NAME
    commented = set(Comment.objects.filter(page__in=[page.pk for page in pages])
                    .values_list("page", flat=True))
    for page in pages:
        if page.pk in commented:
            for comment in getattr(page, relation).all().only("position"):
                comment.save(update_fields=["position"])


@transaction.atomic
def add_live_children(parent, pages):
    """Add the unsaved ``pages`` (all of one type) as the last children of ``parent``, live and
    public, published now, without revisions or log entries; their child relations and
    parental many-to-many fields are saved with them. Editing such a page in the admin works
    as for any page without revisions (its first save makes one)."""
    if pages:
        _add(parent, pages, None, live=True, revised=False)
    return pages


def _add(parent, pages, user, live, revised=True):
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise TypeError("add_children adds pages of one type at a time")
    # Lock the parent's row as treebeard's add_child does: two imports under one department
    # cannot both take the same paths.
    parent_row = Page.objects.select_for_update().get(pk=parent.pk)
    _check_slugs(parent_row, pages)
    _place(parent_row, pages, user, live, revised)
    _hold_relations(pages)
    _insert_pages(model, pages)
    _save_relations(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild = parent_row.numchild + len(pages)  # as treebeard keeps the caller's copy


def _check_slugs(parent, pages):
    """Refuse a slug a sibling already has (what ``Page.minimal_clean`` checks for each save)."""
    slugs = [page.slug for page in pages]
    if len(set(slugs)) != len(slugs):
        raise ValidationError("新页面的网址名（slug）重复")
    taken = set()
    for start in range(0, len(slugs), BATCH_SIZE):
        taken.update(Page.objects.child_of(parent).filter(slug__in=slugs[start:start + BATCH_SIZE])
                     .values_list("slug", flat=True))
    if taken:
        listed = "」「".join(sorted(taken))
        raise ValidationError(f"网址名「{listed}」已被「{parent.title}」下的其他页面使用，请重新导入")


def _place(parent, pages, user, live, revised):
    """Set each page's tree path after the parent's last child, and the fields Wagtail sets
    when it saves a new page (url path, draft title, locale) and its first revision, or, for
    ``live`` pages, when it publishes one."""
    depth = parent.depth + 1
    last = (Page.objects.filter(path__startswith=parent.path, depth=depth)
            .order_by("-path").values_list("path", flat=True).first())
    position = Page._str2int(last[-Page.steplen:]) if last else 0
    if len(Page._int2str(position + len(pages))) > Page.steplen:
        raise PathOverflow(f"「{parent.title}」下的页面过多，无法再添加 {len(pages)} 个")
    now = timezone.now()
    for number, page in enumerate(pages, position + 1):
        page.depth = depth
        page.path = Page._get_path(parent.path, depth, number)
        page.numchild = 0
        page.url_path = parent.url_path + page.slug + "/"
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.live = live
        page.has_unpublished_changes = not live
        if live:
            page.first_published_at = page.last_published_at = now
        if revised:
            page.latest_revision_created_at = now
        if page.owner_id is None and user is not None:
            page.owner = user


def _insert(model, objs, fields, returning_fields=None):
    """INSERT the rows of ``model``'s own table for ``objs``, in batches; returns what the
    database returns (the new ids). Django's ``bulk_create`` refuses models with multi-table
    inheritance, which every specific page type is: the page's ``wagtailcore_page`` row and its
    own row are inserted here in turn, as ``Model.save`` inserts them.

    Why an ``InsertQuery`` of our own (what ``bulk_create`` and ``Model.save`` build): the public
    way, ``Page.objects.bulk_create`` for the page rows and ``save_base(raw=True)`` for each
    guide's row, takes one INSERT per guide and sends ``pre_save``/``post_save`` for each.
    Measured by ``bench/bulk_pages.py`` for 500 new guides on SQLite: 80 queries here against
    548 that way, 1.11 s against 1.22 s (best of 3; one by one with ``add_child`` it is 23 s and
    42,443 queries). In-process SQLite hides the round trips; on PostgreSQL each of the 468
    extra queries is a round trip to the server, per 500 guides of an import.

    Why Django's generic insert compiler, not PostgreSQL's: that one sends a batch as one array
    per column (``INSERT … SELECT * FROM UNNEST(%s::jsonb[], …)``), and psycopg, binding on the
    client as Django has it, escapes each quote of each array element in Python: the JSON of a
    guide's streams and revisions is full of them, and for 2,000 guides that was 21 million
    regular-expression replacements, the largest single cost of an import (``bench/
    import_catalog.py``). As rows of ``VALUES``, each value is quoted by libpq, in C."""
    using = router.db_for_write(model)
    connection = connections[using]
    size = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, objs) or BATCH_SIZE)
    returned = []
    for start in range(0, len(objs), size):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start:start + size])
        rows = SQLInsertCompiler(query, connection, using).execute_sql(returning_fields)
        returned.extend(rows or [])
    return returned


def insert_new(objs):
    """``bulk_create(objs)`` for new rows of one plain model, inserted as ``_insert`` inserts
    them (rows of VALUES on every database); the objects get their ids."""
    if not objs:
        return objs
    model = type(objs[0])
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if not f.generated and f is not pk]
    rows = _insert(model, objs, fields, returning_fields=[pk])
    if len(rows) != len(objs):
        raise RuntimeError(f"the database did not return the new {model._meta.verbose_name} ids")
    using = router.db_for_write(model)
    for obj, (value,) in zip(objs, rows):
        obj.pk = value
        obj._state.adding = False
        obj._state.db = using
    return objs


def _insert_pages(model, pages):
    # Types between Page and ``model`` (none in Zhinan) would need rows of their own too.
    if model._meta.get_parent_list() != [Page]:
        raise TypeError("add_children adds pages whose model inherits from Page directly")
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    rows = _insert(Page, pages, base_fields, returning_fields=[Page._meta.pk])
    if len(rows) != len(pages):  # every backend Zhinan runs on returns the new ids
        raise RuntimeError("the database did not return the new pages' ids")
    page_ptr = model._meta.get_ancestor_link(Page).attname
    for page, (pk,) in zip(pages, rows):
        page.id = pk
        setattr(page, page_ptr, pk)
    _insert(model, pages, list(model._meta.local_concrete_fields))
    using = router.db_for_write(model)
    for page in pages:
        page._state.adding = False
        page._state.db = using


def _hold_relations(pages):
    """Each page's child relations (hall links, comments …) and parental many-to-many fields
    as in-memory lists: a new page's are all there is, and reading them after the insert would
    ask the database, page by page."""
    model = type(pages[0])
    names = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    names += [field.name for field in model._meta.many_to_many
              if isinstance(field, ParentalManyToManyField)]
    for page in pages:
        for name in names:
            setattr(page, name, list(getattr(page, name).all()))


def _save_relations(pages):
    """Insert each page's child relations and parental many-to-many rows, as
    ``ClusterableModel.save`` does for a new page; the children get their ids, so the revision
    holds them as the one-by-one way does."""
    model = type(pages[0])
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        children = []
        for page in pages:
            for child in getattr(page, name).all():
                setattr(child, relation.field.attname, page.pk)
                children.append(child)
        if children:
            insert_new(children)
    for field in model._meta.many_to_many:
        if not isinstance(field, ParentalManyToManyField):
            continue
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        pairs = dict.fromkeys((page.pk, item.pk)  # once each, in order: the pair is unique
                              for page in pages for item in getattr(page, field.name).all())
        rows = [through(**{f"{source}_id": page_id, f"{target}_id": item_id})
                for page_id, item_id in pairs]
        through._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _add_revisions(pages, user, live=False):
    content_type = ContentType.objects.get_for_model(pages[0], for_concrete_model=False)
    base_content_type = pages[0].get_base_content_type()
    revisions = [
        Revision(content_type=content_type, base_content_type=base_content_type,
                 object_id=str(page.pk), user=user, created_at=page.latest_revision_created_at,
                 content=page.serializable_data(), object_str=str(page))
        for page in pages
    ]
    insert_new(revisions)
    for page, revision in zip(pages, revisions):
        page.latest_revision = revision
        if live:
            page.live_revision = revision
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"] if live
                             else ["latest_revision"], batch_size=BATCH_SIZE)
    return revisions


def _add_log_entries(pages, revisions, user, log_action, created=True):
    """The entries the page's history shows: created (a new page's), and the revision
    (``log_action``)."""
    content_type = ContentType.objects.get_for_model(pages[0], for_concrete_model=False)
    context = get_active_log_context()  # as ``wagtail.log_actions.log`` reads it
    entries = []
    for page, revision in zip(pages, revisions):
        common = dict(content_type=content_type, label=page.get_admin_display_title(), page=page,
                      uuid=context.uuid, content_changed=True, data={})
        if created:
            entries.append(PageLogEntry(action="wagtail.create",
                                        user=user or page.owner or context.user,
                                        timestamp=page.latest_revision_created_at, **common))
        entries.append(PageLogEntry(action=log_action, user=user or context.user,
                                    revision=revision, timestamp=revision.created_at, **common))
    insert_new(entries)
