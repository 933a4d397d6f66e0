"""Importing a workbook: read it, plan it (``importing.plan``), then write in one transaction.

``apply_plan`` writes everything in one transaction: a crash half-way leaves the catalog as it
was. Each created or changed guide gets a new revision, logged as an import with its note;
unchanged guides get none. New guides are added to their department in bulk (``bulk_pages``),
and changed ones get their revisions in bulk too. The search and reference index follow
after the commit (``deferred``), the analysis dictionary first, and the batch says when search
has caught up. Publishing happens only when asked: new guides the user may publish go live as
they are added (``bulk_pages.add_children(publish=True)``); changed ones through Wagtail's own
publish action, or by submitting to the department's workflow when the user may not publish.
Each step reports to a ``progress`` callback (``catalog.progress``).
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page, PageLogEntry
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from catalog.access import provision_departments
from catalog.models import (DepartmentPage, GuideHall, HallIndexPage, HallPage,
                            ServiceGuidePage, Theme)
from catalog.bulk_pages import (add_children, publish_revisions, publishable_together,
                                save_revisions)
from catalog.publishing import lay_out_flowcharts_of
from catalog.slugs import pinyin_slug
from search.indexing import learn_words

from .deferred import DeferredTasks, _run_logged
from .files import WorkbookError, read_files
from .plan import CREATED, UNCHANGED, Pending, Plan, plan_import
from catalog.progress import silent
from .workbook import Problem, parse_workbook

DRAFT, PUBLISHED, SUBMITTED, IN_REVIEW = "draft", "published", "submitted", "in_review"
OUTCOME_LABELS = {DRAFT: "已保存为草稿", PUBLISHED: "已发布", SUBMITTED: "已提交审核",
                  IN_REVIEW: "审核中，已保存新修订"}
IMPORT_ACTION = "importing.import"
DEFAULT_NOTE = "批量导入"
PLACEHOLDER = "（待补充）"
CHANGE_NOTE_LENGTH = 200  # ServiceGuidePage.change_note
CREATE_CHUNK = 200  # new guides built and added at a time


class ImportRefused(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems[:5]))


def import_files(files, user=None, department=None, create_missing=False, dry_run=True,
                 publish=False, note="", batch=None, progress=silent, keep_pages=None):
    """Read, check and (unless ``dry_run`` or anything is wrong) import; returns the Plan.

    ``files`` is ``[(file name, bytes)]``; ``progress`` hears of long work (``catalog.progress``).
    A dry run whose plan will be applied afterwards (``apply_plan``) passes ``keep_pages``.
    """
    progress("读取", 0, 1)
    try:
        tables = read_files(files)
    except WorkbookError as error:
        return Plan(problems=[Problem(problem) for problem in error.problems])
    workbook = parse_workbook(tables)
    del tables
    progress("读取", 1, 1)
    keep = not dry_run if keep_pages is None else keep_pages
    plan = plan_import(workbook, user, department, create_missing, keep, progress)
    if not dry_run and plan.ok:
        apply_plan(plan, user, publish, note, batch, progress)
    return plan


def apply_plan(plan, user=None, publish=False, note="", batch=None, progress=silent):
    """Write the plan: every created or changed guide as a new revision, all or nothing.

    One transaction spans the writing: if it stops for any reason (an error, the task's worker
    told to exit), nothing is written. The search and reference index follow the commit.
    """
    if not plan.ok:
        raise ImportRefused(plan.problems)
    entries = [entry for entry in plan.entries if entry.action != UNCHANGED]
    if any(entry.build is None for entry in entries):
        raise ValueError("the plan was made without keep_pages, or applied already: plan again")
    data = {"note": note or DEFAULT_NOTE}
    if batch is not None:
        data.update(batch=batch.pk, file=batch.file_name)
    change_note = change_note_of(note, batch)
    progress("写入", 0, len(entries))
    with DeferredTasks() as deferred, roomy_sqlite_cache():
        with transaction.atomic(), disable_reference_index_auto_update():
            _create_pending(plan, user, publish)
            revisions = defaultdict(list)  # outcome → revisions, to note on their log entries
            written = 0
            for group in _write_groups(entries, user, publish, change_note):
                for entry, revision_id in group:
                    revisions[entry.outcome].append(revision_id)
                written += len(group)
                if written < len(entries):  # the last event comes with the commit, below
                    progress("写入", written, len(entries), group[-1][0].title)
            # Each revision's log entry says which file and batch it came from and what became
            # of it (published directly shows even where a workflow usually applies).
            for outcome, ids in revisions.items():
                for start in range(0, len(ids), 500):
                    PageLogEntry.objects.filter(revision_id__in=ids[start:start + 500],
                                                action=IMPORT_ACTION).update(
                        data={**data, "outcome": outcome})
        # Each saved page's references, once, instead of once per save and per hall link.
        for entry in entries:
            update_reference_index_task.enqueue("catalog", "serviceguidepage", str(entry.page_id))
    plan.committed = True
    progress("写入", len(entries), len(entries))  # written and committed
    # After the commit: indexing never holds the catalog's rows.
    plan.not_indexed = deferred.run(progress)
    if deferred.collector is not None:  # indexed here, not by a task queue elsewhere
        plan.search_updated_at = timezone.now()
    else:  # the queue's workers index each guide: its words are in the dictionary first
        learn_words(ServiceGuidePage, [entry.page_id for entry in entries])
    # Then the flowcharts of what went live, so no citizen's first view waits for Graphviz
    # (publishing in bulk leaves them out: catalog.publishing.lay_out_flowcharts).
    published = [entry.page_id for entry in entries if entry.outcome == PUBLISHED]
    if published:  # a chart not laid out now is laid out on its first view: nothing is lost
        def lay_out():
            lay_out_flowcharts_of(published, progress)  # None: no guide failed, for _run_logged
        _run_logged(lay_out, len(published))
    return plan


@contextmanager
def roomy_sqlite_cache(kibibytes=128 * 1024):
    """SQLite spills a long transaction's changed pages to disk once its small page cache (2 MB
    by default) is full; a larger cache for the import keeps them in memory until the commit."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        size = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(size)}")


def _resolve(obj):
    return obj.obj if isinstance(obj, Pending) else obj


def change_note_of(note, batch=None):
    """The 本次更新说明 an import gives the revisions it saves: the operator's note, else the
    file it came from. Publishing a revision records its note in the guide's 更新记录."""
    note = (note or "").strip()
    if not note:
        note = f"{DEFAULT_NOTE}：{batch.file_name}" if batch is not None else DEFAULT_NOTE
    return note[:CHANGE_NOTE_LENGTH]


def _mark_change(page, note, major):
    """Set the revision's 本次更新说明 and 重大变更 as the editor's form would.

    They travel with the revision, so the 更新记录 shows them whenever it is published: now
    (``--publish``), on approval, or later by hand. A pending draft's own note is kept, since its
    changes are published together with the import's.
    """
    pending = (page.change_note or "").strip()
    if pending and note not in pending:
        note = f"{pending}；{note}"
    page.change_note = note[:CHANGE_NOTE_LENGTH]
    page.major_change = bool(page.major_change) or major


def _write_groups(entries, user, publish, change_note):
    """Write the entries; yields the ``(entry, revision id)`` of each group written.

    New guides are added under their department, and changed ones get their new revisions, a
    chunk at a time (``bulk_pages``).
    """
    created = defaultdict(list)  # department → its new guides, in the workbook's order
    for entry in entries:
        if entry.action == CREATED:
            created[_resolve(entry.parent)].append(entry)
    for parent, group in created.items():
        # New guides the user may publish go live as they are added: no workflow is under way
        # for a page that did not exist (publishing them one by one was most of the writing).
        live = publish and (user is None or parent.permissions_for_user(user).can_publish_subpage())
        for start in range(0, len(group), CREATE_CHUNK):  # pages are built a chunk at a time
            chunk = group[start:start + CREATE_CHUNK]
            pages = [_prepare(entry, user, change_note) for entry in chunk]
            revisions = add_children(parent, pages, user, log_action=IMPORT_ACTION, publish=live)
            for page in pages:
                # What the pages' post_save would have queued (after the commit, see deferred).
                insert_or_update_object_task.enqueue(
                    page._meta.app_label, page._meta.model_name, str(page.pk))
            yield [(entry, _finish(entry, page, revision, user, publish and not live,
                                   PUBLISHED if live else None))
                   for entry, page, revision in zip(chunk, pages, revisions)]
    changed = [entry for entry in entries if entry.action != CREATED]
    for start in range(0, len(changed), CREATE_CHUNK):  # saved in bulk too (``bulk_pages``)
        chunk = changed[start:start + CREATE_CHUNK]
        pages = [_prepare(entry, user, change_note) for entry in chunk]
        # Logged as an import, not a plain edit; validation happened in the plan.
        revisions = save_revisions(pages, user, log_action=IMPORT_ACTION)
        # Those the user may publish and nothing holds back are published together; the
        # others one by one, as the editor would (a workflow to cancel or submit to …).
        together = publishable_together(
            [page for page in pages if user is None or page.permissions_for_user(user).can_publish()]
        ) if publish else set()
        live = [(page, revision) for page, revision in zip(pages, revisions) if page.pk in together]
        if live:
            publish_revisions(*map(list, zip(*live)), user=user)
            for page, _revision in live:  # what the pages' post_save would have queued
                insert_or_update_object_task.enqueue(
                    page._meta.app_label, page._meta.model_name, str(page.pk))
        yield [(entry, _finish(entry, page, revision, user, publish and page.pk not in together,
                               PUBLISHED if page.pk in together else None))
               for entry, page, revision in zip(chunk, pages, revisions)]


def _prepare(entry, user, change_note):
    """The guide ``entry`` makes, ready to be saved.

    The one place the bulk writers' pages are made: ``bulk_pages`` inserts and publishes them
    without ``save()``, so what a guide derives from its other fields on save or clean is set
    here (today its 个人/法人 groups, which ``apply_record`` derives from the categories).
    """
    page = entry.build()
    page.sync_service_object_groups()
    _mark_change(page, change_note, entry.major)
    # Wagtail asks the database whether a saved page is a site root (Page.is_site_root): one
    # EXISTS a guide, 39 of 3,951 queries when 39 guides are changed and published, too few to
    # justify presetting its private cache (_is_site_root), as this did.
    if entry.themes is not None:
        page.themes = [_resolve(theme) for theme in entry.themes]
    if entry.halls is not None:
        page.hall_links = _hall_links(page, entry.halls)
    if entry.action == CREATED:
        page.live = False
        page.owner = user
    return page


def _finish(entry, page, revision, user, publish, outcome=None):
    """Publish or submit the saved revision if asked; returns its id."""
    entry.outcome = outcome or (publish_or_submit(page, revision, user) if publish else DRAFT)
    entry.page_id = page.pk
    entry.build = entry.parent = entry.themes = entry.halls = None  # written: let them go
    return revision.pk


def _hall_links(page, halls):
    """The guide's hall links for ``halls``, reusing its current link to each hall."""
    current = defaultdict(list)
    for link in page.hall_links.all() if page.pk is not None else ():
        current[link.hall_id].append(link)
    links = []
    for order, (hall, window, note) in enumerate(halls):
        hall = _resolve(hall)
        link = current[hall.pk].pop(0) if current[hall.pk] else GuideHall(hall=hall)
        if window is not None:
            link.window = window
        if note is not None:
            link.note = note
        link.sort_order = order
        links.append(link)
    return links


def publish_or_submit(page, revision, user):
    """Publish if the user may; else submit to the page's workflow, if it has one.

    As in the editor: publishing ends a workflow under way; a workflow sent back for changes
    resumes (重新提交); one in progress is cancelled and started again on the new revision
    (重新开始审核) where the user may cancel it, else the review goes on and the new revision
    waits as a draft.
    """
    state = page.current_workflow_state
    if user is None or page.permissions_for_user(user).can_publish():
        if state is not None:
            state.cancel(user=user)
        revision.publish(user=user)
        return PUBLISHED
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        return SUBMITTED
    if state is not None and not state.user_can_cancel(user):
        return IN_REVIEW
    workflow = page.get_workflow()
    if workflow is None:
        return DRAFT
    if state is not None:
        state.cancel(user=user)
    workflow.start(page, user)
    return SUBMITTED


def _create_pending(plan, user, publish):
    """Create the departments, halls and themes the plan needs (create_missing)."""
    root = plan.root
    slugs = set(Page.objects.child_of(root).values_list("slug", flat=True)) if root else set()
    departments = []
    for name, pending in plan.pending["department"].items():
        department = DepartmentPage(title=name, slug=pinyin_slug(name, slugs), owner=user)
        slugs.add(department.slug)
        departments.append(department)
        pending.obj = department
    # Added, published and given their groups, collections and workflows together
    # (``bulk_pages``, ``provision_departments``): a province brings a thousand or more.
    live = publish and (user is None or root.permissions_for_user(user).can_publish_subpage())
    if departments:
        add_children(root, departments, user, log_action="wagtail.edit", publish=live)
    for department in departments:
        insert_or_update_object_task.enqueue(
            department._meta.app_label, department._meta.model_name, str(department.pk))
    provision_departments(departments)
    hall_index = HallIndexPage.objects.first()
    hall_slugs = set(Page.objects.child_of(hall_index).values_list("slug", flat=True)) \
        if hall_index else set()
    for name, pending in plan.pending["hall"].items():
        # Address and hours are unknown: the hall stays a draft until someone completes it.
        hall = HallPage(title=name, slug=pinyin_slug(name, hall_slugs), live=False, owner=user,
                        address=PLACEHOLDER, opening_hours=PLACEHOLDER)
        hall_slugs.add(hall.slug)
        hall_index.add_child(instance=hall)
        hall.save_revision(user=user, log_action=True)
        pending.obj = hall
    theme_slugs = set(Theme.objects.values_list("slug", flat=True))
    for name, pending in plan.pending["theme"].items():
        slug = pinyin_slug(name, theme_slugs)[:50]
        theme_slugs.add(slug)
        pending.obj = Theme.objects.create(name=name, slug=slug)
