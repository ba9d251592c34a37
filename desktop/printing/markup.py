"""User text made safe for reportlab Paragraph markup.

Paragraph parses an XML-like mini-language (<b>, <font>, <img src=…>), so text a user
typed — 「AT&T」, 「a < b」, 「<img src=/etc/passwd>」 — must be escaped before it goes
in, or it would vanish, break the parser, or make reportlab open a file.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: object) -> str:
    """Plain text with unified newlines and no control characters (for canvas strings too)."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "  ")
    return _CONTROL.sub("", s)


def para_text(text: object) -> str:
    """Escaped Paragraph markup for user text; newlines become <br/>."""
    s = clean(text).strip("\n")
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\n", "<br/>")
