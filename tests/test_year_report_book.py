"""The 成果報告 workbook: the same content as the PDF, reopened with openpyxl and odfpy."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from test_year_report import make_plan

from desktop.exchange.year_report_book import write_year_report_book
from desktop.models.year_report import build


@pytest.fixture
def report(store, tmp_path):
    plan, _ = make_plan(store, tmp_path)
    return build(store, plan, 12)


def texts(ws) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_xlsx_has_summary_and_one_sheet_per_section(report, tmp_path):
    out = write_year_report_book(report, tmp_path / "成果報告.xlsx", "xlsx",
                                 made_on=date(2026, 12, 3))
    wb = load_workbook(out)
    assert wb.sheetnames == ["摘要", "戶籍登記課", "人事室"]
    summary = wb["摘要"]
    assert "115年度工作計畫成果報告" in summary["A1"].value
    rows = {r[0]: r for r in summary.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["戶籍登記課"][1:10] == (5, 2, 1, 1, 2, 0, 1, "25.0%", 2)
    assert rows["人事室"][8] == "—" and rows["合計"][1] == 5
    ws = wb["戶籍登記課"]
    body = texts(ws)
    for words in ("助您好孕專案", "目標值：≥ 60 %", "3月 70% 達成", "未設目標值", "簽到表.pdf",
                  "6月落後原因：人力不足", "製表日期：115年12月3日", "機關首長"):
        assert words in body, words
    assert ws["A3"].value == "編號" and ws["H3"].value == "全年執行情形"
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws["C4"].font.name == "微軟正黑體"
    assert "尚無計畫項目" in texts(wb["人事室"])


def test_ods_opens_with_the_same_cells(report, tmp_path):
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table

    out = write_year_report_book(report, tmp_path / "成果報告.ods", "ods")
    doc = load(str(out))
    tables = doc.spreadsheet.getElementsByType(Table)
    assert [t.getAttribute("name") for t in tables] == ["摘要", "戶籍登記課", "人事室"]
    body = teletype.extractText(tables[1])
    assert "助您好孕專案" in body and "簽到表.pdf" in body and "25.0%" in teletype.extractText(
        tables[0])


def test_an_item_taller_than_a_page_is_named_again(store, tmp_path):
    plan = store.create_plan(115, office="測試所")
    item = store.add_item(store.add_section(plan.id, "測試課").id, number="7", name="長長的項目")
    for n in range(60):
        t = store.add_task(item.id, content=f"工作第{n}項", months=(1,))
        store.set_progress(t.id, 1, note="辦理情形說明" * 20)
    out = write_year_report_book(build(store, plan, 12), tmp_path / "split.xlsx", "xlsx")
    ws = load_workbook(out)["測試課"]
    assert ws.row_breaks.brk
    assert "長長的項目（續）" in texts(ws)


def test_unknown_format_is_refused(report, tmp_path):
    from desktop.exchange.cells import ExportError

    with pytest.raises(ExportError, match="xlsx 或 ods"):
        write_year_report_book(report, tmp_path / "x.doc", "doc")
