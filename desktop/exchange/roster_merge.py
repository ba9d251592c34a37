"""A 推動小組 roster read from an import into a year that already has a plan: merged, not dropped.

Members are matched by 姓名 (spaces ignored). A name the plan does not have is added at the
end; a name it has takes the file's 職別 / 職稱 / 任務 where the file says something; members the
file lacks are kept (a table may list only part of the group). A member without a name is
added unless the same row is already there. `RosterMerge.text` is the line the import preview
and the command line show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.models.roster import FIELDS

LABELS = {"role": "職別", "title": "職稱", "name": "姓名", "duty": "任務"}


@dataclass
class RosterMerge:
    before: list[dict]
    after: list[dict]
    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # name, fields changed
    kept: list[str] = field(default_factory=list)  # members the file does not list

    @property
    def changes(self) -> bool:
        return bool(self.added or self.updated)

    def text(self) -> str:
        if not self.changes:
            return f"推動小組：與現有名單相同（{len(self.before)} 人），不變更"
        parts = []
        if self.added:
            parts.append(f"新增 {len(self.added)} 人（{'、'.join(self.added)}）")
        if self.updated:
            said = "；".join(f"{name}：{'、'.join(LABELS[k] for k in keys)}" for name, keys in self.updated)
            parts.append(f"更新 {len(self.updated)} 人（{said}）")
        if self.kept:
            parts.append(f"保留檔案中沒有的 {len(self.kept)} 人（{'、'.join(self.kept)}）")
        return "推動小組：" + "，".join(parts)


def _clean(member: dict) -> dict:
    return {k: (" ".join(str(member.get(k) or "").split()) if k != "duty"
                else str(member.get(k) or "").strip()) for k in FIELDS}


def _key(name: str) -> str:
    return "".join(name.split())


def merge_roster(before: list[dict], incoming: list[dict]) -> RosterMerge:
    """The roster after the import, and what changed, without writing."""
    after = [_clean(m) for m in before]
    out = RosterMerge(before=[dict(m) for m in after], after=after)
    by_name = {_key(m["name"]): m for m in after if m["name"]}
    seen: set[str] = set()
    for raw in incoming:
        new = _clean(raw)
        if not any(new.values()):
            continue
        key = _key(new["name"])
        if not key:
            if new not in after:
                after.append(new)
                out.added.append(new["title"] or new["role"] or "（未填姓名）")
            continue
        seen.add(key)
        old = by_name.get(key)
        if old is None:
            after.append(new)
            by_name[key] = new
            out.added.append(new["name"])
            continue
        keys = [k for k in FIELDS if k != "name" and new[k] and new[k] != old[k]]
        for k in keys:
            old[k] = new[k]
        if keys:
            out.updated.append((old["name"], keys))
    cleaned = [_clean(m) for m in incoming]
    out.kept = [m["name"] or m["title"] or m["role"] for m in out.before
                if (_key(m["name"]) not in seen if m["name"] else m not in cleaned)]
    return out
