"""HTTP hardening of the public site that Django's own settings do not cover.

* ``SecurityHeadersMiddleware``: a Content-Security-Policy (scripts, styles, frames only from
  this site; no plug-ins; no framing by other sites) and a Permissions-Policy on every public
  response. The Wagtail admin keeps Django's X-Frame-Options only: it relies on inline scripts.
* ``LimitedDocumentForm``: documents are refused above ``ZHINAN_DOCUMENT_MAX_UPLOAD_SIZE``
  (images have Wagtail's own ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``); the allowed extensions are
  ``WAGTAILDOCS_EXTENSIONS`` / ``WAGTAILIMAGES_EXTENSIONS``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.ZHINAN_CONTENT_SECURITY_POLICY
        self.exempt = tuple(settings.ZHINAN_CSP_EXEMPT_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and not request.path.startswith(self.exempt):
            response.setdefault("Content-Security-Policy", self.policy)
            response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def validate_document_size(file):
    limit = settings.ZHINAN_DOCUMENT_MAX_UPLOAD_SIZE
    if file is not None and getattr(file, "size", 0) > limit:
        raise ValidationError(
            f"文件过大（{filesizeformat(file.size)}），请上传不超过 {filesizeformat(limit)} 的文件。")


class LimitedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        validate_document_size(file)
        return file
