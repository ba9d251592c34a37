"""管考總覽: figures from the one state rule and the one KPI rule, a drawing that prints and
shows on screen, the handout's first page, and `plandesk dashboard`."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from desktop.cli import run
from desktop.models.dashboard import dashboard, kpi_rate
from desktop.models.domain import DerivedState as S
from desktop.models.kpi import KpiResult as K
from desktop.models.store import Store
from desktop.printing.dashboard import write_dashboard
from desktop.printing.fonts import register_cjk_font
from desktop.views.dashboard_view import DashboardView
from desktop.views.main_window import MainWindow


@pytest.fixture
def plan(store: Store):
    plan = store.create_plan(113, office="臺北市測試區戶政事務所")
    a = store.add_section(plan.id, "戶籍登記課")
    b = store.add_section(plan.id, "人事室")
    ia = store.add_item(a.id, number="1", name="登記")
    ib = store.add_item(b.id, number="1", name="訓練")
    t1 = store.add_task(ia.id, content="逾期", months=(3, 4))
    store.set_progress(t1.id, 3, status="依進度")
    t2 = store.add_task(ia.id, content="完成", months=(5,))
    store.set_progress(t2.id, 5, status="已完成")
    store.add_task(ib.id, content="未填", months=(6,))
    t4 = store.add_task(ib.id, content="同意率達60%以上", months=(6,), checkpoints=(6,),
                        target_op=">=", target_value=60, target_unit="%")
    store.set_progress(t4.id, 6, actual_value="70%")
    t5 = store.add_task(ib.id, content="未達", months=(2,), target_op=">=", target_value=10,
                        target_unit="件")
    store.set_progress(t5.id, 2, status="已完成", actual_value="3")
    return plan


def test_figures_follow_the_state_and_kpi_rules(store, plan):
    d = dashboard(store, plan, 6)
    a, b = d.sections
    assert a.name == "戶籍登記課" and a.states[S.BEHIND] == 1 and a.states[S.DONE] == 1
    assert a.total == 2 and a.planned == 0
    assert b.states[S.UNREPORTED] == 1 and b.states[S.ON_TRACK] == 1 and b.states[S.DONE] == 1
    assert b.planned == 2
    assert a.kpi == {K.MET: 0, K.MISSED: 0, K.MISSING: 0}
    assert b.kpi == {K.MET: 1, K.MISSED: 1, K.MISSING: 0}
    t = d.totals
    assert t.total == 5 and sum(t.states.values()) == 5 and t.kpi[K.MET] == 1
    # the trend: month by month, as each month stood
    assert len(d.trend) == 6
    assert d.trend[2] == {S.ON_TRACK: 1, S.BEHIND: 0, S.UNREPORTED: 0}  # 3月: t1 reported
    assert d.trend[3] == {S.ON_TRACK: 0, S.BEHIND: 0, S.UNREPORTED: 1}  # 4月: t1 not reported
    assert d.trend[4][S.BEHIND] == 1  # 5月: t1's last month has passed
    assert d.trend[5] == {S.ON_TRACK: 1, S.BEHIND: 1, S.UNREPORTED: 1}
    assert kpi_rate(b.kpi) == 0.5 and kpi_rate(a.kpi) is None
    with pytest.raises(ValueError):
        dashboard(store, plan, 13)


def test_pdf_page_has_title_sections_and_only_embedded_fonts(store, plan, tmp_path):
    out = write_dashboard(dashboard(store, plan, 6), register_cjk_font(""), tmp_path / "d.pdf")
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for words in ("113年6月管考總覽", "戶籍登記課", "人事室", "一、各課室", "二、考核指標",
                  "三、全年趨勢", "考核指標達成率 50%", "落後", "未填報"):
        assert words in text, words
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        assert font.get_object()["/Subtype"] == "/TrueType"


def test_a_plan_without_sections_still_draws(store, tmp_path):
    plan = store.create_plan(114)
    out = write_dashboard(dashboard(store, plan, 1), register_cjk_font(""), tmp_path / "e.pdf")
    assert "尚無考核結果" in PdfReader(str(out)).pages[0].extract_text()


def test_cli_json_text_and_pdf(store, plan, tmp_path, capsys):
    db = str(store.path)
    out = tmp_path / "cli.pdf"
    assert run(["--db", db, "dashboard", "--year", "113", "--month", "6", "--json",
                "--out", str(out)]) == 0
    shape = json.loads(capsys.readouterr().out)
    assert shape["year"] == 113 and shape["month"] == 6
    assert [s["name"] for s in shape["sections"]] == ["戶籍登記課", "人事室"]
    assert shape["sections"][1]["kpi"] == {"met": 1, "missed": 1, "missing": 0}
    assert shape["sections"][0]["states"]["落後"] == 1
    assert shape["trend"][3] == {"month": 4, "依進度": 0, "落後": 0, "未填報": 1}
    assert out.exists() and len(PdfReader(str(out)).pages) == 1
    assert run(["--db", db, "dashboard", "--year", "113", "--month", "6"]) == 0
    text = capsys.readouterr().out
    assert "人事室：工作 3 項（本月排程 2）" in text and "考核指標達成率 50%" in text
    assert run(["--db", db, "dashboard", "--year", "99"]) == 2
    assert "沒有 99 年度計畫" in capsys.readouterr().err


def test_window_opens_the_dashboard_and_follows_month_and_edits(qtbot, store, plan, tmp_path):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.set_report_month(6)
    window.dashboard_action.trigger()
    view = window._dashboard
    assert isinstance(view, DashboardView) and view.isVisible()
    assert view.data.month == 6 and not view.picture.pixmap().isNull()
    view.month_combo.setCurrentIndex(3)
    assert view.data.month == 4 and view.data.trend[3][S.UNREPORTED] == 1
    # an edit made in the window reaches the open dashboard
    task = next(t for _s, tree in store.plan_tree(plan.id) for n in tree for t in n.tasks
                if t.content == "逾期")
    before = view.data.totals.states[S.DONE]
    from desktop.views import commands as cmd

    window.push(lambda: cmd.SetProgress(window, task.id, 4, {"status": "已完成"}, "狀態"))
    qtbot.waitUntil(lambda: view.data.totals.states[S.DONE] == before + 1, timeout=3000)
    saved = view.write_pdf(tmp_path / "總覽")
    assert saved.name == "總覽.pdf" and saved.exists()
