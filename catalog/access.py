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
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, When
from django.db.models.functions import Cast
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


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def _grant_media(group, collection):
    for app_label, codename in MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


@transaction.atomic
def provision_department(department):
    """Create (or repair) the department's groups, collection and their permissions."""
    name = department.display_name
    editors, _ = Group.objects.get_or_create(name=f"{name}·编辑")
    reviewers, _ = Group.objects.get_or_create(name=f"{name}·审核")
    collection = department.collection
    if collection is None:
        root = Collection.get_first_root_node()
        collection = (root.get_children().filter(name=department.title).first()
                      or root.add_child(name=department.title))

    admin_access = _permission("wagtailadmin", "access_admin")
    for group, page_codenames in ((editors, EDITOR_PAGE_PERMISSIONS),
                                  (reviewers, REVIEWER_PAGE_PERMISSIONS)):
        group.permissions.add(admin_access)
        _grant_pages(group, department, page_codenames)
        _grant_media(group, collection)

    _assign_workflow(department, name, reviewers)

    if (department.editors_group_id, department.reviewers_group_id, department.collection_id) != (
        editors.pk, reviewers.pk, collection.pk
    ):
        type(department).objects.filter(pk=department.pk).update(
            editors_group=editors, reviewers_group=reviewers, collection=collection
        )
        department.editors_group, department.reviewers_group = editors, reviewers
        department.collection = collection
    return editors, reviewers, collection


def _assign_workflow(department, name, reviewers):
    """Editor submits → the department's reviewers approve or reject → published."""
    task, _ = GroupApprovalTask.objects.get_or_create(name=f"{name}审核")
    task.groups.add(reviewers)
    workflow, created = Workflow.objects.get_or_create(name=f"{name}发布审核")
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=department, defaults={"workflow": workflow})


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
