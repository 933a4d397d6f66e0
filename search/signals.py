"""Index upkeep Wagtail's own save/delete signals do not cover.

Wagtail re-indexes a page whenever its row is saved (publish, unpublish, expiry) or deleted, and
the index always holds the row, i.e. the live content: a draft is stored as a revision and leaves
the row alone. A move changes which department a guide belongs to without saving the guide's
descendants, so a moved page and its subtree are re-indexed here.
"""

from django.dispatch import receiver
from modelsearch import index
from wagtail.signals import post_page_move


@receiver(post_page_move)
def reindex_moved_subtree(sender, instance, **kwargs):
    for page in instance.get_descendants(inclusive=True).specific():
        index.insert_or_update_object(page)
