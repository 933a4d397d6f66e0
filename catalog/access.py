"""Who may edit what: each department's editor and reviewer groups, scoped to its own subtree.

Wagtail's page permissions are inherited down the tree, so granting a group rights on a
department page grants them on that department's guides and nothing else. Images and documents
get the same boundary through one collection per department, and publication goes through one
approval workflow per department whose only approvers are that department's reviewers. ``provision_department`` is
idempotent: it runs when a department page is created and from ``sync_department_access``.

Who may see an image or document: everyone once the published site uses it
(``media_is_public``), before that only those who may see it in the admin
(``user_may_see_media``). The document view (``wagtail_hooks``) and the media view
(``catalog.media``) both ask these two.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat, Substr
from wagtail.permissions import policy_registry
from wagtail.models import (Collection, GroupApprovalTask, GroupCollectionPermission,
                            GroupPagePermission, Page, ReferenceIndex, Workflow, WorkflowPage,
                            WorkflowTask)

# Neither role may publish directly: a guide goes live when the department's reviewer approves
# it in the department's workflow. Only superusers can bypass that (and it is logged).
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page")
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def provision_department(department):
    """Create (or repair) the department's groups, collection and their permissions."""
    return provision_departments([department])[0]


@transaction.atomic
def provision_departments(departments):
    """``provision_department`` for many departments at once: ``[(editors, reviewers,
    collection)]`` in their order.

    Each step is one lookup and one bulk insert for all of them (what exists is kept, as
    ``get_or_create`` would), so a province's import that brings 1,500 departments does not pay
    some forty queries for each; collections are added as ``add_collections`` says.
    """
    departments = list(departments)
    if not departments:
        return []
    permissions = _permissions()
    names = [department.display_name for department in departments]
    groups = _groups([f"{name}·{role}" for name in names for role in ("编辑", "审核")])
    collections = _collections(departments)

    admin_access = permissions[("wagtailadmin", "access_admin")]
    group_rights, page_rights, media_rights = [], [], []
    for department, name in zip(departments, names):
        for group, codenames in ((groups[f"{name}·编辑"], EDITOR_PAGE_PERMISSIONS),
                                 (groups[f"{name}·审核"], REVIEWER_PAGE_PERMISSIONS)):
            group_rights.append(Group.permissions.through(group=group, permission=admin_access))
            page_rights += [GroupPagePermission(group=group, page=department,
                                                permission=permissions[("wagtailcore", codename)])
                            for codename in codenames]
            media_rights += [GroupCollectionPermission(
                group=group, collection=collections[department.pk],
                permission=permissions[permission]) for permission in MEDIA_PERMISSIONS]
    # ``ignore_conflicts``: a right that exists is left as it is (each table's rows are unique).
    for rows in (group_rights, page_rights, media_rights):
        type(rows[0]).objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH_SIZE)

    _assign_workflows(departments, names, groups)

    changed = []
    for department, name in zip(departments, names):
        editors, reviewers = groups[f"{name}·编辑"], groups[f"{name}·审核"]
        collection = collections[department.pk]
        if (department.editors_group_id, department.reviewers_group_id,
                department.collection_id) != (editors.pk, reviewers.pk, collection.pk):
            department.editors_group, department.reviewers_group = editors, reviewers
            department.collection = collection
            changed.append(department)
    if changed:
        type(changed[0]).objects.bulk_update(
            changed, ["editors_group", "reviewers_group", "collection"], batch_size=BATCH_SIZE)
    return [(groups[f"{name}·编辑"], groups[f"{name}·审核"], collections[department.pk])
            for department, name in zip(departments, names)]


BATCH_SIZE = 500


def _permissions():
    """``{(app label, codename): Permission}`` of every right a department's groups get."""
    wanted = {("wagtailadmin", "access_admin"), *MEDIA_PERMISSIONS}
    wanted |= {("wagtailcore", codename)
               for codename in EDITOR_PAGE_PERMISSIONS + REVIEWER_PAGE_PERMISSIONS}
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {(p.content_type.app_label, p.codename): p
             for p in Permission.objects.filter(query).select_related("content_type")}
    missing = wanted - set(found)
    if missing:
        raise Permission.DoesNotExist(f"permissions missing: {sorted(missing)}")
    return found


def _named(model, names, make, field="name"):
    """``{name: object}`` of ``model`` for each of ``names``: those that exist, and new ones
    made by ``make(name)`` and inserted together."""
    names = list(dict.fromkeys(names))
    found = {}
    for start in range(0, len(names), BATCH_SIZE):
        chunk = names[start:start + BATCH_SIZE]
        for obj in model.objects.filter(**{f"{field}__in": chunk}).order_by("pk"):
            found.setdefault(getattr(obj, field), obj)
    new = [make(name) for name in names if name not in found]
    if new and model._meta.parents:  # a multi-table model (a workflow task): bulk_create refuses
        for obj in new:
            obj.save()
    elif new:
        model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    found.update((getattr(obj, field), obj) for obj in new)
    return found


def _groups(names):
    return _named(Group, names, lambda name: Group(name=name))


def _collections(departments):
    """``{department id: its collection}``: the one it has, else the root's child named after
    it, else a new one (``add_collections``)."""
    have = {c.pk: c for c in Collection.objects.filter(
        pk__in=[d.collection_id for d in departments if d.collection_id])}
    collections = {d.pk: have[d.collection_id] for d in departments if d.collection_id in have}
    titles = [d.title for d in departments if d.pk not in collections]
    if titles:
        root = Collection.get_first_root_node()
        by_name = {}
        for collection in root.get_children().filter(name__in=set(titles)).order_by("path"):
            by_name.setdefault(collection.name, collection)
        by_name.update(add_collections(root, [t for t in dict.fromkeys(titles)
                                              if t not in by_name]))
        collections.update((d.pk, by_name[d.title]) for d in departments
                           if d.pk not in collections)
    return collections


def add_collections(root, names):
    """Add a collection under ``root`` for each of ``names``, in name order among its children,
    where treebeard's ``root.add_child(name=…)`` would put each; returns ``{name: collection}``.

    One by one, treebeard moves every later sibling one place to the right for each collection
    it adds: for a thousand new departments, hundreds of thousands of UPDATEs. Here each
    existing child moves at most once, by as many places as new names come before it (the
    rightmost first, so no two paths ever meet), and the new ones are inserted together.
    """
    if not names:
        return {}
    names = sorted(names)
    children = list(root.get_children().order_by("path"))
    depth = root.depth + 1
    placed, moves, shift, index = [], [], 0, 0
    for child in children:
        old = child._get_lastpos_in_path()
        while index < len(names) and names[index] < child.name:
            placed.append((names[index], old + shift))  # just before ``child``, which moves
            shift, index = shift + 1, index + 1
        if shift:
            moves.append((child.path, Collection._get_path(root.path, depth, old + shift)))
    last = children[-1]._get_lastpos_in_path() + shift if children else 0
    placed += [(name, last + number) for number, name in enumerate(names[index:], 1)]
    for old, new in reversed(moves):
        Collection.objects.filter(path__startswith=old).update(
            path=Concat(Value(new), Substr("path", len(old) + 1)))
    new = [Collection(name=name, depth=depth, numchild=0,
                      path=Collection._get_path(root.path, depth, position))
           for name, position in placed]
    Collection.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Collection.objects.filter(pk=root.pk).update(numchild=F("numchild") + len(new))
    root.numchild += len(new)
    return {collection.name: collection for collection in new}


def _assign_workflows(departments, names, groups):
    """Editor submits → the department's reviewers approve or reject → published."""
    tasks = _named(GroupApprovalTask, [f"{name}审核" for name in names],
                   lambda name: GroupApprovalTask(name=name))
    GroupApprovalTask.groups.through.objects.bulk_create(
        [GroupApprovalTask.groups.through(groupapprovaltask=tasks[f"{name}审核"],
                                          group=groups[f"{name}·审核"]) for name in names],
        ignore_conflicts=True, batch_size=BATCH_SIZE)
    wanted = [f"{name}发布审核" for name in names]
    existing = set(Workflow.objects.filter(name__in=wanted).values_list("name", flat=True))
    workflows = _named(Workflow, wanted, lambda name: Workflow(name=name))
    WorkflowTask.objects.bulk_create(
        [WorkflowTask(workflow=workflows[f"{name}发布审核"], task=tasks[f"{name}审核"],
                      sort_order=0)
         for name in dict.fromkeys(names) if f"{name}发布审核" not in existing],
        batch_size=BATCH_SIZE)
    assigned = {row.page_id: row for row in WorkflowPage.objects.filter(
        page__in=[department.pk for department in departments])}
    new, changed = [], []
    for department, name in zip(departments, names):
        workflow = workflows[f"{name}发布审核"]
        row = assigned.get(department.pk)
        if row is None:
            new.append(WorkflowPage(page_id=department.pk, workflow=workflow))
        elif row.workflow_id != workflow.pk:
            row.workflow = workflow
            changed.append(row)
    WorkflowPage.objects.bulk_create(new, batch_size=BATCH_SIZE)
    WorkflowPage.objects.bulk_update(changed, ["workflow"], batch_size=BATCH_SIZE)


def user_may_see_media(user, item):
    """True when ``user`` may choose or edit the image or document in the admin.

    Department editors and reviewers may, for their department's collection: they see what
    they are previewing before it is published.
    """
    return user.is_authenticated and policy_registry.get(item).user_has_any_permission_for_instance(
        user, ["change", "choose"], item
    )


def media_is_public(item):
    """True when the published site uses the image or document: the one rule for both.

    It is used when a live, public page refers to it, or when an object such a page refers to
    does (a page cites an ErrorExample snippet, the snippet holds the pictures): one level of
    indirection, which is as deep as the catalog's models go.

    Wagtail's reference index is rebuilt from the saved page row, which for a live page holds
    the published content (drafts and scheduled revisions live in revisions), so an item that
    only a draft uses is not found here. A page that never went live holds its draft in the row,
    so pages are never the middle link. One query (plus Wagtail's lookup of restricted sections
    for ``public()``).
    """
    page_type = ContentType.objects.get_for_model(Page)
    # A reference row's page id: its object_id as a number when it comes from a page (in a
    # CASE, so other objects' ids are never cast), to probe the page table's primary key.
    page_id = Case(When(base_content_type=page_type,
                        then=Cast("object_id", output_field=IntegerField())))
    from_live_page = Exists(Page.objects.live().public().filter(pk=OuterRef("page_id")))
    cited_by_live_page = ReferenceIndex.objects.annotate(page_id=page_id).filter(
        from_live_page, to_content_type=OuterRef("base_content_type"),
        to_object_id=OuterRef("object_id"))
    return ReferenceIndex.get_references_to(item).annotate(page_id=page_id).filter(
        from_live_page | (~Q(base_content_type=page_type) & Exists(cited_by_live_page))
    ).exists()
