"""Reading what departments send: formats, encodings, and files that cannot be read faithfully.

Each refusal must say what is wrong and what to do, and nothing is ever written: these checks
run before the catalog is looked at.
"""

import codecs
import io
import json
import zipfile

import pytest

from importing.files import WorkbookError, read_files
from importing.workbook import Problem, parse_workbook

from .helpers import xlsx

HEADER = ["事项编码", "事项名称", "实施主体", "承诺办结时限"]
ROWS = [HEADER, ["11999900MB0000001X99001", "示例事项", "示范市公安局", "20个工作日"]]


def read(data, name="catalog.xlsx"):
    return parse_workbook(read_files([(name, data)]))


def refusal(data, name="catalog.xlsx"):
    with pytest.raises(WorkbookError) as error:
        read_files([(name, data)])
    return "；".join(error.value.problems)


def test_a_title_row_above_the_header_is_skipped():
    workbook = read(xlsx({"事项": [["示范市公安局公共服务事项清单"], *ROWS]}))
    draft = workbook.drafts["11999900MB0000001X99001"]
    assert draft.line == 3
    assert draft.row.promised_time_limit == (20, "工作日")


def test_merged_header_is_refused():
    data = xlsx({"事项": ROWS}, prepare=lambda wb: wb["事项"].merge_cells("C1:D1"))
    assert "事项：表头（第 1 行）有合并单元格 C1:D1；请取消合并，每列只写一个列名" in refusal(data)


def test_a_value_merged_down_several_rows_applies_to_each_row():
    rows = [["事项编码", "事项名称", "材料名称"],
            ["11999900MB0000001X99001", "示例事项", "申请表"],
            [None, None, "身份证"]]
    data = xlsx({"事项": ROWS, "材料": rows}, prepare=lambda wb: wb["材料"].merge_cells("A2:A3"))
    draft = read(data).drafts["11999900MB0000001X99001"]
    assert [row.name for _line, row in draft.children["材料"]] == ["申请表", "身份证"]


def test_merged_cells_across_columns_are_refused():
    data = xlsx({"事项": ROWS}, prepare=lambda wb: wb["事项"].merge_cells("B2:C2"))
    assert "事项 第 2 行：有跨列合并的单元格 B2:C2，请取消合并" in refusal(data)


def test_formula_cell_is_refused_with_its_place():
    def formula(workbook):
        workbook["事项"]["D2"] = "=10+10"

    message = refusal(xlsx({"事项": ROWS}, prepare=formula))
    assert "事项 第 2 行「承诺办结时限」：单元格是公式（=10+10），请改为直接填写内容" in message


def test_unknown_sheet_is_named():
    message = refusal(xlsx({"事项": ROWS, "材料清单": [["事项编码"]]}))
    assert "未知的工作表「材料清单」" in message


def test_the_description_sheet_is_not_read():
    assert read(xlsx({"事项": ROWS, "填写说明": [["随便写"]]})).problems == []


def test_missing_item_sheet():
    workbook = read(xlsx({"材料": [["事项编码", "材料名称"]]}))
    assert [str(p) for p in workbook.problems] == [
        "缺少工作表「事项」：工作簿必须有「事项」工作表，每个事项一行"]


def test_missing_required_column_and_unknown_column():
    workbook = read(xlsx({"事项": [["事项编码", "实施主体", "承诺时限"], ["A1234567", "x", "1"]]}))
    messages = [str(p) for p in workbook.problems]
    assert "事项：缺少必需的列「事项名称」" in messages
    assert any(m.startswith("事项：未知的列「承诺时限」；本工作表的列为：") for m in messages)


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                           ("gbk", b""), ("utf-16", b"")])
def test_csv_in_every_encoding_excel_saves(encoding, bom):
    text = "事项编码,事项名称,实施主体,承诺办结时限\r\n11999900MB0000001X99001,居民身份证换领,示范市公安局,30（工作日）\r\n"
    if encoding == "utf-16":
        text = text.replace(",", "\t")
    data = bom + text.encode(encoding)
    draft = read(data, "清单.csv").drafts["11999900MB0000001X99001"]
    assert draft.title == "居民身份证换领"
    assert draft.row.promised_time_limit == (30, "工作日")


def test_csv_sheet_is_known_by_its_columns_or_its_name():
    materials = "事项编码,材料名称\nA1234567,申请表\n".encode()
    assert set(read_files([("a.csv", materials)])) == {"材料"}
    steps = "事项编码,环节名称\nA1234567,受理\n".encode()
    assert set(read_files([("示范市事项清单-环节.csv", steps)])) == {"环节"}


def test_a_zip_of_csv_files_is_a_workbook():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("事项.csv", "事项编码,事项名称\nA1234567,甲\n".encode("gbk"))
        archive.writestr("材料.csv", codecs.BOM_UTF8 + "事项编码,材料名称\nA1234567,申请表\n".encode())
    workbook = read(stream.getvalue(), "清单.zip")
    assert [row.name for _l, row in workbook.drafts["A1234567"].children["材料"]] == ["申请表"]


def test_json_by_sheet_name():
    data = json.dumps({"事项": [{"事项编码": "A1234567", "事项名称": "甲", "到现场次数": 0}],
                       "材料": [{"事项编码": "A1234567", "材料名称": "申请表", "份数": 2}]},
                      ensure_ascii=False).encode()
    draft = read(data, "清单.json").drafts["A1234567"]
    assert draft.row.visits == 0
    assert draft.children["材料"][0][1].copies == 2


@pytest.mark.parametrize("data, says", [
    (b"%PDF-1.7 ...", "这是PDF 文件，不是表格"),
    (b"\x89PNG\r\n\x1a\n....", "这是PNG 图片，不是表格"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel（.xls）"),
    (bytes(range(256)) * 4, "无法识别的文件"),
    (b"", "文件是空的"),
    (b"just some notes, not a table\n", "无法识别的文件：找不到「事项编码」「事项名称」等列名"),
])
def test_files_that_are_not_spreadsheets(data, says):
    assert says in refusal(data, "upload.xlsx")


def test_a_word_document_is_named_as_such():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "这是 Word 文档，不是表格" in refusal(stream.getvalue(), "清单.docx")


def test_a_file_over_20_mb_is_refused_before_it_is_read():
    message = refusal(b"0" * (20 * 1024 * 1024 + 1), "清单.csv")
    assert message.startswith("文件大小为 20.0 MB，超过 20 MB 的上限")


def test_a_problem_says_sheet_line_and_column():
    assert str(Problem("应为 是 或 否，实际为「可能」", "材料", 12, "免提交")) == \
        "材料 第 12 行「免提交」：应为 是 或 否，实际为「可能」"
    assert str(Problem("缺少必需的列「材料名称」", "材料")) == "材料：缺少必需的列「材料名称」"
