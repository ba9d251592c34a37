"""Suggested targets (issue 8): one row per phrase pattern, taken from the reference plans."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.models.domain import Task
from desktop.models.targets import find_targets, read_target, suggest, suggestion_text


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        # the issue's own examples
        ("致贈百歲人瑞金鎖片不知去向者(1/1-2/28)完成清查率100%", ">=", 100, "%"),
        ("新住民關懷訪視案件同意率達60%以上", ">=", 60, "%"),
        ("一址8公民清查專案未處理率0%", "<=", 0, "%"),
        ("跨區辦理初領、補領國民身分證(件數)：每人平均辦理件數16件以上", ">=", 16, "件"),
        ("如媒體宣導、轉發書面資料等，每年宣導方式達6種以上。", ">=", 6, "種"),
        ("每週執行系統稽核作業，計12次", ">=", 12, "次"),
        ("應於內政部發文後次日起30個工作日內續辦相關戶籍登記事項", "<=", 30, "日"),
        ("申辦戶籍資料異動跨機關通報服務案件比率達100%以上：", ">=", 100, "%"),
        # more, from /work/shared/reference/
        ("綜合性戶政在職教育與專業訓練完成人數比率達70%以上", ">=", 70, "%"),
        ("志工人數占戶政員額比例40%以上及辦理志工教育訓練", ">=", 40, "%"),
        ("電子發票執行率應達75%以上, 並不得低於民政局執行率", ">=", 75, "%"),
        ("公文E化情形應達97%", ">=", 97, "%"),
        ("依市民滿意度衡量管理程序收集市民滿意度問卷調查表至少360份，予以檢討分析改進", ">=", 360, "份"),
        ("每年至少舉行一次全所自強活動。", ">=", 1, "次"),
        ("至少辦理法令測驗二次。", ">=", 2, "次"),
        ("案例研討會每年4次", ">=", 4, "次"),
        ("每人每年時數應達3小時以上", ">=", 3, "小時"),
        ("第4季完成95年以前屆期檔案銷毀1萬件以上", ">=", 10000, "件"),
        ("開辦隨到隨考,本年度達成件數:10件", ">=", 10, "件"),
        ("書面(年度全部活動辦理完成30日內繳交成果資料)", "<=", 30, "日"),
        ("廢止門牌戶籍清查未處理率０％", "<=", 0, "%"),  # full-width digits and sign
        ("誤辦率5%以下", "<=", 5, "%"),
        ("每案處理時間不超過3日", "<=", 3, "日"),
    ],
)
def test_one_target_is_read(text, op, value, unit):
    s = read_target(text)
    assert s is not None, text
    assert (s.op, s.value, s.unit) == (op, value, unit)
    assert s.phrase and s.phrase in unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(
    "text",
    [
        # two different targets: no guess
        "1. 60日內通知辦理出生登記並申請獎勵金 2. 市民申請生育獎勵金次日起10日內匯入市民帳戶",
        "每週執行系統稽核作業符合規定比率達100%，計12次。",
        "1. 每周審核上周跨機關通報案件數至少5%之案件 3. 每月業務課主管抽查每櫃檯至少1件紀錄表陳核",
        # none: weights, formulas, dates, deductions are not targets
        "1. 沙包管理。(17%) 2. 防災搶修業務實地督考。(30%)",
        "完成清查率=(已登錄清查成果件數/全年應清查人口件數)×100%。",
        "應於每月5日前陳報",
        "查核無缺失得15分。每1件缺失扣0.5分。",
        "社交工程網路釣魚全年無人受誘",
        "考核項目參見考核表共計47項，採有無缺失計算",
        "處理中人數如未逾法定期限5日,則不納入計算",
        "",
    ],
)
def test_two_targets_or_none_give_no_suggestion(text):
    assert read_target(text) is None


def test_the_same_target_twice_is_one():
    assert len(find_targets("同意率達60%以上；再次確認同意率達60%以上")) == 1


def _task(**fields):
    return Task(id=1, item_id=1, position=0, **fields)


def test_suggest_reads_the_kpi_text_first_then_the_content():
    kpi_first = _task(content="完成清查率100%", kpi="每年宣導方式達6種以上")
    assert suggest(kpi_first).key == (">=", 6, "種")
    from_content = _task(content="新住民關懷訪視案件同意率達60%以上",
                         kpi="民政局考核： *新住民關懷訪視案件同意率 同意居家訪視或電話訪視案件比率")
    assert suggest(from_content).key == (">=", 60, "%")
    two_in_kpi = _task(content="同意率達60%以上", kpi="比率達100%，計12次")
    assert suggest(two_in_kpi) is None


def test_a_task_with_a_target_gets_no_suggestion():
    assert suggest(_task(content="同意率達60%以上", target_op=">=", target_value=50.0)) is None


def test_suggestion_text_reads_like_the_dock_button():
    assert suggestion_text(read_target("同意率達60%以上")) == "≥ 60 %"
