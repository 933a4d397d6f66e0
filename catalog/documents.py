"""Documents made by code (the demo, imports, tests) get their size and hash when they are saved.

Wagtail's upload form fills ``file_size`` and ``file_hash``; ``Document.objects.create`` does
not, and then the first public page that shows a form's size (``document_link.html``) makes
Wagtail save the document from inside a GET: an UPDATE, a search reindex and a reference-index
pass on a citizen's page view, and a query count that depends on which page was read first.
"""

from django.db.models.signals import pre_save


def fill_file_metadata(sender, instance, **kwargs):
    """Set size and hash on a document saved without them, if its file can be read."""
    if instance.file_size is not None or not instance.file:
        return
    try:
        instance._set_document_file_metadata()
    except (OSError, ValueError):  # a missing file: Wagtail's own getters give up the same way
        return


def connect():
    from wagtail.documents import get_document_model

    pre_save.connect(fill_file_metadata, sender=get_document_model(),
                     dispatch_uid="catalog_document_file_metadata")
