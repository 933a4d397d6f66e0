"""The site's public address: one place for everything that links to a guide from outside a
request (QR codes and printed links in PDFs, the API's html_url, canonical and og:url).

Wagtail builds full URLs from the default Site's host name and port; the printing code used to
take ``WAGTAILADMIN_BASE_URL`` instead, whose default (``http://127.0.0.1:8000``) ended up in
printed QR codes wherever the site was served. Now ``SITE_URL`` (production requires it, see
config/settings/production.py) or else the default Site answers; ``point_default_site_at``
keeps the Site in step with the address a server is started on (``load_demo --site-url``).
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_root_url():
    """``https://zwfw.example.gov.cn`` (no trailing slash): SITE_URL, else the default Site's."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else ""


def point_default_site_at(url):
    """Set the default Site's host name and port from ``url`` (e.g. ``http://127.0.0.1:8000``)."""
    from wagtail.models import Site

    parts = urlsplit(url if "//" in url else f"http://{url}")
    if not parts.hostname:
        raise ValueError(f"不是有效的网址：{url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:  # saved, not updated: saving clears Wagtail's cache of site root URLs
        site.hostname, site.port = parts.hostname, port
        site.save()
    return f"{parts.scheme}://{parts.hostname}" + ("" if port in (80, 443) else f":{port}")
