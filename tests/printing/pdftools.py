"""Reading PDFs back the way a person would check them: text page by page, fonts, QR codes.

Uses Debian's poppler-utils (pdftotext, pdffonts, pdftoppm, pdfinfo) and zbar-tools (zbarimg),
which the Makefile installs; bookmarks are read with pypdf.
"""

import io
import re
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

SPACE = re.compile(r"\s+")


def squash(text):
    """Text without any whitespace: PDF extraction breaks Chinese lines anywhere."""
    return SPACE.sub("", text or "")


def _run(args, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(data)
        return subprocess.run([*args, str(path), *([] if args[0] == "pdffonts" else ["-"])],
                              capture_output=True, check=True).stdout


def page_texts(data):
    """The extracted text of each page, in order."""
    text = _run(["pdftotext", "-enc", "UTF-8"], data).decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def all_text(data):
    return "".join(page_texts(data))


def fonts(data):
    """Names of the embedded fonts (subset prefix removed)."""
    lines = _run(["pdffonts"], data).decode().splitlines()[2:]
    return {line.split()[0].split("+", 1)[-1] for line in lines if line.strip()}


def page_sizes_mm(data):
    reader = PdfReader(io.BytesIO(data))
    return [(round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4))
            for page in reader.pages]


def outline(data):
    """Bookmarks as ``[(title, page number from 1, children)]``."""
    reader = PdfReader(io.BytesIO(data))

    def walk(items):
        result = []
        for item in items:
            if isinstance(item, list):
                result[-1] = (result[-1][0], result[-1][1], walk(item))
            else:
                result.append((item.title, reader.get_destination_page_number(item) + 1, []))
        return result

    return walk(reader.outline)


def qr_codes(data, page=1, dpi=150):
    """The texts of the QR codes on a page, decoded by zbar from a rendering of the page."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(Path(folder) / "page")], check=True)
        found = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                                str(Path(folder) / "page.png")], capture_output=True, text=True)
        return [line for line in found.stdout.splitlines() if line]


def word_boxes(data):
    """Every word's box per page: ``[(page width, page height, [(xmin, ymin, xmax, ymax, word)])]``."""
    html = _run(["pdftotext", "-bbox"], data).decode("utf-8")
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page.group(3))]
        pages.append((float(page.group(1)), float(page.group(2)), words))
    return pages


def characters_by_font(data):
    """``{font name: characters it draws}``, read from each embedded font's ToUnicode map."""
    reader = PdfReader(io.BytesIO(data))
    found = {}
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = found.setdefault(name, set())
            for _, hexes in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap):
                chars.update(bytes.fromhex(hexes).decode("utf-16-be", errors="ignore"))
    return found


def is_cjk(char):
    code = ord(char)
    return (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF)


def assert_chinese_drawn_with_cjk_fonts(data):
    """Chinese is drawn with Noto CJK only; another font may draw only a few symbols (☑)."""
    by_font = characters_by_font(data)
    assert by_font
    for name, chars in by_font.items():
        if "CJK" in name:
            continue
        assert name.startswith("DejaVu"), f"unexpected font {name}"
        chinese = {char for char in chars if is_cjk(char)}
        assert not chinese, f"{name} draws Chinese: {''.join(sorted(chinese))}"


def margins_text(data, depth_mm=20):
    """Per page, the words in the top and bottom ``depth_mm`` (running heads, page numbers):
    ``[(head, foot)]`` with words joined left to right."""
    depth = depth_mm / 25.4 * 72
    result = []
    for _, height, words in word_boxes(data):
        head = [w for w in words if w[3] <= depth]
        foot = [w for w in words if w[1] >= height - depth]
        result.append(("".join(w[4] for w in sorted(head)), "".join(w[4] for w in sorted(foot))))
    return result
