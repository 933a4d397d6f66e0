"""A handbook keeps bytes of what it has painted, and those bytes draw what WeasyPrint draws."""

import base64
import io
import subprocess
import tempfile
from pathlib import Path

import pydyf
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from weasyprint.pdf.stream import Stream

from printing import pdf
from printing.assembly import PdfAssembler
from printing.compaction import SPILLED, LazyFont

pytestmark = pytest.mark.django_db  # the site's root URL comes from the default Site


def _png(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


# What makes WeasyPrint draw groups: SVG labels centred as Graphviz writes them, SVG and CSS
# opacity, a soft mask, and an image drawn inside a group.
PAGE = f"""<!doctype html><html lang="zh-Hans"><body>
<h1>流程图与透明度</h1>
<svg width="300" height="150" viewBox="0 0 300 150">
  <g opacity="0.6"><rect x="10" y="10" width="120" height="50" fill="#2a6"/></g>
  <text x="70" y="40" text-anchor="middle" font-size="14">提交申请材料</text>
  <text x="220" y="40" text-anchor="middle" font-size="14">窗口受理审查</text>
  <g opacity="0.5"><image href="{_png('red')}" x="160" y="70" width="40" height="40"/></g>
  <defs><mask id="m"><rect x="0" y="90" width="300" height="60" fill="white"/></mask></defs>
  <rect x="10" y="90" width="280" height="50" fill="#36c" mask="url(#m)"/>
</svg>
<p style="opacity: .5">半透明的说明文字：办理营业执照需要携带身份证。</p>
<p><img src="{_png('blue')}" width="40" height="40" alt=""> 图片</p>
</body></html>"""


def _raster(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "72", "-singlefile", str(path),
                        str(Path(folder) / "page")], check=True)
        return Image.open(Path(folder) / "page.png").convert("RGB")


def _assembled():
    book = PdfAssembler(pdf.stylesheets())
    book.add(PAGE)
    return book


def _groups_drawing_text(data):
    """``[(name, fonts its resources give)]`` for each form XObject of the PDF that sets a font."""
    found = []

    def walk(resources):
        for name, reference in (resources.get("/XObject") or {}).items():
            x_object = reference.get_object()
            if x_object.get("/Subtype") != "/Form":
                continue
            own = x_object.get("/Resources")
            own = own.get_object() if own is not None else {}
            if b" Tf" in x_object.get_data():
                fonts = own.get("/Font")
                found.append((name, dict(fonts.get_object()) if fonts is not None else {}))
            walk(own)

    for page in PdfReader(io.BytesIO(data)).pages:
        walk(page["/Resources"])
    return found


def test_sealed_groups_draw_the_same_page_as_weasyprint():
    data = _assembled().finish([0])
    labels = _groups_drawing_text(data)
    # A form XObject names its own fonts (borrowing the page's is obsolete since PDF 1.2).
    assert len(labels) >= 2 and all(fonts for _, fonts in labels), labels
    ours = _raster(data)
    theirs = _raster(pdf.write_pdf(pdf.render(PAGE, pdf.stylesheets())))
    assert ours.size == theirs.size
    difference = ImageChops.difference(ours, theirs).convert("L").point(lambda v: v > 16 and 255)
    changed = difference.histogram()[255]
    assert changed < ours.size[0] * ours.size[1] / 1000, f"{changed} pixels differ"
    # and the page is not blank: the labels and the pictures are there
    assert ImageChops.difference(ours, Image.new("RGB", ours.size, "white")).getbbox()


def test_a_painted_page_leaves_nothing_of_weasyprint_in_memory():
    book = _assembled()
    in_memory = [item for item in [*book.resources["XObject"].values(), *book.pdf.objects]
                 if item is not SPILLED and item is not None]
    # Only the group that draws an image waits, compressed, for the image to be resolved; the
    # rest is the document's shared dictionaries, the page and the references of its groups.
    assert not [item for item in in_memory
                if isinstance(item, Stream) or isinstance(item, pydyf.Stream) and len(item.stream) > 1]
    assert len([item for item in in_memory if isinstance(item, pydyf.Stream)]) == 1
    assert len([item for item in book.resources["XObject"].values() if isinstance(item, bytes)]) >= 3
    assert book.fonts and all(isinstance(font, LazyFont) for font in book.fonts.values())
    assert not any(vars(font).get("_file_content") for font in book.fonts.values())
