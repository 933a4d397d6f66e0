"""Pictures and documents for the demo, drawn at load time instead of committed as binaries.

- Paired 错误示例 / 正确示例 pictures for the reusable common-error examples (a photo with the
  wrong background, a copy without the 与原件一致 signature, an expired ID card, a form with
  alterations), drawn with Pillow.
- Blank forms (空白表格) and filled samples (示范文本) as Excel workbooks, made from a
  material's sample text: the 【…】 parts are the applicant's entries, blanked in the form.
"""

import io
import re
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.files.base import ContentFile
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

FONT_PATHS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
SIZE = (480, 320)
FILLED = re.compile(r"【([^】]*)】")


def _font(size):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _canvas(background="#ffffff"):
    image = PILImage.new("RGB", SIZE, background)
    return image, ImageDraw.Draw(image)


def _person(draw, box, fill="#3a3a3a"):
    left, top, right, bottom = box
    cx, width = (left + right) // 2, right - left
    draw.ellipse((cx - width // 5, top + 20, cx + width // 5, top + 20 + width * 2 // 5), fill=fill)
    draw.rounded_rectangle((left + width // 8, top + width // 2 + 10, right - width // 8, bottom),
                           radius=30, fill=fill)


def photo(background):
    """An ID photo: the figure on the given background colour."""
    image, draw = _canvas("#f4f4f4")
    draw.rectangle((170, 30, 310, 220), fill=background, outline="#999999")
    _person(draw, (185, 40, 295, 220))
    draw.text((240, 250), "背景：" + {"#ffffff": "白色", "#2b6cc4": "蓝色", "#c0392b": "红色"}.get(
        background, "其他"), font=_font(24), fill="#222222", anchor="mm")
    return image


def certified_copy(signed):
    """A photocopy of a document, with or without the applicant's 与原件一致 note and signature."""
    image, draw = _canvas("#fbfbf8")
    draw.rectangle((40, 24, 440, 296), outline="#888888", width=2)
    draw.text((240, 56), "居民户口簿（复印件）", font=_font(26), fill="#333333", anchor="mm")
    for y in range(92, 190, 22):
        draw.line((70, y, 410, y), fill="#c9c9c9", width=6)
    if signed:
        draw.text((250, 222), "本复印件与原件一致", font=_font(22), fill="#1a3fa0", anchor="mm")
        draw.text((250, 258), "张三　2026年9月1日", font=_font(22), fill="#1a3fa0", anchor="mm")
    else:
        draw.text((250, 240), "（无签字）", font=_font(20), fill="#aaaaaa", anchor="mm")
    return image


def id_card(valid_until, expired):
    image, draw = _canvas("#f4f4f4")
    draw.rounded_rectangle((40, 40, 440, 280), radius=18, fill="#e8f0f7", outline="#7a96b5", width=2)
    draw.text((240, 80), "居民身份证（背面）", font=_font(24), fill="#333333", anchor="mm")
    draw.text((70, 140), "签发机关：示范市公安局东城分局", font=_font(20), fill="#333333")
    draw.text((70, 190), f"有效期限：{valid_until}", font=_font(20),
              fill="#b3261e" if expired else "#1b6e33")
    if expired:
        draw.line((60, 240, 420, 240), fill="#b3261e", width=3)
        draw.text((240, 258), "已过有效期", font=_font(20), fill="#b3261e", anchor="mm")
    return image


def filled_form(altered):
    image, draw = _canvas("#ffffff")
    draw.text((240, 40), "申请表", font=_font(28), fill="#222222", anchor="mm")
    rows = (("姓名", "张三"), ("联系电话", "139××××0001"), ("住址", "东城区人民路18号"))
    for i, (label, value) in enumerate(rows):
        y = 90 + i * 60
        draw.text((60, y), f"{label}：", font=_font(22), fill="#222222")
        draw.text((200, y), value, font=_font(22), fill="#1a3fa0")
        draw.line((195, y + 32, 430, y + 32), fill="#888888")
    if altered:
        draw.line((195, 165, 380, 140), fill="#1a3fa0", width=4)
        draw.line((195, 140, 380, 165), fill="#1a3fa0", width=4)
        draw.text((300, 120), "138…", font=_font(18), fill="#1a3fa0")
    return image


PICTURES = {
    "photo_background": (lambda: photo("#2b6cc4"), lambda: photo("#ffffff")),
    "unsigned_copy": (lambda: certified_copy(False), lambda: certified_copy(True)),
    "expired_id": (lambda: id_card("2014.03.01-2024.03.01", True),
                   lambda: id_card("2024.03.01-2044.03.01", False)),
    "altered_form": (lambda: filled_form(True), lambda: filled_form(False)),
}


def save_picture(image, title, collection=None):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    Image = get_image_model()
    file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.png")
    fields = {"title": title, "file": file}
    if collection is not None:
        fields["collection"] = collection
    return Image.objects.create(**fields)


def picture_pair(name, title):
    """(wrong, right) Wagtail images for a named picture pair, or (None, None)."""
    if name not in PICTURES:
        return None, None
    wrong, right = PICTURES[name]
    return save_picture(wrong(), f"{title}-错误示例"), save_picture(right(), f"{title}-正确示例")


def form_workbook(title, sample_text, filled):
    """An .xlsx of the sample text; when not ``filled`` the applicant's entries are blank lines."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "表格"[:31]
    sheet.column_dimensions["A"].width = 90
    lines = [line for line in sample_text.splitlines() if line.strip()]
    heading = title if not lines or "【" in lines[0] else lines.pop(0)
    sheet.append([heading])
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for line in lines:
        text = FILLED.sub(lambda m: m.group(1) if filled else "＿" * max(4, len(m.group(1))), line)
        sheet.append([text])
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True)
    if filled:
        sheet.append([])
        sheet.append(["（示范文本：以上为填写示例，请按本人实际情况填写）"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def form_documents(material_name, sample_text, collection):
    """(blank form, sample) Wagtail documents for a material with a structured sample text."""
    Document = get_document_model()
    name = material_name.strip("《》")
    made = []
    for filled, suffix in ((False, "空白表格"), (True, "示范文本")):
        content = ContentFile(form_workbook(name, sample_text, filled), name=f"{name}-{suffix}.xlsx")
        made.append(Document.objects.create(title=f"{name}（{suffix}）", file=content,
                                            collection=collection))
    return tuple(made)
