"""The 任務編組 below 大安's table is read into the plan's roster (issue 9)."""

from __future__ import annotations

from openpyxl import Workbook

from desktop.exchange.merge import apply_merge, plan_merge, undo_merge
from desktop.exchange.table_import import read_table_file


def daan_with_roster(path):
    """大安 112's layout (附件一 table, then 附件二 任務編組 below it, duty text wrapped)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "工作表1"
    ws.append(["臺北市大安區戶政事務所（戶籍登記課）112 年度重要工作計畫作業時程管制表"])
    ws.append(["編號", "計畫項目", "工作內容", "執行狀態"])
    ws.append(["1", "網路預約免排隊", "每日查閱網路預約申辦系統", "依期程執行"])
    ws.append([])
    ws.append(["附件二  任務編組"])
    ws.append(["職別", "職稱", "姓名", "任務"])
    ws.append(["主任委員", "主  任", "蔡文如", "指導監督「112 年度提升服務品質執行計畫」各項"])
    ws.append(["", "", "", "事宜"])
    ws.append(["副主任委員", "秘  書", "范蕙華", "綜理監督各項事宜"])
    ws.append([])
    ws.append(["製表人："])
    wb.save(path)
    return path


ROSTER = [
    {"role": "主任委員", "title": "主 任", "name": "蔡文如",
     "duty": "指導監督「112 年度提升服務品質執行計畫」各項事宜"},
    {"role": "副主任委員", "title": "秘 書", "name": "范蕙華", "duty": "綜理監督各項事宜"},
]


def test_the_roster_below_the_table_is_read(tmp_path):
    r = read_table_file(daan_with_roster(tmp_path / "d.xlsx"))
    assert r.roster == ROSTER
    assert [len(i["tasks"]) for s in r.sections for i in s["items"]] == [1]
    assert [(w.row, w.message) for w in r.warnings if "任務編組" in w.message] == [
        (6, "從這一列起是任務編組（2 人），讀入計畫的推動小組，不當作管制表的內容")]


def test_a_new_plan_gets_the_roster_and_undo_takes_it_away(store, tmp_path):
    r = read_table_file(daan_with_roster(tmp_path / "d.xlsx"))
    res = apply_merge(store, plan_merge(store, r, 112, False))
    got = [(m.role, m.title, m.name, m.duty) for m in store.task_force(res.plan_id)]
    assert got == [(m["role"], m["title"], m["name"], m["duty"]) for m in ROSTER]
    undo_merge(store, res)
    assert store.plan_by_year(112) is None


def test_an_existing_plan_keeps_its_roster_and_is_told(store, tmp_path):
    plan = store.create_plan(112, "臺北市大安區戶政事務所")
    r = read_table_file(daan_with_roster(tmp_path / "d.xlsx"))
    mp = plan_merge(store, r, 112, False)
    assert [w.message for w in mp.warnings if "推動小組" in w.message] == [
        "檔案中的推動小組名單（2 人）未匯入：112 年度計畫已經存在，名單只在建立新的年度計畫時匯入"]
    apply_merge(store, mp)
    assert store.task_force(plan.id) == []
