"""Tell the page cache which page a request showed: its tags and view counts depend on it."""

from wagtail import hooks


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    request.zhinan_page = page
    cacheable_method = request.method in ("GET", "HEAD")
    if cacheable_method and page.get_view_restrictions().exists():  # private pages are never shared from the cache
        request.zhinan_no_cache = True
