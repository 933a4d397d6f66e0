"""Public views outside the page tree: the catalog's change feed and the withdrawn-guide page."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed
from django.views.defaults import page_not_found as django_page_not_found
from wagtail.models import Site

from pagecache.middleware import lists_guides

from .models import ChangeRecord, ServiceGuidePage

FEED_SIZE = 50


def public_changes():
    """Major changes of guides that are live now, newest first."""
    return (ChangeRecord.objects.filter(major=True, guide__live=True)
            .select_related("guide").order_by("-published_at", "-pk"))


def recent_changes(request):
    page = Paginator(public_changes(), 30).get_page(request.GET.get("page"))
    lists_guides(request, {record.guide_id for record in page.object_list}, changes=True)
    return TemplateResponse(request, "catalog/recent_changes.html", {"page_obj": page})


class RecentChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "示范市政务服务指南 · 事项更新动态"
    link = "/gengxin/"
    subtitle = "办事指南的重大变更：材料、流程、时限、收费等变化。"

    def get_object(self, request, *args, **kwargs):
        return request  # items() tells the page cache what the feed lists

    def items(self, request):
        records = list(public_changes()[:FEED_SIZE])
        lists_guides(request, {record.guide_id for record in records}, changes=True)
        return records

    def item_title(self, record):
        return f"{record.guide.title}：{record.note or '内容更新'}"

    def item_description(self, record):
        return record.summary

    def item_link(self, record):
        return record.guide.url + "#history"

    def item_guid(self, record):
        return f"change-{record.pk}"

    def item_pubdate(self, record):
        return record.published_at


def page_not_found(request, exception=None):
    """A guide that was public and is no longer offered says so (410), with its successor."""
    site = Site.find_for_request(request)
    if site is not None and "\x00" not in request.path:  # PostgreSQL refuses NUL in a query
        url_path = site.root_page.url_path + request.path.lstrip("/")
        if not url_path.endswith("/"):
            url_path += "/"
        guide = (ServiceGuidePage.objects.filter(url_path=url_path, live=False)
                 .exclude(first_published_at=None).first())
        if guide is not None:
            successor = guide.successor if guide.successor_id and guide.successor.live else None
            return TemplateResponse(request, "catalog/guide_withdrawn.html",
                                    {"guide": guide, "successor": successor}, status=410)
    return django_page_not_found(request, exception)
