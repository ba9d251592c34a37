"""Finding a Chinese font that reportlab can embed in a PDF.

reportlab embeds only TrueType outlines (a `glyf` table), not the CFF outlines of
OpenType fonts such as Noto Sans CJK, so we look for the TrueType fonts Taiwanese
offices have: 標楷體, 微軟正黑體, 細明體 on Windows; AR PL UMing/UKai TW on Linux.
A PDF printed with no usable font would show empty boxes, so we refuse instead.
"""

from __future__ import annotations

import os
import struct
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop.models.store import StoreError

# A character every usable font must have (Taiwan form of 戶, as in 戶政事務所).
_PROBE = 0x6236

MISSING_FONT_MESSAGE = (
    "找不到可嵌入 PDF 的中文 TrueType 字型，無法產生 PDF。"
    "請安裝標楷體（Windows 內建的 kaiu.ttf）；Linux 請安裝 fonts-arphic-uming"
    "（sudo apt install fonts-arphic-uming）；"
    "或在「工具 › 設定…」的「PDF 字型」選擇一個 TrueType 中文字型檔（.ttf／.ttc）。"
)


class FontMissingError(StoreError):
    """No TrueType Chinese font could be found or loaded; the message says what to install.

    A StoreError, so the command line and the window report it like any other user problem."""


@dataclass(frozen=True)
class FontChoice:
    label: str  # what the user sees in Settings
    path: str
    index: int = 0  # face index inside a .ttc collection

    @property
    def spec(self) -> str:
        """The value stored in the "pdf_font" setting."""
        return f"{self.path}#{self.index}" if self.index else self.path


def parse_spec(spec: str) -> tuple[str, int]:
    """'path' or 'path#faceIndex' → (path, index)."""
    spec = spec.strip()
    path, sep, idx = spec.rpartition("#")
    if sep and idx.isdigit():
        return path, int(idx)
    return spec, 0


def _windows_font_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def builtin_candidates() -> list[FontChoice]:
    """The fonts we try, best first (tests monkeypatch this to simulate a bare machine)."""
    out: list[FontChoice] = []
    for d in _windows_font_dirs():
        out += [
            FontChoice("標楷體", str(d / "kaiu.ttf")),
            FontChoice("微軟正黑體", str(d / "msjh.ttc")),
            FontChoice("微軟正黑體", str(d / "msjh.ttf")),
            FontChoice("細明體", str(d / "mingliu.ttc")),
        ]
    for base in ("/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts",
                 str(Path.home() / ".local/share/fonts"), str(Path.home() / ".fonts")):
        out += [
            FontChoice("AR PL UMing TW（文鼎明體）", f"{base}/arphic/uming.ttc", 2),
            FontChoice("AR PL UKai TW（文鼎楷書）", f"{base}/arphic/ukai.ttc", 2),
        ]
        out += [FontChoice("全字庫正楷體", str(p)) for p in sorted(Path(base).glob("**/TW-Kai*.ttf"))]
    return out


def is_truetype(path: str, index: int = 0) -> bool:
    """True when the face has TrueType outlines (glyf), which reportlab can embed."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 <= index < count:
                    return False
                f.seek(12 + 4 * index)
                offset = struct.unpack(">I", f.read(4))[0]
                f.seek(offset)
                head = f.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False  # 'OTTO' = CFF outlines
            num_tables = struct.unpack(">H", head[4:6])[0]
            f.seek(offset + 12)
            tags = {f.read(16)[:4] for _ in range(num_tables)}
            return b"glyf" in tags
    except (OSError, struct.error):
        return False


@lru_cache(maxsize=32)
def _has_chinese(path: str, index: int) -> bool:
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        face = TTFontFile(path, charInfo=1, validate=0, subfontIndex=index)
    except Exception:  # noqa: BLE001 - any unreadable font is simply not usable
        return False
    return _PROBE in face.charToGlyph


def font_problem(spec: str) -> str:
    """Why a chosen font cannot be used, in Chinese; '' when it is fine."""
    path, index = parse_spec(spec)
    if not path or not Path(path).is_file():
        return f"找不到字型檔「{path}」"
    if not is_truetype(path, index):
        return (f"字型檔「{Path(path).name}」不是 TrueType 字型（例如 OpenType/CFF 的 Noto Sans CJK），"
                "無法嵌入 PDF，請改選 .ttf 或 .ttc 的 TrueType 中文字型")
    if not _has_chinese(path, index):
        return f"字型檔「{Path(path).name}」沒有繁體中文字（例如「戶」），無法用來列印"
    return ""


def face_count(path: str) -> int:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return 0
    if head[:4] == b"ttcf":
        return struct.unpack(">I", head[8:12])[0]
    return 1 if len(head) == 12 else 0


def best_face(path: str) -> int:
    """For a font file the user picked: its Traditional Chinese face (名稱含 TW), else the
    first usable one, else 0 (font_problem then says why it cannot be used)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    usable = []
    for i in range(min(face_count(path), 16)):
        if is_truetype(path, i) and _has_chinese(path, i):
            usable.append(i)
            try:
                name = TTFontFile(path, charInfo=0, validate=0, subfontIndex=i).name
            except Exception:  # noqa: BLE001 - an odd face is just skipped
                continue
            if b"TW" in name:
                return i
    return usable[0] if usable else 0


def find_cjk_fonts() -> list[FontChoice]:
    """The TrueType Chinese fonts on this machine, best first (for the Settings combo)."""
    seen: set[tuple[str, int]] = set()
    found = []
    for c in builtin_candidates():
        key = (os.path.realpath(c.path), c.index)
        if key in seen or not Path(c.path).is_file():
            continue
        seen.add(key)
        if is_truetype(c.path, c.index):
            found.append(c)
    return found


_lock = threading.Lock()
_registered: dict[str, str] = {}


def resolve_font(setting: str = "") -> FontChoice:
    """The user's font when usable, else the first usable built-in candidate."""
    if setting.strip():
        path, index = parse_spec(setting)
        if not font_problem(setting):
            return FontChoice(Path(path).name, path, index)
    for c in find_cjk_fonts():
        if _has_chinese(c.path, c.index):
            return c
    raise FontMissingError(MISSING_FONT_MESSAGE)


def register_cjk_font(setting: str = "") -> str:
    """Register the chosen font with reportlab once; return its reportlab font name."""
    choice = resolve_font(setting)
    with _lock:
        name = _registered.get(choice.spec)
        if name:
            return name
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        name = f"PlanDeskCJK{len(_registered) + 1}"
        try:
            pdfmetrics.registerFont(TTFont(name, choice.path, subfontIndex=choice.index))
        except Exception as exc:  # noqa: BLE001 - turned into the user's message
            raise FontMissingError(f"無法載入字型「{choice.path}」：{exc}。{MISSING_FONT_MESSAGE}") from exc
        _registered[choice.spec] = name
        return name
