"""Who may edit what: each department's editor and reviewer groups, scoped to its own subtree.

Wagtail's page permissions are inherited down the tree, so granting a group rights on a
department page grants them on that department's guides and nothing else. Images and documents
get the same boundary through one collection per department. ``provision_department`` is
idempotent: it runs when a department page is created and from ``sync_department_access``.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
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

    if (department.editors_group_id, department.reviewers_group_id, department.collection_id) != (
        editors.pk, reviewers.pk, collection.pk
    ):
        type(department).objects.filter(pk=department.pk).update(
            editors_group=editors, reviewers_group=reviewers, collection=collection
        )
        department.editors_group, department.reviewers_group = editors, reviewers
        department.collection = collection
    return editors, reviewers, collection
