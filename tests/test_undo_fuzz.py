"""Undo puts rows back where they were, whatever was renumbered since (issue 7, Undo)."""

from __future__ import annotations

import random

import pytest

from desktop.models.sample import load_sample_plan
from desktop.models.store import Store
from desktop.views import commands as cmd
from desktop.views.commands import UndoStack as QUndoStack


class Ctx:
    """The commands' view of the window, without a window: the store and nothing to repaint."""

    def __init__(self, store: Store):
        self.store = store
        self.data = None
        self.plan = None
        self.errors: list[str] = []

    def notify(self, change: cmd.Change) -> None:
        pass

    def report_error(self, message: str) -> None:
        self.errors.append(message)


def order(store: Store, plan_id: int) -> list:
    """The whole plan as the user sees it: sections, items and tasks in screen order."""
    return [
        (sec.id, sec.name, [(tree.item.id, tree.item.name, [(t.id, t.content, t.months) for t in tree.tasks])
                            for tree in trees])
        for sec, trees in store.plan_tree(plan_id)
    ]


@pytest.fixture
def setup(qapp):
    store = Store(":memory:")
    plan = load_sample_plan(store)
    return Ctx(store), QUndoStack(), plan.id


def _ids(store: Store, plan_id: int, level: str) -> list[int]:
    if level == "section":
        return [s.id for s in store.sections(plan_id)]
    out = []
    for _sec, trees in store.plan_tree(plan_id):
        for tree in trees:
            if level == "item":
                out.append(tree.item.id)
            else:
                out.extend(t.id for t in tree.tasks)
    return out


def test_undo_of_delete_goes_back_among_renumbered_siblings(setup):
    ctx, stack, plan_id = setup
    store = ctx.store
    item = store.plan_tree(plan_id)[0][1][0].item
    a, b, c = (store.add_task(item.id, content=n).id for n in "ABC")
    start = [t.id for t in store.tasks(item.id)]
    stack.push(cmd.MoveRow(ctx, "task", a, 1, None))       # ... B A C
    after_move = [t.id for t in store.tasks(item.id)]
    stack.push(cmd.DeleteRow(ctx, "task", b, None))         # ... A C
    stack.push(cmd.MoveRow(ctx, "task", c, -1, None))       # ... C A
    stack.undo()
    stack.undo()
    assert [t.id for t in store.tasks(item.id)] == after_move
    stack.undo()
    assert [t.id for t in store.tasks(item.id)] == start


def test_a_move_that_cannot_happen_keeps_the_redo_history(setup):
    ctx, stack, plan_id = setup
    store = ctx.store
    first = _ids(store, plan_id, "section")[0]
    task = _ids(store, plan_id, "task")[0]
    stack.push(cmd.SetTaskFields(ctx, task, {"content": "改過"}, "修改"))
    stack.undo()
    assert stack.canRedo()
    stack.push(cmd.MoveRow(ctx, "section", first, -1, None))  # already first
    assert stack.canRedo()
    stack.redo()
    assert store.task(task).content == "改過"


def test_a_thousand_random_edits_all_undone_give_back_the_start(setup):
    ctx, stack, plan_id = setup
    store = ctx.store
    rng = random.Random(20261202)
    start = order(store, plan_id)
    for _ in range(1000):
        kind = rng.choice(["move", "move", "delete", "add", "edit", "undo", "redo"])
        if kind == "undo":
            stack.undo()
            continue
        if kind == "redo":
            stack.redo()
            continue
        level = rng.choice(["section", "item", "task", "task"])
        ids = _ids(store, plan_id, level)
        if not ids:
            continue
        row = rng.choice(ids)
        if kind == "move":
            stack.push(cmd.MoveRow(ctx, level, row, rng.choice([-1, 1]), None))
        elif kind == "delete" and (level != "section" or len(ids) > 1):
            stack.push(cmd.DeleteRow(ctx, level, row, None))
        elif kind == "add" and level == "task":
            item_id = store.task(row).item_id
            stack.push(cmd.AddTask(ctx, item_id, rng.randint(0, len(store.tasks(item_id)))))
        elif kind == "add" and level == "item":
            section_id = store.item(row).section_id
            stack.push(cmd.AddItem(ctx, section_id, rng.randint(0, len(store.items(section_id)))))
        elif kind == "edit" and level == "task":
            stack.push(cmd.SetTaskFields(ctx, row, {"months": rng.randrange(4096)}, "排程"))
    assert stack.index() > 100  # the fuzz did real work
    while stack.canUndo():
        stack.undo()
    assert ctx.errors == []
    assert order(store, plan_id) == start
