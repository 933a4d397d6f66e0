"""Convert the real Sichuan district catalog (../shared/data) into the catalog workbook.

The file lists 1,135 items of 广安市广安区 by department with their names and codes (see its
NOTICE.md); this is what a department's own list looks like before anyone writes a guide. The
conversion is the small script a department would write: one 事项 row per item, the item type
taken from the provincial platform's task type, the item's platform page as its online address.

Run alone to write the workbook: ``python tests/importing/sichuan.py OUTPUT.xlsx``.
"""

import io
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the main checkout; a worktree under /work/wt finds it one level further up.
CATALOG = next((path for path in (ROOT.parent / "shared" / "data" / "sczwfw_guangan_catalog_1135.json",
                                  ROOT.parent.parent / "shared" / "data" / "sczwfw_guangan_catalog_1135.json")
                if path.exists()), ROOT.parent / "shared" / "data" / "sczwfw_guangan_catalog_1135.json")
# The national task-type codes (事项类型) the provincial platform puts in its links.
TASK_TYPES = {"1": "行政许可", "5": "行政给付", "7": "行政确认", "8": "行政奖励", "9": "行政裁决",
              "10": "其他行政权力", "20": "公共服务"}
HEADERS = ("事项编码", "事项名称", "实施主体", "事项类型", "事项简介", "网上办理深度", "网办地址")


def catalog_rows(path=CATALOG):
    """One 事项 row per item of the district catalog, in the file's order."""
    rows = []
    for department in json.loads(Path(path).read_text(encoding="utf-8")):
        for group in department["items"]:
            for item in group["sub_items"]:
                query = parse_qs(urlsplit(item["link"]).query)
                main = group["main_item"]
                rows.append((
                    query["itemCode"][0], item["name"], department["department"],
                    TASK_TYPES.get(query.get("taskType", [""])[0], "其他行政权力"),
                    "" if main == "未分类" else f"属于「{main}」事项。",
                    "信息发布", item["link"],  # real portal links, some over 200 characters
                ))
    return rows


def catalog_workbook(path=CATALOG):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "事项"
    sheet.append(HEADERS)
    for row in catalog_rows(path):
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


if __name__ == "__main__":
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "guangan.xlsx")
    output.write_bytes(catalog_workbook())
    print(f"{len(catalog_rows())} items written to {output}")
