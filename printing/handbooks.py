"""Building a handbook (办事指南手册): cover, contents, one chapter per guide, index, page numbers.

Used by the ``build_handbook`` command and by the background job behind the admin's Handbook.
The parts are laid out one at a time (see ``assembly.py``) in this order: each guide, the
cover (which counts them), the contents (now that the guides' pages are known), the index,
and last the running heads and ``第 X 页 共 Y 页`` over every page but the cover. Page numbers count physical pages,
cover included, so the number printed on a page is the one a PDF viewer shows.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from catalog.progress import silent

from .assembly import PdfAssembler
from .documents import guide_context, print_request
from .index import build_index
from .pdf import BOOKLET, PAPER_SIZES, site_root_url, stylesheets
from .qr import qr_svg
from .scopes import KIND_LABELS, Scope, with_content

STAGE = "排版"  # the progress stage of a build
FOLIO_BATCH = 300  # pages of running heads laid out at a time
BOOK_ANCHOR = re.compile(r"^g\d+-(guide|part)$")


class EmptyHandbook(ValueError):
    """A scope with no published guide: there is nothing to print."""


@dataclass
class HandbookSpec:
    scope: Scope
    title: str
    issuing_unit: str
    edition_date: date
    size: str = "A4"  # a key of pdf.PAPER_SIZES: "A4", "A5" or "A5-booklet"


@dataclass
class BuiltHandbook:
    pdf: bytes
    page_count: int  # pages of the book (a booklet's sheets carry four each)
    guide_revisions: dict  # guide id -> id of the live revision printed (None if it has none)
    contents: list = field(default_factory=list)  # (guide title, page) in book order


@dataclass(frozen=True)
class PrintedGuide:
    """What the rest of the book needs of a guide once its chapter is laid out, read from the
    same version as the chapter (the guide may be published again during a long build)."""

    pk: int
    title: str
    keyword_list: list
    live_revision_id: int

    @classmethod
    def of(cls, guide):
        return cls(guide.pk, guide.title, guide.keyword_list, guide.live_revision_id)


def build_handbook(spec, progress=None):
    """The handbook's PDF; ``progress(stage, done, total, detail)`` is called after each step."""
    progress = progress or silent
    scope = spec.scope
    if not scope.guides:
        raise EmptyHandbook(f"「{scope.label}」没有已发布的办事指南，无法生成手册。")
    book = PdfAssembler(stylesheets("handbook", size=spec.size), keep_anchor=_is_book_anchor)
    try:
        return _build(book, spec, progress)
    finally:
        book.close()


def _build(book, spec, progress):
    scope = spec.scope
    total = len(scope.guides) + 3
    base = {"spec": spec, "paper": PAPER_SIZES[spec.size].lower(), "request": print_request()}

    chapters = []  # (part, PrintedGuide, page indexes)
    done = 0
    for part in scope.parts:
        first = True
        for guide, loaded in with_content(part.guides):
            done += 1
            if loaded is None:
                progress(STAGE, done, total, f"{guide.title}（已撤销发布，未收录）")
                continue
            context = guide_context(
                loaded, anchor=f"g{guide.pk}-", printed_on=spec.edition_date,
                department=part.department if part.department else guide.department,
                part_title=part.title if first else "",
            )
            first = False
            chapters.append((part, PrintedGuide.of(loaded), book.add(render_to_string(
                "printing/handbook/guide.html", {**base, **context}))))
            progress(STAGE, done, total, loaded.title)
    if not chapters:
        raise EmptyHandbook(f"「{scope.label}」的办事指南在生成期间均已撤销发布，无法生成手册。")

    # The cover is laid out once the guides are, so it counts the ones actually printed.
    cover = book.add(render_to_string("printing/handbook/cover.html", {
        **base, "scope_kind": KIND_LABELS[scope.kind], "guide_count": len(chapters),
        "scope_url": _absolute(scope.url), "qr": mark_safe(qr_svg(_absolute(scope.url)))
        if scope.url else "",
    }))
    progress(STAGE, done + 1, total, "封面")

    body_pages = [index for _, _, pages in chapters for index in pages]
    contents = book.add(_contents(book, base, chapters, len(cover), len(body_pages)))
    progress(STAGE, done + 2, total, "目录")

    first_body = len(cover) + len(contents)
    number = _numbering(chapters, first_body)
    index_groups = build_index(
        (guide.title, guide.keyword_list, number[guide.pk]) for _, guide, _ in chapters)
    back = book.add(render_to_string("printing/handbook/index.html",
                                     {**base, "groups": index_groups}))

    order = cover + contents + body_pages + back
    runs = [{"left": spec.title, "right": "目录"} for _ in contents]
    for part, guide, pages in chapters:
        runs += [{"left": part.title, "right": guide.title} for _ in pages]
    runs += [{"left": spec.title, "right": "事项索引"} for _ in back]
    for n, run in enumerate(runs):
        run["number"] = len(cover) + n + 1
    numbered = order[len(cover):]
    for start in range(0, len(runs), FOLIO_BATCH):
        book.add_overlay(render_to_string("printing/handbook/folios.html", {
            **base, "runs": runs[start:start + FOLIO_BATCH], "total": len(order)}),
            numbered[start:start + FOLIO_BATCH])

    pdf = book.finish(order, _outline(chapters), title=spec.title,
                      author=spec.issuing_unit, booklet=spec.size == BOOKLET)
    progress(STAGE, total, total, "完成")
    return BuiltHandbook(
        pdf=pdf, page_count=len(order),
        guide_revisions={guide.pk: guide.live_revision_id for _, guide, _ in chapters},
        contents=[(guide.title, number[guide.pk]) for _, guide, _ in chapters],
    )


def _is_book_anchor(name):
    """The anchors the contents, the index and the bookmarks point to."""
    return name in ("toc", "index") or bool(BOOK_ANCHOR.match(name))


def _absolute(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_root_url() + url


def _numbering(chapters, first_body):
    """guide id -> the printed page number of its first page."""
    number, page = {}, first_body + 1
    for _, guide, pages in chapters:
        number[guide.pk] = page
        page += len(pages)
    return number


def _contents(book, base, chapters, cover_pages, body_count):
    """The contents' HTML with real page numbers.

    Its length depends only on the number of entries (the page numbers sit in a fixed-width
    column), so it is measured once with the numbers it would have, and laid out again only in
    the rare case the guess was wrong.
    """
    pages = 1
    for _ in range(4):
        number = _numbering(chapters, cover_pages + pages)
        html = render_to_string("printing/handbook/contents.html", {
            **base, "show_parts": len(_printed_parts(chapters)) > 1,
            "parts": _contents_parts(chapters, number),
            "index_page": cover_pages + pages + body_count + 1,
        })
        measured = book.measure(html)
        if measured == pages:
            return html
        pages = measured
    raise RuntimeError("目录页数无法确定")


def _printed_parts(chapters):
    """``[(part, [guide, ...])]``: the parts in book order with the guides printed in them."""
    parts = {}
    for part, guide, _ in chapters:
        parts.setdefault(id(part), (part, []))[1].append(guide)
    return list(parts.values())


def _contents_parts(chapters, number):
    parts = []
    for part, guides in _printed_parts(chapters):
        entries = [{"title": guide.title, "anchor": f"g{guide.pk}-guide", "page": number[guide.pk]}
                   for guide in guides]
        parts.append({"title": part.title, "anchor": f"g{guides[0].pk}-part",
                      "page": number[guides[0].pk], "entries": entries})
    return parts


def _outline(chapters):
    """PDF bookmarks: contents, departments (when more than one) with their guides, index."""
    body = [(part.title, f"g{guides[0].pk}-part",
             [(guide.title, f"g{guide.pk}-guide", []) for guide in guides])
            for part, guides in _printed_parts(chapters)]
    if len(body) <= 1:
        body = [entry for _, _, children in body for entry in children]
    return [("目录", "toc", []), *body, ("事项索引", "index", [])]
