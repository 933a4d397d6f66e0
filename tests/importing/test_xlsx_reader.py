"""The fast .xlsx reader on a package written the way Excel and WPS write theirs.

openpyxl writes inline strings; Excel writes a shared-string table (with rich-text runs and
phonetic guides), number formats in a style sheet, shared formulas and a prefixed namespace
now and then. All of it must read as the cells show.
"""

import datetime
import io
import zipfile

import pytest

from importing.xlsx import XlsxError, read_xlsx

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="事项" sheetId="1" r:id="rId1"/><sheet name="材料" sheetId="2" r:id="rId2"/></sheets>
</workbook>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>
</Relationships>"""
STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>事项编码</t></si>
<si><r><rPr><b/></rPr><t>事项</t></r><r><t>名称</t></r></si>
<si><t>出生登记</t><rPh sb="0" eb="2"><t>chusheng</t></rPh></si>
<si><t xml:space="preserve">最近审核日期</t></si>
</sst>"""
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="14"/></cellXfs>
</styleSheet>"""
SHEET1 = """<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:dimension ref="A1:D3"/><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>
<x:row r="3"><x:c r="A3"><x:v>11999900</x:v></x:c><x:c r="B3" t="s"><x:v>2</x:v></x:c><x:c r="D3" s="1"><x:v>46280</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B5:B6"/></x:mergeCells></x:worksheet>"""
SHEET2 = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>份数</t></is></c><c r="B1" t="b"><v>1</v></c></row>
<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2*2</f><v>2</v></c><c r="B2" s="2"><v>46280.5</v></c></row>
<row r="3"><c r="A3"><f t="shared" si="0"/><v>4</v></c><c r="B3" t="e"><v>#N/A</v></c></row>
</sheetData></worksheet>"""


def package(**parts):
    members = {"xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS,
               "xl/sharedStrings.xml": STRINGS, "xl/styles.xml": STYLES,
               "xl/worksheets/sheet1.xml": SHEET1, "xl/worksheets/sheet2.xml": SHEET2, **parts}
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return zipfile.ZipFile(io.BytesIO(stream.getvalue()))


def test_cells_read_as_excel_shows_them():
    items, materials = read_xlsx(package())
    assert items.name == "事项"
    assert items.rows[0] == ["事项编码", "事项名称", None, "最近审核日期"]
    assert items.rows[1] == []  # an empty line keeps its place
    assert items.rows[2] == [11999900, "出生登记", None, datetime.datetime(2026, 9, 15)]
    assert items.merges == [(2, 5, 2, 6)]
    assert materials.rows[0] == ["份数", True]
    assert materials.rows[1][1] == datetime.datetime(2026, 9, 15, 12)  # a built-in date format
    assert materials.rows[2][1] == "#N/A"


def test_formulas_are_reported_even_when_shared():
    _items, materials = read_xlsx(package())
    assert materials.formulas == [(2, 0, "=B2*2"), (3, 0, "=（共享公式）")]


def test_a_document_type_declaration_is_refused():
    bomb = SHEET2.replace('<?xml version="1.0" encoding="UTF-8"?>',
                          '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>')
    with pytest.raises(XlsxError, match="不允许的 XML 声明"):
        read_xlsx(package(**{"xl/worksheets/sheet2.xml": bomb}))
