"""The monthly handout PDF: summary counts agree with derive_state, alerts and month list shown."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.models.domain import DerivedState
from desktop.models.rocdate import roc_long
from desktop.models.state import derive_state
from desktop.printing.handout import handout_data, write_handout

OFFICE = "臺北市大安區戶政事務所"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def plan(store):
    plan = store.create_plan(113, OFFICE, "113年度提升服務品質執行計畫")
    store.insert_sections(plan.id, [
        {"name": "戶籍登記課", "items": [
            {"number": "1", "name": "出生登記", "tasks": [
                {"content": "依進度工作", "months": [5, 6], "progress": {
                    6: {"status": "依進度", "note": "六月已辦理 30 件"}}},
                {"content": "落後工作", "months": [3, 4, 5, 9], "progress": {
                    5: {"status": "落後", "note": "系統故障", "cause": "系統停機三日",
                        "remedy": "假日加班補辦"}}},
                {"content": "未填報工作", "months": [6]},
            ]},
            {"number": "2", "name": "清查", "tasks": [
                {"content": "已完成工作", "months": [2, 6], "progress": {
                    2: {"status": "已完成", "note": "完成"}}},
                {"content": "未到期工作", "months": [9, 10]},
                {"content": "逾期工作", "months": [1, 2]},
            ]},
        ]},
        {"name": "人事室", "items": [
            {"number": "1", "name": "訓練", "tasks": [
                {"content": "<b>AT&T</b> 訓練", "months": [6], "progress": {
                    6: {"status": "暫緩", "note": "a < b"}}},
                {"content": "無排程工作", "months": []},
            ]},
        ]},
        {"name": "會計室", "items": []},
    ])
    return plan


def test_summary_counts_match_derive_state(store, plan):
    data = handout_data(store, plan, 6)
    direct: dict[str, Counter] = {}
    for section, tree in store.plan_tree(plan.id):
        c = direct.setdefault(section.name, Counter())
        for node in tree:
            for t in node.tasks:
                c[derive_state(t.months, store.progress(t.id), 6)] += 1
    for s in data.summaries:
        assert {k: v for k, v in s.counts.items() if v} == dict(direct[s.name])
    reg = data.summaries[0].counts
    assert reg[DerivedState.ON_TRACK] == 1
    assert reg[DerivedState.BEHIND] == 2  # reported 落後, and 逾期 (last month before June)
    assert reg[DerivedState.UNREPORTED] == 1
    assert reg[DerivedState.DONE] == 1
    assert reg[DerivedState.NOT_DUE] == 1
    assert data.totals.total == 8
    assert data.totals.planned == 4
    assert [r.task.content for _, r in data.alerts] == ["落後工作", "逾期工作", "未填報工作"]


def test_handout_pdf(store, plan, tmp_path):
    out = write_handout(store, plan, 6, tmp_path / "h.pdf")
    reader = PdfReader(str(out))
    texts = [p.extract_text() for p in reader.pages]
    flat = _flat("".join(texts))
    assert "113年6月管考總覽" in _flat(texts[0])  # the dashboard is the first page
    first = _flat(texts[1])
    assert OFFICE in first and "113年6月工作計畫執行情形" in first
    assert "一、各課室執行概況" in first and "合計" in first
    for n, text in enumerate(texts, 1):
        assert f"第{n}頁，共{len(texts)}頁" in _flat(text)
        assert f"列印日期：{roc_long(date.today())}" in _flat(text)
    for page in reader.pages:  # A4 portrait
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            (595.28, 841.89), abs=0.1)
    assert "二、落後及未填報工作（3項）" in flat
    for t in ("落後工作", "逾期工作", "未填報工作", "3～5月、9月", "1～2月", "原因：系統停機三日",
              "對策：假日加班補辦", "（5月）落後：系統故障"):
        assert _flat(t) in flat, t
    assert "三、6月排程工作執行情形" in flat
    assert "（一）戶籍登記課（本月3項）" in flat
    assert "（二）人事室（本月1項）" in flat
    assert "（三）會計室（本月0項）" in flat and "本月沒有排程工作" in flat
    assert "依進度：六月已辦理30件" in flat
    assert "<b>AT&T</b>訓練" in flat and "暫緩：a<b" in flat
    # the month list holds exactly the June tasks
    section3 = flat.split("三、6月排程工作執行情形")[1]
    for t in ("依進度工作", "未填報工作", "已完成工作"):
        assert t in section3
    for t in ("落後工作", "未到期工作", "逾期工作", "無排程工作"):
        assert t not in section3
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        assert font.get_object()["/Subtype"] == "/TrueType"


def test_handout_without_alerts_and_bad_month(store, tmp_path):
    plan = store.create_plan(112, OFFICE)
    store.insert_sections(plan.id, [{"name": "人事室", "items": [
        {"number": "1", "name": "x", "tasks": [{"content": "九月才做", "months": [9]}]}]}])
    flat = _flat("".join(p.extract_text() for p in
                         PdfReader(str(write_handout(store, plan, 3, tmp_path / "a.pdf"))).pages))
    assert "二、落後及未填報工作（0項）" in flat and "本月沒有落後或未填報的工作" in flat
    with pytest.raises(ValueError):
        write_handout(store, plan, 13, tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()


def test_long_text_is_cut_to_fit_a_page(store, tmp_path):
    plan = store.create_plan(113, OFFICE)
    long = "清查" * 1500
    store.insert_sections(plan.id, [{"name": "戶籍登記課", "items": [
        {"number": "1", "name": "長", "tasks": [{"content": long, "months": [6],
                                                 "progress": {6: {"status": "落後",
                                                                  "note": "說明" * 800}}}]}]}])
    out = write_handout(store, plan, 6, tmp_path / "l.pdf")
    flat = _flat("".join(p.extract_text() for p in PdfReader(str(out)).pages))
    assert "（全文見管制表）" in flat


def test_sample_handout(sample_store, tmp_path):
    plan = sample_store.plans()[-1]
    out = write_handout(sample_store, plan, 6, tmp_path / "s.pdf")
    texts = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert f"{plan.year}年6月管考總覽" in _flat(texts[0])
    assert f"{plan.year}年6月工作計畫執行情形" in _flat(texts[1])
    flat = _flat("".join(texts))
    for s in handout_data(sample_store, plan, 6).summaries:
        assert s.name in flat


def test_handout_ends_with_the_signoff_block(store, plan, tmp_path):
    out = write_handout(store, plan, 6, tmp_path / "h.pdf", today=date(2024, 7, 5))
    last = _flat(PdfReader(str(out)).pages[-1].extract_text())
    assert "製表日期：113年7月5日" in last
    assert last.index("承辦人") < last.index("單位主管") < last.index("機關首長")
    tail = last.split("製表日期")[1]
    assert "本月沒有排程工作" not in tail  # the block comes after everything else


def test_summary_columns_add_up_and_the_month_count_stands_apart(store, plan):
    from desktop.printing.handout import _Builder

    builder = _Builder(handout_data(store, plan, 6), store.progress_for_plan(plan.id),
                       "Helvetica", "A4")
    table = next(f for f in builder.summary() if hasattr(f, "_cellvalues"))
    cells = table._cellvalues
    heads = [c.text for c in cells[0]]
    assert heads[:2] == ["課室", "工作數"] and "另計" in heads[-1]
    for row in cells[1:]:
        total, states = int(row[1]), [int(v) for v in row[2:-1]]
        assert sum(states) == total  # every task counted once
    assert cells[-1][-1] == "4"  # 合計: the June-scheduled tasks, apart


def test_decision_box_follows_the_alert_list(store, plan, tmp_path):
    out = write_handout(store, plan, 6, tmp_path / "h.pdf")
    flat = _flat("".join(p.extract_text() for p in PdfReader(str(out)).pages))
    assert "工作數」＝依進度＋落後" in flat
    assert flat.index("二、落後及未填報工作") < flat.index("主席裁示／決議") < flat.index("三、6月排程工作")
