"""The year-end results report (成果報告): the data rule, the PDF and `plandesk report`."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from desktop.cli import run
from desktop.models import evidence
from desktop.models.domain import DerivedState
from desktop.models.kpi import KpiResult
from desktop.models.store import Store
from desktop.models.year_report import NO_TARGET, build, rate_text, year_notes


def make_plan(store: Store, tmp_path):
    plan = store.create_plan(115, office="臺北市文山區戶政事務所")
    sec = store.add_section(plan.id, "戶籍登記課")
    store.add_section(plan.id, "人事室")  # no items at all
    item = store.add_item(sec.id, number="1", name="助您好孕專案")
    target = {"target_op": ">=", "target_value": 60, "target_unit": "%"}
    met = store.add_task(item.id, content="同意率達60%以上", months=(1, 2, 3, 4, 5, 6),
                         checkpoints=(3, 6), kpi="同意率達60%以上", **target)
    store.set_progress(met.id, 3, actual_value="70%", note="訪視 10 件")
    store.set_progress(met.id, 6, actual_value="８０％", status="已完成")
    missed = store.add_task(item.id, content="宣導", months=(6,), checkpoints=(6,), **target)
    store.set_progress(missed.id, 6, actual_value="50", status="落後", cause="人力不足",
                       remedy="加派人手")
    missing = store.add_task(item.id, content="清查", months=(6,), checkpoints=(6,), **target)
    store.set_progress(missing.id, 6, actual_value="九成")
    no_target = store.add_task(item.id, content="整理檔案", months=(2,), kpi="如期完成")
    store.set_progress(no_target.id, 2, status="已完成")
    not_due = store.add_task(store.add_item(sec.id, number="2", name="第二項").id,
                             content="年底統計", months=(12,), checkpoints=(12,), **target)
    photo = tmp_path / "簽到表.pdf"
    photo.write_bytes(b"%PDF-1.4 sign-in")
    evidence.add_file(store, met.id, photo, month=3)
    evidence.add_document(store, met.id, "北市文戶字第1150000123號", note="函報")
    ids = {"met": met.id, "missed": missed.id, "missing": missing.id,
           "no_target": no_target.id, "not_due": not_due.id}
    return plan, ids


def rows_by_id(report):
    return {t.task.id: t for s in report.sections for i in s.items for t in i.tasks}


@pytest.mark.parametrize("key, result, state", [
    ("met", KpiResult.MET, DerivedState.DONE),
    ("missed", KpiResult.MISSED, DerivedState.BEHIND),
    ("missing", KpiResult.MISSING, DerivedState.ON_TRACK),
    ("no_target", None, DerivedState.DONE),
    ("not_due", KpiResult.NOT_DUE, DerivedState.NOT_DUE),
])
def test_each_task_has_its_final_state_and_year_result(store, tmp_path, key, result, state):
    plan, ids = make_plan(store, tmp_path)
    row = rows_by_id(build(store, plan, 6))[ids[key]]
    assert row.result == result
    assert row.state == state
    if result is None:
        assert row.result_label == NO_TARGET and row.target == "" and row.checks == []


def test_checks_actuals_notes_and_evidence_names(store, tmp_path):
    plan, ids = make_plan(store, tmp_path)
    rows = rows_by_id(build(store, plan, 12))
    met = rows[ids["met"]]
    assert met.target == "≥ 60 %"
    assert [(c.month, c.actual, c.result) for c in met.checks] == [
        (3, "70%", KpiResult.MET), (6, "８０％", KpiResult.MET)]
    assert met.notes == ["3月：訪視 10 件"]
    assert met.evidence == ["文號 北市文戶字第1150000123號", "3月 簽到表.pdf"]  # task-wide first
    assert met.months_label == "1～6月"
    assert rows[ids["missed"]].notes == ["6月落後原因：人力不足", "6月因應對策：加派人手"]
    assert rows[ids["missing"]].checks_label == "6月 九成 未填"
    assert rows[ids["no_target"]].evidence == []


def test_year_notes_keep_month_order():
    from desktop.models.domain import Progress

    progress = {5: Progress(1, 5, note="五月"), 1: Progress(1, 1, note=" 一月 ", cause="雨")}
    assert year_notes(progress) == ["1月：一月", "5月：五月", "1月落後原因：雨"]


def test_section_summary_counts_and_rate(store, tmp_path):
    plan, _ = make_plan(store, tmp_path)
    report = build(store, plan, 12)
    reg, hr = report.sections
    assert reg.as_json() == {
        "name": "戶籍登記課", "met": 1, "missed": 1, "missing": 2, "rate": 0.25,
        "not_due": 0, "no_target": 1, "tasks": 5, "done": 2, "evidence": 2}
    assert hr.as_json()["rate"] is None and hr.tasks == 0
    assert rate_text(reg.rate) == "25.0%" and rate_text(None) == "—"
    assert report.totals.tasks == 5 and report.totals.kpi[KpiResult.MISSING] == 2
    # in June the December check is not due yet: not counted
    june = build(store, plan, 6).sections[0]
    assert (june.not_due, june.kpi[KpiResult.MISSING]) == (1, 1)


def test_month_out_of_range_is_refused(store, tmp_path):
    plan, _ = make_plan(store, tmp_path)
    with pytest.raises(ValueError, match="1 到 12"):
        build(store, plan, 13)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_pdf_has_heading_summary_sections_and_signoff(store, tmp_path):
    from datetime import date

    from desktop.printing.year_report import write_report

    plan, _ = make_plan(store, tmp_path)
    out = tmp_path / "成果報告.pdf"
    write_report(store, plan, out, "pdf", 12, made_on=date(2026, 12, 3))
    text = pdf_text(out)
    for words in ("臺北市文山區戶政事務所", "115年度工作計畫成果報告", "製表日期：115年12月3日",
                  "各課室考核指標達成情形", "25.0%", "戶籍登記課", "人事室", "本課室尚無計畫項目",
                  "助您好孕專案", "目標值：≥ 60 %", "3月 70% 達成", "未設目標值",
                  "簽到表.pdf", "共 2 件", "6月落後原因：人力不足", "承辦人", "機關首長"):
        assert words in text.replace(" \n", "\n"), words
    reader = PdfReader(str(out))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_an_item_split_across_pages_is_named_again(store, tmp_path):
    from desktop.printing.year_report import write_report

    plan = store.create_plan(115, office="測試所")
    item = store.add_item(store.add_section(plan.id, "測試課").id, number="7", name="長長的項目")
    for n in range(40):
        t = store.add_task(item.id, content=f"工作第{n}項" * 3, months=(1, 2))
        for m in (1, 2):
            store.set_progress(t.id, m, note=f"{m}月辦理情形說明" * 4)
    out = tmp_path / "split.pdf"
    write_report(store, plan, out, "pdf", 12)
    pages = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert len(pages) >= 4
    for page in pages[2:-1]:  # every page after the section's first repeats header and item
        assert "工作內容" in page and "長長的項目（續）" in page


def run_json(capsys, args) -> dict:
    assert run(args) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "ods"])
def test_cli_report_json(tmp_path, capsys, fmt):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    make_plan(store, tmp_path)
    store.close()
    out = tmp_path / f"report.{fmt}"
    data = run_json(capsys, ["--db", str(db), "report", "--year", "115", "--format", fmt,
                             "--out", str(out), "--month", "12", "--json"])
    assert out.stat().st_size > 0
    assert data["out"] == str(out)
    first = data["sections"][0]
    assert {k: first[k] for k in ("name", "met", "missed", "missing", "rate")} == {
        "name": "戶籍登記課", "met": 1, "missed": 1, "missing": 2, "rate": 0.25}
    assert data["sections"][1]["rate"] is None


def test_cli_report_errors_in_chinese(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    make_plan(store, tmp_path)
    store.close()
    assert run(["--db", str(db), "report", "--year", "99", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "沒有 99 年度計畫" in capsys.readouterr().err
    folder = tmp_path / "成果報告.pdf"
    folder.mkdir()  # the chosen name is a folder: refused, said in Chinese with the name
    assert run(["--db", str(db), "report", "--year", "115", "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("錯誤：") and "成果報告.pdf" in err
    with pytest.raises(SystemExit) as exit_:
        run(["--db", str(db), "report", "--format", "doc", "--out", str(tmp_path / "x.doc")])
    assert exit_.value.code == 2 and "不接受 'doc'" in capsys.readouterr().err


def test_cli_report_full_disk_keeps_the_old_file(tmp_path, capsys, monkeypatch):
    import errno

    from desktop.exchange import atomic

    db = tmp_path / "plan.sqlite"
    store = Store(db)
    make_plan(store, tmp_path)
    store.close()
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old report")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    assert run(["--db", str(db), "report", "--year", "115", "--out", str(out)]) == 2
    assert "磁碟已滿" in capsys.readouterr().err
    assert out.read_bytes() == b"old report"
