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


def test_an_existing_plan_without_a_roster_gets_the_files(store, tmp_path):
    """Issue 9: a roster read into an EXISTING year is merged, and the preview says how."""
    from desktop.exchange.import_cli import roster_line
    from desktop.exchange.merge import redo_merge, snapshot_created

    plan = store.create_plan(112, "臺北市大安區戶政事務所")
    r = read_table_file(daan_with_roster(tmp_path / "d.xlsx"))
    mp = plan_merge(store, r, 112, False)
    assert not [w for w in mp.warnings if "推動小組" in w.message]
    assert roster_line(mp) == "推動小組：新增 2 人（蔡文如、范蕙華）"
    res = apply_merge(store, mp)
    got = [(m.role, m.title, m.name, m.duty) for m in store.task_force(plan.id)]
    assert got == [(m["role"], m["title"], m["name"], m["duty"]) for m in ROSTER]
    created = snapshot_created(store, res)
    undo_merge(store, res)
    assert store.task_force(plan.id) == []
    redo_merge(store, res, created)
    assert [m.name for m in store.task_force(plan.id)] == ["蔡文如", "范蕙華"]


def test_an_existing_roster_is_merged_by_name(store, tmp_path):
    """Members of the file are matched by 姓名: a new name is added at the end, a known one takes
    the file's 職別/職稱/任務 where the file says something; members the file lacks stay."""
    from desktop.exchange.import_cli import roster_line

    plan = store.create_plan(112, "臺北市大安區戶政事務所")
    store.add_task_force_member(plan.id, role="委員", title="課長", name="王大同", duty="督導戶籍登記")
    store.add_task_force_member(plan.id, role="主任委員", title="主任", name="蔡文如", duty="舊的任務")
    r = read_table_file(daan_with_roster(tmp_path / "d.xlsx"))
    mp = plan_merge(store, r, 112, False)
    assert roster_line(mp) == ("推動小組：新增 1 人（范蕙華），更新 1 人（蔡文如：職稱、任務），"
                               "保留檔案中沒有的 1 人（王大同）")
    res = apply_merge(store, mp)
    got = [(m.role, m.title, m.name, m.duty) for m in store.task_force(plan.id)]
    assert got == [("委員", "課長", "王大同", "督導戶籍登記"),
                   ("主任委員", "主 任", "蔡文如", "指導監督「112 年度提升服務品質執行計畫」各項事宜"),
                   ("副主任委員", "秘 書", "范蕙華", "綜理監督各項事宜")]
    undo_merge(store, res)
    assert [(m.name, m.duty) for m in store.task_force(plan.id)] == [
        ("王大同", "督導戶籍登記"), ("蔡文如", "舊的任務")]


def test_the_same_roster_again_changes_nothing_and_says_so(store, tmp_path):
    from desktop.exchange.import_cli import roster_line, summary_text

    r = read_table_file(daan_with_roster(tmp_path / "d.xlsx"))
    apply_merge(store, plan_merge(store, r, 112, False))
    again = read_table_file(daan_with_roster(tmp_path / "e.xlsx"))
    again.sections[0]["name"] = "戶政資訊課"
    mp = plan_merge(store, again, 112, False)
    assert roster_line(mp) == "推動小組：與現有名單相同（2 人），不變更"
    assert "推動小組：與現有名單相同" in summary_text(tmp_path / "e.xlsx", mp, "檔案標題")
    before = [m.id for m in store.task_force(store.plan_by_year(112).id)]
    apply_merge(store, mp)
    assert [m.id for m in store.task_force(store.plan_by_year(112).id)] == before
