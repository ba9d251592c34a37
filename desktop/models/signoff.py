"""The sign-off block (核章欄) printed at the end of the control table, the handout and
each progress sheet: its labels live in the settings table as one line, 「、」-separated."""

from __future__ import annotations

from typing import Protocol

SETTING_KEY = "signoff_labels"
DEFAULT_LABELS = ("承辦人", "單位主管", "機關首長")


class _Settings(Protocol):
    def get_setting(self, key: str, default: str = "") -> str: ...


def parse_labels(text: str) -> list[str]:
    """「承辦人、單位主管」 (also , ， ; and spaces) → labels; empty gives the defaults."""
    for sep in ("，", ",", "；", ";", "\n"):
        text = text.replace(sep, "、")
    labels = [part.strip() for part in text.split("、") if part.strip()]
    return labels or list(DEFAULT_LABELS)


def signoff_labels(store: _Settings) -> list[str]:
    return parse_labels(store.get_setting(SETTING_KEY, ""))


def labels_text(labels: list[str]) -> str:
    return "、".join(labels)
