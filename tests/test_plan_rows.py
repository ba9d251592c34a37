"""The window's fast plan read (models/plan_rows.py) gives exactly what Store builds."""

from __future__ import annotations

from bench.synth import make_plan
from desktop.models.plan_data import PlanData
from desktop.models.plan_rows import plan_progress, plan_trees


def test_plan_rows_equal_the_stores_own_objects(store):
    other = make_plan(store, 120, year=113, seed=3)
    plan = make_plan(store, 200, year=114, seed=5)
    task = store.section_tree(store.sections(plan.id)[1].id)[0].tasks[0]
    store.update_task(task.id, carried_from=113, target_op=">=", target_value=95, checkpoints=[6, 12])
    sections = store.sections(plan.id)
    trees = plan_trees(store.conn, plan.id, [s.id for s in sections])
    assert list(trees) == [s.id for s in sections]
    for sec in sections:
        assert trees[sec.id] == store.section_tree(sec.id)
        for fast, slow in zip(trees[sec.id], store.section_tree(sec.id), strict=True):
            assert [vars(t) for t in fast.tasks] == [vars(t) for t in slow.tasks]  # types too
            assert vars(fast.item) == vars(slow.item)
    assert plan_progress(store.conn, plan.id) == store.progress_for_plan(plan.id)
    assert plan_progress(store.conn, other.id) == store.progress_for_plan(other.id)
    data = PlanData(store, plan.id)
    assert data.find_task(task.id)[1].carried_from == 113
    assert hash(data.find_task(task.id)[1]) == hash(store.task(task.id))  # frozen: hashable alike
