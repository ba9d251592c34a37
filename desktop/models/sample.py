"""The sample plan (文山區戶政事務所 115 年度, from the reference table) shipped in resources/."""

from __future__ import annotations

import json

from desktop.models.domain import Plan
from desktop.models.store import Store, StoreError
from desktop.paths import resources_dir

SAMPLE_FILE = "sample_plan.json"


def sample_data() -> dict:
    return json.loads((resources_dir() / SAMPLE_FILE).read_text(encoding="utf-8"))


def load_sample_plan(store: Store) -> Plan:
    """Load the sample as a new plan; refused when its year is already there."""
    data = sample_data()
    plan_info = data["plan"]
    if store.plan_by_year(plan_info["year"]) is not None:
        raise StoreError(f"資料庫已有 {plan_info['year']} 年度計畫，未載入範例")
    with store.transaction():
        plan = store.create_plan(**plan_info)
        store.insert_sections(plan.id, data["sections"])
        for member in data.get("task_force", []):
            store.add_task_force_member(plan.id, **member)
    return plan
