"""One PDF from many HTML documents, laid out one at a time: how a 200-guide handbook fits in memory.

WeasyPrint lays a document out completely before it writes anything, and a laid-out page costs
about 1.5 MB of boxes: a 1,500-page handbook in one ``HTML().write_pdf()`` needs several GB and
grows with every guide. Here each part (a guide, the cover, the table of contents) is laid out
on its own, its pages are painted straight into one shared ``pydyf.PDF``, reduced to bytes
and set aside in a temporary file (``compaction.py``), and the layout is dropped before the
next part. What stays in memory is each page's dictionary, its links and anchors, and the
glyph lists of the fonts, which are subset once at the end, so every font is embedded once for
the whole handbook.

Parts are painted in any order and the page order is fixed at the end: the table of contents
needs the page numbers of the guides, so it is laid out after them but printed before. Running
headers and ``第 X 页 共 Y 页`` are painted last, as a second content stream on each page
(``add_overlay``), because the total is only known then.

This leans on WeasyPrint's own PDF painting (``weasyprint.pdf``): the same calls
``Document.write_pdf`` makes, in a loop. It is pinned to WeasyPrint < 71 in pyproject.toml and
covered by tests that read the PDFs back.
"""

import io
from dataclasses import dataclass

import pydyf
from tinycss2.color5 import D50, D65
from weasyprint import DEFAULT_OPTIONS
from weasyprint.matrix import Matrix
from weasyprint.pdf import _use_references
from weasyprint.pdf.anchors import add_links, add_outlines
from weasyprint.pdf.fonts import build_fonts_dictionary
from weasyprint.pdf.stream import Stream

from .compaction import (FontTable, Spill, content_stream, put_back, seal_painted,
                         set_aside_sealed)
from .pdf import LocalFetcher, PrintHTML, font_config, quiet_weasyprint, site_root_url

SCALE = 0.75  # PDF points per CSS pixel
A4_LANDSCAPE = (841.89, 595.28)  # in PDF points: the sheet a booklet's A5 pages are printed on


def saddle_stitch_sides(page_count):
    """The printed sides of a saddle-stitched booklet, in printing order.

    Each sheet carries two pages a side; the sheets are printed on both sides, stacked, folded
    in the middle and stapled on the fold. Sheet 1's front carries the last and the first page,
    its back the second and the second-last, and so on inwards. Returns ``[(left, right)]`` of
    0-based page numbers, front then back of each sheet, with None for a blank page: the
    count is padded to a multiple of 4 with blank pages at the end of the book.
    """
    padded = -(-page_count // 4) * 4

    def page(number):
        return number if number < page_count else None

    sides = []
    for sheet in range(padded // 4):
        sides.append((page(padded - 1 - 2 * sheet), page(2 * sheet)))
        sides.append((page(2 * sheet + 1), page(padded - 2 - 2 * sheet)))
    return sides


class _LinkBox:
    """Stands in for a link's layout box: WeasyPrint's add_links only sets an attribute on it."""

    __slots__ = ("link_annotation",)


@dataclass
class PaintedPage:
    """A page in the PDF being built, and what is known about it."""

    pdf_page: pydyf.Dictionary
    height: float  # in PDF points
    anchors: tuple = ()  # (name, x, y) of the anchors that start on this page
    links: tuple = ()  # (kind, target, rectangle) of its links, resolved at the end


class PdfAssembler:
    def __init__(self, stylesheets, base_url=None, keep_anchor=None):
        self.stylesheets = stylesheets
        # Every element id becomes an anchor (a flowchart's SVG brings dozens); only those that
        # links and bookmarks use need a named destination in the PDF.
        self.keep_anchor = keep_anchor or (lambda name: True)
        self.base_url = base_url or site_root_url() + "/"
        self.image_cache = {}
        self.pdf = pydyf.PDF()
        self.fonts = FontTable()
        self.images = {}
        # The same shared resources WeasyPrint's generate_pdf sets up (colour spaces included:
        # SVG groups, as in the flowcharts, refer to them).
        color_space = pydyf.Dictionary({
            name: pydyf.Array(("/Lab", pydyf.Dictionary({
                "WhitePoint": pydyf.Array(point), "Range": pydyf.Array((-125, 125, -125, 125)),
            }))) for name, point in (("lab-d50", D50), ("lab-d65", D65))
        })
        self.pdf.add_object(color_space)
        self.resources = pydyf.Dictionary({
            "ExtGState": pydyf.Dictionary(), "XObject": pydyf.Dictionary(),
            "Pattern": pydyf.Dictionary(), "Shading": pydyf.Dictionary(),
            "ColorSpace": color_space.reference,
        })
        self.pdf.add_object(self.resources)
        self.pages = []
        self.anchor_pages = {}  # anchor name -> index in self.pages
        # The fonts are embedded at the end, but groups sealed on the way refer to them.
        self.font_resource = pydyf.Dictionary()
        self.pdf.add_object(self.font_resource)
        self.spill = Spill(self.pdf)
        self._x_objects_sealed = 0  # see compaction.seal_painted

    def _layout(self, html):
        with quiet_weasyprint():
            html = PrintHTML(string=html, base_url=self.base_url, url_fetcher=LocalFetcher())
            return html.render(stylesheets=self.stylesheets, font_config=font_config(),
                               cache=self.image_cache)

    def _paint(self, page):
        width, height = page.width * SCALE, page.height * SCALE
        stream = Stream(self.fonts, (0, 0, page.width, page.height), self.resources,
                        self.images, None, {}, None, compress=True)
        # Each page may get a second content stream (running heads): keep the graphics state
        # of one from leaking into the other.
        with stream.stacked():
            stream.transform(d=-1, f=height)
            with quiet_weasyprint():
                page.paint(stream, SCALE)
        contents = self.spill.add(content_stream(stream))
        self._x_objects_sealed = seal_painted(self.resources, self.spill, self.images,
                                              self.font_resource.reference,
                                              self._x_objects_sealed)
        return contents, width, height

    def add(self, html):
        """Lay out ``html`` and append its pages; returns their indexes (0-based)."""
        document = self._layout(html)
        indexes = []
        for page in document.pages:
            contents, width, height = self._paint(page)
            pdf_page = pydyf.Dictionary({
                "Type": "/Page", "Parent": self.pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, width, height]),
                "Contents": contents, "Resources": self.resources.reference,
            })
            self.pdf.add_page(pdf_page)
            anchors = []
            for name, (x, y, _, _) in page.anchors.items():
                if name not in self.anchor_pages and self.keep_anchor(name):
                    self.anchor_pages[name] = len(self.pages)
                    anchors.append((name, x, y))
            # Keep a link's type, target and rectangle, not its layout box: the box would hold
            # the whole page's layout in memory until the end.
            links = [(kind, target, rectangle) for kind, target, rectangle, _ in page.links
                     if kind in ("internal", "external")]
            painted = PaintedPage(pdf_page, height, tuple(anchors), tuple(links))
            indexes.append(len(self.pages))
            self.pages.append(painted)
        return indexes

    def measure(self, html):
        """How many pages ``html`` takes, without adding it (for front matter sizing)."""
        return len(self._layout(html).pages)

    def add_overlay(self, html, indexes):
        """Paint each page of ``html`` over the page at the same position in ``indexes``."""
        document = self._layout(html)
        if len(document.pages) != len(indexes):
            raise ValueError(f"页眉页脚 {len(document.pages)} 页与正文 {len(indexes)} 页不符")
        for page, index in zip(document.pages, indexes):
            contents, _, _ = self._paint(page)
            pdf_page = self.pages[index].pdf_page
            pdf_page["Contents"] = pydyf.Array([pdf_page["Contents"], contents])

    def finish(self, order, outline=(), title="", author="", booklet=False):
        """The PDF bytes, pages in ``order`` (indexes), with ``outline`` as bookmarks.

        ``outline`` entries are ``(label, anchor name, children)``; anchors that are not on any
        page are left out, as WeasyPrint does with missing link targets. A ``booklet`` is
        imposed for printing instead (see ``_impose``): no links or bookmarks.
        """
        if booklet:
            self._impose(order)
        else:
            self._link(order, outline)
        self.pdf.info["Producer"] = pydyf.String("Zhinan (WeasyPrint)")
        if title:
            self.pdf.info["Title"] = pydyf.String(title)
        if author:
            self.pdf.info["Author"] = pydyf.String(author)
        self.pdf.catalog["Lang"] = pydyf.String("zh-Hans")

        options = dict(DEFAULT_OPTIONS)
        self.font_resource.update(build_fonts_dictionary(self.pdf, self.fonts, True, True, options))
        self.resources["Font"] = self.font_resource.reference
        # WeasyPrint numbers what was not sealed on the way (groups drawing images, images).
        aside = set_aside_sealed(self.resources)
        _use_references(self.pdf, self.resources, self.images, {})
        put_back(self.resources, aside)
        self.spill.restore()
        output = io.BytesIO()
        try:
            self.pdf.write(output, b"1.7", True, True)
        finally:
            self.spill.close()
        return output.getvalue()

    def close(self):
        """Drop the temporary file of painted pages (``finish`` does it too)."""
        self.spill.close()

    def _impose(self, order):
        """Make the pages two-up sides of A4 landscape sheets in saddle-stitch order.

        A side is a new page whose content is the content streams of its two pages, each
        shifted to its half and clipped to it; the pages share one resource dictionary, so
        nothing is copied. The pages themselves stay in the file but not in the page tree.
        """
        pages = [self.pages[index] for index in order]
        sheet_width, sheet_height = A4_LANDSCAPE
        kids = pydyf.Array()
        sides = saddle_stitch_sides(len(pages))
        for pair in sides:
            contents = pydyf.Array()
            for half, number in enumerate(pair):
                if number is None:
                    continue
                page = pages[number].pdf_page
                width, height = (float(value) for value in page["MediaBox"][2:])
                x = sheet_width / 2 - width + half * width
                y = (sheet_height - height) / 2
                place = pydyf.Stream([f"q 1 0 0 1 {x:.3f} {y:.3f} cm 0 0 {width:.3f} {height:.3f} "
                                      "re W n".encode()])
                restore = pydyf.Stream([b"Q"])
                self.pdf.add_object(place)
                self.pdf.add_object(restore)
                own = page["Contents"]
                contents.extend([place.reference, *(own if isinstance(own, pydyf.Array) else [own]),
                                 restore.reference])
            side = pydyf.Dictionary({
                "Type": "/Page", "Parent": self.pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, sheet_width, sheet_height]),
                "Contents": contents, "Resources": self.resources.reference,
            })
            self.pdf.add_object(side)
            kids.extend([side.number, 0, "R"])
        self.pdf.pages["Kids"] = kids
        self.pdf.pages["Count"] = len(sides)

    def _link(self, order, outline):
        kids = pydyf.Array()
        for index in order:
            kids.extend([self.pages[index].pdf_page.number, 0, "R"])
        self.pdf.pages["Kids"] = kids
        self.pdf.pages["Count"] = len(order)
        position = {index: n for n, index in enumerate(order)}

        names = []
        known = set(self.anchor_pages)
        for painted in self.pages:
            links = [(kind, target, rectangle, _LinkBox()) for kind, target, rectangle
                     in painted.links if kind == "external" or target in known]
            matrix = Matrix(SCALE, 0, 0, -SCALE, 0, painted.height)
            with quiet_weasyprint():
                add_links((links, list(painted.anchors)), matrix, self.pdf, painted.pdf_page,
                          names, None)
        if names:
            array = pydyf.Array()
            for name, destination in sorted(names, key=lambda item: item[0]):
                array.extend([pydyf.String(name), destination])
            self.pdf.catalog["Names"] = pydyf.Dictionary({"Dests": pydyf.Dictionary({"Names": array})})

        add_outlines(self.pdf, self._bookmarks(outline, position))
        self.pdf.catalog["PageMode"] = "/UseOutlines"

    def _bookmarks(self, outline, position):
        tree = []
        for label, anchor, children in outline:
            index = self.anchor_pages.get(anchor)
            if index is None or index not in position:
                continue
            height = self.pages[index].height
            tree.append((label, (position[index], 0, height), self._bookmarks(children, position),
                         "open"))
        return tree

