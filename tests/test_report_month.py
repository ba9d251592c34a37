"""The default report month of DESIGN.md §3b, in the model, the CLI, the settings and the window."""

from __future__ import annotations

from datetime import date

import pytest

from desktop import cli
from desktop.models import rocdate
from desktop.models.report_month import report_month_for
from desktop.models.rocdate import default_report_month
from desktop.models.store import Store


class _Dec2(date):
    @classmethod
    def today(cls) -> date:
        return cls(2026, 12, 2)  # ROC 115


class _Dec11(date):
    @classmethod
    def today(cls) -> date:
        return cls(2026, 12, 11)


@pytest.mark.parametrize(("day", "cutoff", "expected"), [
    (date(2026, 12, 2), 10, 11), (date(2026, 12, 10), 10, 11), (date(2026, 12, 11), 10, 12),
    (date(2026, 12, 2), 1, 12), (date(2026, 1, 5), 10, 1), (date(2026, 7, 20), 25, 6),
])
def test_previous_month_until_the_cut_off_day(day, cutoff, expected):
    assert default_report_month(115, day, cutoff) == expected


def test_another_year_is_december():
    assert default_report_month(114, date(2026, 12, 2)) == 12
    assert default_report_month(116, date(2026, 3, 20)) == 12


def test_the_stored_cut_off_day_is_used(store):
    assert report_month_for(store, 115, date(2026, 12, 5)) == 11
    store.set_setting("report_cutoff_day", "3")
    assert report_month_for(store, 115, date(2026, 12, 5)) == 12
    store.set_setting("report_cutoff_day", "abc")  # unreadable: the default, 10
    assert report_month_for(store, 115, date(2026, 12, 5)) == 11


def test_every_command_defaults_to_last_month_before_the_cut_off(store, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(rocdate, "date", _Dec2)
    plan = store.create_plan(115, "臺北市文山區戶政事務所")
    store.insert_sections(plan.id, [{"name": "戶籍登記課", "items": [{"number": "1", "name": "x", "tasks": [
        {"content": "y", "months": [11, 12]}]}]}])
    store.close()
    out = str(tmp_path / "h.pdf")
    assert cli.run(["--db", str(store.path), "handout", "--out", out]) == 0
    assert "115 年 11 月月報" in capsys.readouterr().out
    monkeypatch.setattr(rocdate, "date", _Dec11)
    assert cli.run(["--db", str(store.path), "handout", "--out", out]) == 0
    assert "115 年 12 月月報" in capsys.readouterr().out
    assert cli.resolve_month(plan, None, Store(store.path)) == 12


def test_window_opens_on_last_month_before_the_cut_off(qtbot, store, monkeypatch):
    from desktop.views.main_window import MainWindow

    monkeypatch.setattr(rocdate, "date", _Dec2)
    store.create_plan(115, "臺北市文山區戶政事務所")
    w = MainWindow(store)
    qtbot.addWidget(w)
    assert w.report_month == 11
    assert w.month_combo.currentText() == "11月"


def test_settings_dialog_stores_the_cut_off_day(qtbot, store):
    from desktop.views.settings_dialog import SettingsDialog

    d = SettingsDialog(store, None)
    qtbot.addWidget(d)
    assert d.cutoff.value() == 10
    d.cutoff.setValue(5)
    d.apply()
    assert store.get_setting("report_cutoff_day") == "5"
