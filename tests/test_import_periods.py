"""Free-text ROC periods (實施期程 / 辦理期間) read into planned months, never silently."""

from __future__ import annotations

import pytest

from desktop.exchange.periods import parse_period

ALL = list(range(1, 13))


@pytest.mark.parametrize(
    ("text", "year", "months"),
    [
        ("96.1.1-96.12.31", 96, ALL),
        ("96. 3. 1-96. 11. 30", 96, list(range(3, 12))),
        ("97.02~10", 97, list(range(2, 11))),
        ("97 年 9 月", 97, [9]),
        ("97.01~97.2.8\n97.07~97.8.8", 97, [1, 2, 7, 8]),
        ("97.10報名 97.11測試", 97, [10, 11]),
        ("97.01~12 ( 配合每年市有財產盤點計畫辦理)", 97, ALL),
        ("每月", 113, ALL),
        ("每月5日前", 113, ALL),
        ("實地(3月-10月)", 113, list(range(3, 11))),
        ("書面(7-8 月)", 113, [7, 8]),
        ("書面(4月、7月、10月)", 113, [4, 7, 10]),
        ("1/1-2/28", 113, [1, 2]),
        ("９６．５．１－９６．６．３０", 96, [5, 6]),  # full-width digits and dashes
        ("第7屆立委選舉97.1.12\n總統選舉97.3.22", 97, [1, 3]),
        ("97.6.1-97.9.30", None, [6, 7, 8, 9]),  # year unknown: any year counts
        ("", 97, []),
    ],
)
def test_periods_read_without_problems(text, year, months):
    reading = parse_period(text, year)
    assert (reading.months, reading.problems) == (months, [])


@pytest.mark.parametrize(
    ("text", "year", "months", "problems"),
    [
        ("賡續辦理", 97, ALL, ["「賡續辦理」未寫明月份，視為全年（1–12月）辦理"]),
        ("91.4.1 開辦\n賡續辦理", 97, ALL, ["「91.4.1 開辦 賡續辦理」未寫明月份，視為全年（1–12月）辦理"]),
        ("96.2.1-96.2.31", 96, [2], ["「96.2.31」不是有效日期，只採用其月份（2月）"]),
        ("96. 1. 1-96. 2. 30", 96, [1, 2], ["「96.2.30」不是有效日期，只採用其月份（2月）"]),
        ("96.5.1-96.3.1", 96, [3, 4, 5], ["期間「96.5.1–96.3.1」起訖顛倒，已改為由早到晚讀取"]),
        # 北投 96: only the end's year is behind — a slip of the year, not a single month
        ("96. 1. 1-95. 12. 31", 96, ALL,
         ["期間「96.1.1–95.12.31」訖日早於起日，訖日年份應為誤寫，已讀為 96年1月–12月"]),
        # crossing the year: this year's months only, and said so
        ("96.11~97.03", 97, [1, 2, 3], ["期間「96.11–97.03」跨越年度，只採用本年度（97年）的 1–3月"]),
        ("112 年 11 月至 113 年 10 月", 113, list(range(1, 11)),
         ["期間「112年11月–113年10月」跨越年度，只採用本年度（113年）的 1–10月"]),
        ("96.13.1-96.14.1", 96, [], ["「96.13.1」的月份不存在，未採用"]),
        ("95.11 開辦", 97, [], ["無法從「95.11 開辦」讀出月份"]),
        ("96.8.1 開辦\n97.01~12", 97, ALL, []),
        ("95.3.1-95.6.30", 97, [], ["期間「95.3.1–95.6.30」不在本年度（97年），未採用"]),
        ("96.4.1", 97, [], ["「96.4.1」不是本年度（97年）的日期，未採用"]),
        ("併「開啓一扇窗案」辦理列管", 96, [], ["無法從「併「開啓一扇窗案」辦理列管」讀出月份"]),
    ],
)
def test_periods_that_need_a_guess_say_so(text, year, months, problems):
    reading = parse_period(text, year)
    assert (reading.months, reading.problems) == (months, problems)
