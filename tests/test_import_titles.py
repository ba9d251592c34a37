"""Title rows: the office, ROC year and section a control table's title names."""

from __future__ import annotations

import pytest

from desktop.exchange.reader_headers import parse_title, role_of


@pytest.mark.parametrize(
    ("title", "sheet", "office", "year", "section"),
    [
        ("臺北市文山區戶政事務所戶籍登記課113年度工作計畫期程管制一覽表", "附件1",
         "臺北市文山區戶政事務所", 113, "戶籍登記課"),
        ("臺北市大安區戶政事務所（戶籍登記課）112 年度重要工作計畫作業時程管制表", "工作表1",
         "臺北市大安區戶政事務所", 112, "戶籍登記課"),
        ("附件 1 臺北市大同區公所 113 年度工作計畫作業時程管制表", "附件1", "臺北市大同區公所", 113, ""),
        ("臺北市士林區戶政事務所 97 年度工作計畫具體作法一覽表", "附件一", "臺北市士林區戶政事務所", 97, ""),
        ("臺北市北投區戶政事務所 96 年全面提升服務品質執行計畫展開一覽表", "展開一覽表",
         "臺北市北投區戶政事務所", 96, ""),
        ("戶籍登記課113年度工作計畫期程管制表", "戶籍登記課", "", 113, "戶籍登記課"),  # ours, no office
        ("臺北市文山區戶政事務所人事 室113年度工作計畫期程管制表", "人事 室",
         "臺北市文山區戶政事務所", 113, "人事 室"),
        ("會計室 113年度工作計畫期程一覽表", "會計室", "", 113, "會計室"),
        ("113年度工作計畫期程一覽表", "Sheet1", "", 113, ""),
    ],
)
def test_title_names_office_year_and_section(title, sheet, office, year, section):
    info = parse_title(title, sheet)
    assert (info.office, info.year, info.section) == (office, year, section)
    assert not info.text.startswith("附件")  # 「附件 1」 is not part of the plan's title


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("編號", "number"), ("項次", "number"), ("列管編號", "control_number"), ("列管\n編號", "control_number"),
        ("計畫項目", "item_name"), ("專案名稱 (配分/承辦人)", "item_name"), ("計畫要項", "item_name"),
        ("計畫目標\n（實施項目）", "item_name"), ("工作內容", "content"), ("具體實施步驟", "content"),
        ("具體推動作法", "content"), ("要項細目", "sub"), ("子項目", "sub"), ("年度目標", "goal"),
        ("目標 展開", "goal"), ("執行情形", "note"), ("執行情形\n說明", "note"), ("執行狀態", "status"),
        ("狀態", "derived_state"), ("考核指標", "kpi"), ("考核方式(月份)", "method"), ("執行單位", "unit"),
        ("課室", "unit"), ("辦理期間", "period"), ("實施期程", "period"), ("預定作業時程", "months_group"),
        ("配分", "weight"), ("承辦人", "owners"),
        ("臺北市文山區戶政事務所戶籍登記課113年度工作計畫期程管制一覽表", None),  # too long: a title
        ("1月", None),
    ],
)
def test_header_words(header, role):
    assert role_of(header) == role
