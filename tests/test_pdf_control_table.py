"""The control-table PDF, read back with pypdf: titles, headers, footers, texts, fonts, paper."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib import colors

from desktop.exchange.control_table import control_tables
from desktop.models.domain import DerivedState
from desktop.models.rocdate import default_report_month, roc_long
from desktop.models.state import derive_state
from desktop.printing import fonts
from desktop.printing.control_table import write_control_table

OFFICE = "臺北市文山區戶政事務所"
LONG = "".join(f"第{i}句：辦理戶籍資料清查並通報民政局，確認戶口名簿記載正確。" for i in range(120))[:3000]
MARKUP = ["AT&T", "a < b", "<img src=/etc/passwd>", "<font color=red>紅</font>", "<b>粗體</b>"]


def _small_sections() -> list[dict]:
    return [
        {"name": "戶籍登記課", "items": [
            {"number": "1", "name": "助您好孕專案", "weight": 2, "owners": "王小明", "tasks": [
                {"content": "60日內通知辦理出生登記", "months": [1, 2, 3, 4, 5, 6],
                 "checkpoints": [6], "kpi": "通知率100%",
                 "progress": {6: {"status": "依進度", "note": "本月通知 91 件"}}},
                {"content": "生育獎勵金次日起10日內匯入", "months": [6], "kpi": "匯款正確",
                 "schedule_note": "每月5日前"},
            ]},
            {"number": "2", "name": "國籍歸化案件", "tasks": [
                {"content": "送審案件登錄資料正確", "months": [2, 3],
                 "progress": {3: {"status": "落後", "note": "人力不足", "cause": "請假",
                                  "remedy": "加班"}}},
                {"content": "年底清查", "months": [11, 12]},
            ]},
        ]},
        {"name": "人事室", "items": []},
        {"name": "行政庶務課", "items": [
            {"number": "1", "name": "環境整理", "tasks": [
                {"content": "辦公環境檢查", "months": [3, 9],
                 "progress": {3: {"status": "已完成", "note": "完成"}}},
            ]},
        ]},
    ]


@pytest.fixture
def small_plan(store):
    plan = store.create_plan(113, OFFICE, "113年度提升服務品質執行計畫")
    store.insert_sections(plan.id, _small_sections())
    return plan


def _pages(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(str(path)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_every_page(texts: list[str]) -> None:
    total = len(texts)
    for n, text in enumerate(texts, 1):
        flat = _flat(text)
        for head in ("編號", "計畫項目", "工作內容", "預定作業時程", "狀態", "執行情形", "考核指標",
                     "1月", "12月"):
            assert head in flat, f"page {n} lacks header {head}"
        assert f"第{n}頁，共{total}頁" in flat
        assert f"列印日期：{roc_long(date.today())}" in flat
        assert "工作計畫期程管制表" in flat


def _fonts(path: Path) -> list[dict]:
    found = []
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            found.append(font.get_object())
    return found


def test_small_plan_titles_rows_states_footer(store, small_plan, tmp_path):
    out = write_control_table(store, small_plan, tmp_path / "t.pdf", month=6)
    assert out == tmp_path / "t.pdf"
    texts = _pages(out)
    _check_every_page(texts)
    flat = _flat("".join(texts))
    for section in ("戶籍登記課", "人事室", "行政庶務課"):
        assert f"{OFFICE}{section}113年度工作計畫期程管制表" in flat
    for t in ("60日內通知辦理出生登記", "生育獎勵金次日起10日內匯入", "送審案件登錄資料正確",
              "年底清查", "辦公環境檢查", "通知率100%", "本月通知91件", "（時程：每月5日前）",
              "助您好孕專案", "王小明", "落後原因：請假", "因應對策：加班", "本課室尚無計畫項目"):
        assert _flat(t) in flat, t
    # every state printed is the one derive_state gives for June
    for table in control_tables(store, small_plan, 6):
        for row in table.rows:
            if row.task is not None:
                assert row.state == derive_state(row.task.months,
                                                 store.progress(row.task.id), 6)
    states = [r.state for t in control_tables(store, small_plan, 6) for r in t.rows if r.task]
    assert DerivedState.ON_TRACK in states and DerivedState.UNREPORTED in states
    for s in states:
        assert s.value in flat
    # each section starts on its own page
    first = [i for i, t in enumerate(texts) if "人事室113年度" in _flat(t)]
    assert first and "戶籍登記課" not in _flat(texts[first[0]])
    assert "配分" in _flat(texts[0]) and "承辦人" in _flat(texts[0])


def test_a4_and_a3_landscape_with_embedded_cjk_font(store, small_plan, tmp_path):
    for paper, size in (("A4", (841.89, 595.28)), ("A3", (1190.55, 841.89))):
        out = write_control_table(store, small_plan, tmp_path / f"{paper}.pdf", paper=paper)
        for page in PdfReader(str(out)).pages:
            box = page.mediabox
            assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.1)
            assert int(page.get("/Rotate", 0)) == 0
        used = _fonts(out)
        assert used
        for font in used:  # every font is an embedded, subset TrueType face
            assert font["/Subtype"] == "/TrueType"
            assert "+" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_month_none_uses_default_report_month(store, small_plan, tmp_path):
    texts = _pages(write_control_table(store, small_plan, tmp_path / "n.pdf"))
    m = default_report_month(small_plan.year)
    assert f"執行情形及狀態截至113年{m}月" in _flat(texts[0])
    texts = _pages(write_control_table(store, small_plan, tmp_path / "m.pdf", month=3))
    assert "執行情形及狀態截至113年3月" in _flat(texts[0])


def test_month_changes_states(store, small_plan, tmp_path):
    """Task 2 (June only) is 未到期 in March and 未填報 in June."""
    march = _flat(_pages(write_control_table(store, small_plan, tmp_path / "3.pdf", month=3))[0])
    june = _flat(_pages(write_control_table(store, small_plan, tmp_path / "6.pdf", month=6))[0])
    assert "未填報" in june
    assert "未到期" in march


def test_section_filter(store, small_plan, tmp_path):
    sec = store.section_by_name(small_plan.id, "行政庶務課")
    flat = _flat("".join(_pages(write_control_table(store, small_plan, tmp_path / "s.pdf",
                                                    section_ids=[sec.id]))))
    assert "行政庶務課113年度" in flat and "戶籍登記課" not in flat


def test_markup_like_text_prints_literally(store, tmp_path):
    plan = store.create_plan(113, "AT&T <b>所</b>")
    store.insert_sections(plan.id, [{"name": "資訊室", "items": [{
        "number": "<1>", "name": MARKUP[4], "owners": "A&B",
        "tasks": [{"content": "\n".join(MARKUP[:4]), "months": [1], "kpi": "x >= 1 & y <= 2",
                   "progress": {1: {"status": "依進度", "note": "<i>斜</i> &amp;"}}}]}]}])
    out = write_control_table(store, plan, tmp_path / "x.pdf", month=1)
    text = "".join(_pages(out))
    for literal in [*MARKUP, "x >= 1 & y <= 2", "<i>斜</i> &amp;", "<1>", "A&B", "AT&T <b>所</b>"]:
        assert literal in text, literal
    for page in PdfReader(str(out)).pages:  # no image was loaded from the <img> text
        assert "/XObject" not in page["/Resources"]


def test_3000_character_task_is_split_across_pages(store, tmp_path):
    plan = store.create_plan(113, OFFICE)
    store.insert_sections(plan.id, [{"name": "戶籍登記課", "items": [{
        "number": "6", "name": "戶籍清查業務", "tasks": [
            {"content": "短工作", "months": [1]},
            {"content": LONG, "months": [4, 5, 6], "kpi": "長文字"},
            {"content": "長文後一項", "months": [10]},
        ]}]}])
    out = write_control_table(store, plan, tmp_path / "long.pdf", month=6)
    texts = _pages(out)
    assert len(texts) >= 3
    _check_every_page(texts)
    flat = _flat("".join(texts))
    markers = re.findall(r"第\d+句", LONG)
    for marker in (markers[0], markers[1], markers[50], markers[-2]):
        assert marker in flat
    assert "長文後一項" in flat and "短工作" in flat
    for text in texts[1:]:  # the item is named again, marked continued, on every later page
        assert "戶籍清查業務（續）" in _flat(text)
    # the chunks printed are exactly the text, in order, nothing lost or repeated
    body = "".join(_flat(t) for t in texts)
    assert _flat(LONG)[:40] in body and _flat(LONG)[-40:] in body
    assert body.count(markers[-2]) == 1


def test_chunks_rebuild_the_exact_text(store):
    from desktop.printing.control_table import _chunks
    from desktop.printing.fonts import register_cjk_font
    from desktop.printing.pages import styles

    style = styles(register_cjk_font(), 8)["body"]
    pieces = _chunks(LONG, style, 150, 60, 300)
    assert len(pieces) > 5
    for p in pieces[1:]:
        assert p.wrap(150, 1e6)[1] <= 300
    assert pieces[0].wrap(150, 1e6)[1] <= 60
    assert "".join(p.text for p in pieces) == LONG


def test_200_tasks_in_one_section(store, tmp_path):
    plan = store.create_plan(113, OFFICE)
    items = [{"number": str(i + 1), "name": f"項目{i + 1}",
              "tasks": [{"content": f"工作{i * 4 + k}號", "months": [(i + k) % 12 + 1]}
                        for k in range(4)]} for i in range(50)]
    store.insert_sections(plan.id, [{"name": "大量課", "items": items}])
    texts = _pages(write_control_table(store, plan, tmp_path / "200.pdf", month=6))
    assert len(texts) > 3
    _check_every_page(texts)
    flat = _flat("".join(texts))
    for n in range(200):
        assert f"工作{n}號" in flat
    started_inside = 0
    for text in texts[1:]:  # a page that starts inside an item names that item again
        first = int(re.search(r"工作(\d+)號", _flat(text)).group(1))
        if first % 4:
            started_inside += 1
            assert f"{first // 4 + 1}項目{first // 4 + 1}（續）工作{first}號" in _flat(text)
    assert started_inside


def test_plan_without_sections(store, tmp_path):
    plan = store.create_plan(114, OFFICE)
    out = write_control_table(store, plan, tmp_path / "e.pdf")
    assert "尚無課室" in _flat(_pages(out)[0])


def test_missing_font_gives_chinese_error_and_no_file(store, small_plan, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "builtin_candidates", lambda: [
        fonts.FontChoice("標楷體", str(tmp_path / "nowhere" / "kaiu.ttf"))])
    monkeypatch.setattr(fonts, "_registered", {})
    with pytest.raises(fonts.FontMissingError) as err:
        write_control_table(store, small_plan, tmp_path / "no.pdf")
    msg = str(err.value)
    assert "標楷體" in msg and "fonts-arphic-uming" in msg
    assert not (tmp_path / "no.pdf").exists()
    assert not list(tmp_path.glob("*.pdf"))


def test_sample_plan(sample_store, tmp_path):
    plan = sample_store.plans()[-1]
    texts = _pages(write_control_table(sample_store, plan, tmp_path / "sample.pdf", month=6))
    _check_every_page(texts)
    flat = _flat("".join(texts))
    for table in control_tables(sample_store, plan, 6):
        assert _flat(table.title) in flat
        for row in table.rows:
            if row.task is not None:
                assert _flat(row.task.content)[:12] in flat
    assert "戶" in flat and "户" not in flat


def test_report_month_column_is_marked_only_when_printing_for_a_month(store, small_plan):
    from desktop.printing.control_table import (
        MARK_FILL,
        MARK_PLANNED_FILL,
        PLANNED_FILL,
        _layout,
        _SectionPrinter,
    )

    font = fonts.register_cjk_font()
    table = control_tables(store, small_plan, 6)[0]
    lay = _layout("A4", font, table.has_weight, table.has_owners)

    def fills(mark):
        printer = _SectionPrinter(table, lay, mark)
        lines = printer.pages()[0]
        return [c for c in printer._style(lines) if c[0] == "BACKGROUND"], lines

    marked, lines = fills(6)
    june = lay.month0 + 5
    cells = {(c[1], c[3]) for c in marked}
    assert ((june, 1), colors.black) in cells
    for r, line in enumerate(lines, 2):
        want = MARK_PLANNED_FILL if 6 in line.row.task.months else MARK_FILL
        assert ((june, r), want) in cells
    unmarked, _ = fills(None)
    assert not [c for c in unmarked if c[3] in (MARK_FILL, MARK_PLANNED_FILL)]
    assert [c for c in unmarked if c[3] == PLANNED_FILL]


def test_absurd_office_and_section_names_still_print(store, tmp_path):
    plan = store.create_plan(113, "臺北市" * 200)
    store.insert_sections(plan.id, [{"name": "課" * 300, "items": [{
        "number": "1" * 80, "name": "項目" * 400,
        "tasks": [{"content": f"工作{i}", "months": [1]} for i in range(5)]}]}])
    texts = _pages(write_control_table(store, plan, tmp_path / "odd.pdf", month=1))
    flat = _flat("".join(texts))
    for i in range(5):
        assert f"工作{i}" in flat
    assert "…" in _flat(texts[0])


def test_each_section_ends_with_the_signoff_block_and_made_on_date(store, small_plan, tmp_path):
    store.set_setting("signoff_labels", "承辦人、課長、主任")
    out = write_control_table(store, small_plan, tmp_path / "t.pdf", month=6,
                              today=date(2024, 7, 5))
    texts = [_flat(t) for t in _pages(out)]
    ends = [i for i, t in enumerate(texts) if "製表日期：113年7月5日" in t]
    assert len(ends) == 3  # one block per section (人事室, an empty section, too)
    for i in ends:
        page = texts[i]
        assert page.index("承辦人") < page.index("課長") < page.index("主任")
    assert "機關首長" not in "".join(texts)  # the labels come from the setting


ROSTER = [
    {"role": "召集人", "title": "主任", "name": "陳大文", "duty": "綜理推動小組業務"},
    {"role": "執行秘書", "title": "秘書", "name": "林小華", "duty": "協調各課室 & 彙整 <執行成果>"},
]


def test_the_plans_roster_is_printed_on_its_own_page(store, small_plan, tmp_path):
    for member in ROSTER:
        store.add_task_force_member(small_plan.id, **member)
    texts = [_flat(t) for t in _pages(write_control_table(store, small_plan, tmp_path / "t.pdf"))]
    last = texts[-1]
    assert f"{OFFICE}113年度推動小組（任務編組）" in last
    assert "（任務編組）職別職稱姓名任務召集人" in last
    assert "召集人主任陳大文綜理推動小組業務" in last and "協調各課室&彙整<執行成果>" in last
    assert "推動小組" not in "".join(texts[:-1])
    one = store.sections(small_plan.id)[0].id  # a single section's table leaves it out
    texts = _pages(write_control_table(store, small_plan, tmp_path / "s.pdf", section_ids=[one]))
    assert "推動小組" not in _flat("".join(texts))


def test_a_carried_over_task_shows_its_mark(store, small_plan, tmp_path):
    """延續未完成 (issue 9) prints before the task's schedule note, with or without a note."""
    tasks = {t.content: t for _s, tree in store.plan_tree(small_plan.id) for it in tree for t in it.tasks}
    store.update_task(tasks["生育獎勵金次日起10日內匯入"].id, carried_from=112)
    store.update_task(tasks["年底清查"].id, carried_from=112)
    flat = _flat("".join(_pages(write_control_table(store, small_plan, tmp_path / "t.pdf", month=6))))
    assert "生育獎勵金次日起10日內匯入（時程：〔112年度未完成〕每月5日前）" in flat
    assert "年底清查（〔112年度未完成〕）" in flat
