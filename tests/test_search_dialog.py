"""The search window, driven as the officer does: Ctrl+F, type a word, open a hit of another year."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.views.main_window import MainWindow
from desktop.views.search_dialog import C_TEXT, HTML_ROLE


def _window(qtbot, store):
    for year, word in ((112, "戶籍謄本"), (115, "門牌整編")):
        plan = store.create_plan(year, "文山區戶政事務所")
        store.add_section(plan.id, "人事室")
        sec = store.add_section(plan.id, "戶籍登記課")
        item = store.add_item(sec.id, "1", f"{word}專案")
        store.add_task(item.id, content="其他工作", months=(1,))
        store.add_task(item.id, content=f"辦理{word}宣導", months=(3,))
        store.add_item(sec.id, "2", f"{word}檢討")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    return window


def test_ctrl_f_finds_a_two_character_word_and_opens_the_old_year(qtbot, store):
    window = _window(qtbot, store)
    assert window.plan.year == 115
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.grid, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window._search_dialog
    assert dialog.isVisible()
    dialog.box.insert("謄本")  # what an input method commits (QTest types ASCII only)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
    assert rows == [["112", "戶籍登記課", "戶籍謄本專案", "計畫項目"],
                    ["112", "戶籍登記課", "戶籍謄本專案", "工作內容"],
                    ["112", "戶籍登記課", "戶籍謄本檢討", "計畫項目"]]
    assert "謄本</span>" in dialog.table.item(1, C_TEXT).data(HTML_ROLE)
    assert "找到 3 筆" in dialog.status.text()
    dialog.table.selectRow(1)
    dialog.open_button.click()
    assert window.plan.year == 112
    assert window.data.section(window.current_section_id).name == "戶籍登記課"
    task = store.task(window.current_task_id())
    assert task.content == "辦理戶籍謄本宣導"
    # an item without tasks: its row is selected
    dialog.table.selectRow(2)
    dialog.open_current()
    row = window.grid.currentIndex().row()
    assert window.grid_model.rows[row].item.name == "戶籍謄本檢討"


def test_toolbar_box_searches_and_says_when_nothing_is_found(qtbot, store):
    window = _window(qtbot, store)
    window.search_box.insert("沒有")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    dialog = window._search_dialog
    assert dialog.box.text() == "沒有" and dialog.table.rowCount() == 0
    assert "找不到「沒有」" in dialog.status.text()
    dialog.run_search("宣導")
    assert dialog.table.rowCount() == 2 and "2 個年度" in dialog.status.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert window.plan.year == 115 and "宣導" in store.task(window.current_task_id()).content
