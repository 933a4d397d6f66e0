from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from catalog import media as catalog_media
from catalog import views as catalog_views

from .api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("api/v2/", api_router.urls),
    path("gengxin/", catalog_views.recent_changes, name="recent_changes"),
    path("gengxin/feed/", catalog_views.RecentChangesFeed(), name="recent_changes_feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Browsers and kiosks ask for /favicon.ico whatever the page links to.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("img/favicon.svg"))),
    # Uploads, in every mode: a draft's images stay private until published (catalog/media.py).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", catalog_media.serve, name="media"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("shuju/", include("importing.urls"))]  # open-data download
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "catalog.views.page_not_found"
