"""Uploads served through Django, so the pictures a draft adds stay private until it is published.

A web server serving MEDIA_ROOT cannot know whether a live page uses a file, and Wagtail's file
names are predictable (an image's title, its rendition's filter spec). So every request under
MEDIA_URL comes here, in development and in production alike:

* image originals (``original_images/``) and renditions (``images/``) are served when the
  published site uses the image, or to someone who may see it in the admin (an editor
  previewing a draft): the same rule as documents, in ``catalog.access``;
* document files (``documents/``) never: ``/documents/<id>/<name>`` is their only address, and
  its ``before_serve_document`` hook asks the same rule;
* a folder another app registered (``register_folder``; the printing app's ``handbooks/``)
  by that app's rule;
* anything else is served as is.

Hidden and missing files get the same 404, so a draft's picture cannot be told from no picture.
No cache of the verdict is kept: the check is three small queries (the file's row, found through
an index of catalog migration 0004; Wagtail's restricted sections; one EXISTS), and what makes
an image public changes on publish, unpublish, moves, privacy settings and snippet edits alike,
too many ways to purge reliably.
"""

import os

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since
from wagtail.images import get_image_model

from .access import media_is_public, user_may_see_media

ORIGINALS, RENDITIONS, DOCUMENTS = "original_images", "images", "documents"
# A file's URL never changes content (Wagtail names a replaced file anew), so only withdrawal
# is delayed by caching: a day bounds how long an unpublished picture stays in caches.
PUBLIC_CACHE = "public, max-age=86400"
PRIVATE_CACHE = "private, no-store"
OTHER_CACHE = "public, no-cache"  # e.g. handbooks, rebuilt under the same name: revalidate
# ``{folder: rule(request, storage name)}``: a rule returns the Cache-Control to serve the file
# with, or None to answer 404. Apps register the folders their models store files in.
FOLDER_RULES = {}


def register_folder(folder, rule):
    FOLDER_RULES[folder] = rule


def storage_name(path):
    """The storage name for a URL path below MEDIA_URL; 404 for anything not plainly inside."""
    parts = path.split("/")
    if "\\" in path or "\x00" in path or any(part in ("", ".", "..") for part in parts):
        raise Http404("文件不存在。")
    return path


def image_for(name):
    """The Wagtail image whose original or rendition is stored under ``name``, or None."""
    Image = get_image_model()
    folder = name.split("/", 1)[0]
    if folder == ORIGINALS:
        return Image.objects.filter(file=name).first()
    if folder == RENDITIONS:
        rendition = (Image.get_rendition_model().objects.filter(file=name)
                     .select_related("image").first())
        return rendition.image if rendition else None
    return None


@require_safe
def serve(request, path):
    name = storage_name(path)
    folder = name.split("/", 1)[0]
    cache_control = OTHER_CACHE
    if folder == DOCUMENTS:
        raise Http404("文件不存在。")
    if folder in (ORIGINALS, RENDITIONS):
        image = image_for(name)
        # Public first: that answer does not depend on the visitor, so it reads no session.
        if image is not None and media_is_public(image):
            cache_control = PUBLIC_CACHE
        elif image is not None and user_may_see_media(request.user, image):
            cache_control = PRIVATE_CACHE
        else:
            raise Http404("文件不存在。")
    elif folder in FOLDER_RULES:
        cache_control = FOLDER_RULES[folder](request, name)
        if cache_control is None:
            raise Http404("文件不存在。")
    return file_response(request, name, cache_control)


def file_response(request, name, cache_control):
    try:
        full_path = default_storage.path(name)  # refuses names outside MEDIA_ROOT
    except (SuspiciousFileOperation, NotImplementedError):
        raise Http404("文件不存在。")
    if not os.path.isfile(full_path):
        raise Http404("文件不存在。")
    modified = os.stat(full_path).st_mtime
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(open(full_path, "rb"))  # content type guessed from the name
    response.headers["Last-Modified"] = http_date(modified)
    response.headers["Cache-Control"] = cache_control
    return response
