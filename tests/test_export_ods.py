"""The bureau workbook as ODF: loads again with odfpy and says what the xlsx file says."""

from __future__ import annotations

import zipfile

from odf import teletype
from odf.namespaces import LOEXTNS, TABLENS
from odf.opendocument import load
from odf.style import MasterPage, PageLayoutProperties
from odf.table import Table, TableCell, TableHeaderRows, TableRow
from odf.text import P, PageCount, PageNumber
from openpyxl import load_workbook
from test_export_workbook import FIXED_DAY, build_small_plan

from desktop.exchange.workbook import write_bureau_workbook


def ods_texts(path) -> dict[str, dict[tuple[int, int], str]]:
    """Every non-empty cell text by sheet and (row, column), covered cells counted as cells."""
    doc = load(str(path))
    out = {}
    for table in doc.spreadsheet.getElementsByType(Table):
        cells = {}
        for r, row in enumerate(table.getElementsByType(TableRow), start=1):
            c = 0
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                c += 1
                if cell.qname[1] == "covered-table-cell":
                    continue
                text = "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
                if text:
                    cells[(r, c)] = text
        out[table.getAttribute("name")] = cells
    return out


def xlsx_texts(path) -> dict[str, dict[tuple[int, int], str]]:
    wb = load_workbook(path)
    return {
        ws.title: {
            (c.row, c.column): str(c.value)
            for row in ws.iter_rows() for c in row if c.value not in (None, "")
        }
        for ws in wb.worksheets
    }


def test_ods_has_the_same_cells_as_xlsx(store, tmp_path):
    plan = build_small_plan(store)
    kw = {"month": 6, "today": FIXED_DAY}
    xlsx = write_bureau_workbook(store, plan, tmp_path / "a.xlsx", **kw)
    ods = write_bureau_workbook(store, plan, tmp_path / "a.ods", fmt="ods", **kw)
    assert ods_texts(ods) == xlsx_texts(xlsx)


def test_ods_layout_merges_header_rows_page_setup(store, tmp_path):
    plan = build_small_plan(store)
    out = write_bureau_workbook(store, plan, tmp_path / "a.ods", fmt="ods", month=6)
    doc = load(str(out))
    tables = doc.spreadsheet.getElementsByType(Table)
    assert [t.getAttribute("name") for t in tables][:2] == ["封面", "戶籍登記課"]
    sheet = tables[1]
    first = sheet.getElementsByType(TableRow)[0].getElementsByType(TableCell)[0]
    assert first.getAttribute("numbercolumnsspanned") == "22"  # 編號 … 考核指標, 時程說明, 考核方式
    headers = sheet.getElementsByType(TableHeaderRows)
    assert len(headers) == 1 and len(headers[0].getElementsByType(TableRow)) == 5
    layouts = doc.automaticstyles.getElementsByType(PageLayoutProperties)
    landscape = [p for p in layouts if p.getAttribute("printorientation") == "landscape"][0]
    assert landscape.getAttribute("pagewidth") == "29.7cm"
    assert landscape.attributes[(LOEXTNS, "scale-to-X")] == "1"
    master = doc.masterstyles.getElementsByType(MasterPage)[0]
    assert master.getElementsByType(PageNumber) and master.getElementsByType(PageCount)
    with zipfile.ZipFile(out) as z:
        content = z.read("content.xml").decode()
        settings = z.read("settings.xml").decode()
    assert "#404040" in content  # planned-month fill
    assert "HorizontalSplitPosition" in settings  # frozen panes


def test_ods_formula_text_is_a_string(store, tmp_path):
    plan = build_small_plan(store)
    out = write_bureau_workbook(store, plan, tmp_path / "a.ods", fmt="ods", month=6)
    doc = load(str(out))
    for cell in doc.spreadsheet.getElementsByType(TableCell):
        assert (TABLENS, "formula") not in cell.attributes
    texts = ods_texts(out)["戶籍登記課"]
    assert "=SUM(A1:A3) 案件統計報表正確無誤" in texts.values()


def test_ods_names_a_taiwan_face_with_language_zh_tw(store, tmp_path):
    """Without zh-TW on the text, LibreOffice set to Japanese prints 領/直 in Japanese forms."""
    from odf.namespaces import FONS, STYLENS, SVGNS
    from odf.style import FontFace, TextProperties

    plan = build_small_plan(store)
    out = write_bureau_workbook(store, plan, tmp_path / "a.ods", fmt="ods", month=6)
    doc = load(str(out))
    [face] = doc.fontfacedecls.getElementsByType(FontFace)
    families = face.attributes[(SVGNS, "font-family")].split(";")
    assert families[0] == "微軟正黑體" and "Noto Sans CJK TC" in families
    props = doc.automaticstyles.getElementsByType(TextProperties)
    props += doc.styles.getElementsByType(TextProperties)  # the default cell style too
    assert props
    for p in props:
        a = p.attributes
        assert (a[(FONS, "language")], a[(FONS, "country")]) == ("zh", "TW")
        assert (a[(STYLENS, "language-asian")], a[(STYLENS, "country-asian")]) == ("zh", "TW")
        assert a[(STYLENS, "font-name-asian")] == face.getAttribute("name")


def test_ods_has_the_same_page_breaks_and_scale_as_xlsx(store, tmp_path):
    from odf.namespaces import FONS, STYLENS
    from odf.style import Style, TableRowProperties
    from test_export_workbook import build_long_plan

    plan = build_long_plan(store)
    xlsx = write_bureau_workbook(store, plan, tmp_path / "a.xlsx", month=6, today=FIXED_DAY)
    ods = write_bureau_workbook(store, plan, tmp_path / "a.ods", fmt="ods", month=6,
                                today=FIXED_DAY)
    ws = load_workbook(xlsx)["戶籍登記課"]
    doc = load(str(ods))
    paged = {s.getAttribute("name") for s in doc.automaticstyles.getElementsByType(Style)
             if any(p.attributes.get((FONS, "break-before")) == "page"
                    for p in s.getElementsByType(TableRowProperties))}
    sheet = doc.spreadsheet.getElementsByType(Table)[1]
    starts = [r for r, row in enumerate(sheet.getElementsByType(TableRow), start=1)
              if row.getAttribute("stylename") in paged]
    assert starts == [b.id + 1 for b in ws.row_breaks.brk] and starts
    scales = {p.attributes.get((STYLENS, "scale-to"))
              for p in doc.automaticstyles.getElementsByType(PageLayoutProperties)}
    assert f"{ws.page_setup.scale}%" in scales
