"""Font discovery and text escaping for the PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models.domain import months_text
from desktop.printing import fonts
from desktop.printing.markup import para_text

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
UKAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
needs_uming = pytest.mark.skipif(not Path(UMING).exists(), reason="fonts-arphic-uming not installed")


def test_parse_spec():
    assert fonts.parse_spec("/a/b.ttc#2") == ("/a/b.ttc", 2)
    assert fonts.parse_spec("C:\\Windows\\Fonts\\kaiu.ttf") == ("C:\\Windows\\Fonts\\kaiu.ttf", 0)
    assert fonts.FontChoice("x", "/a/b.ttc", 2).spec == "/a/b.ttc#2"
    assert fonts.FontChoice("x", "/a/k.ttf").spec == "/a/k.ttf"


def test_windows_fonts_come_first_in_the_brief_order(monkeypatch, tmp_path):
    monkeypatch.setenv("WINDIR", str(tmp_path))
    labels = [c.label for c in fonts.builtin_candidates()]
    assert labels.index("標楷體") < labels.index("微軟正黑體") < labels.index("細明體")
    assert labels.index("細明體") < labels.index("AR PL UMing TW（文鼎明體）")
    assert str(tmp_path / "Fonts" / "kaiu.ttf") == fonts.builtin_candidates()[0].path


@needs_uming
def test_uming_tw_face_is_index_2_and_found():
    from reportlab.pdfbase.ttfonts import TTFontFile

    assert TTFontFile(UMING, subfontIndex=2).name == b"UMingTW"
    found = fonts.find_cjk_fonts()
    assert fonts.FontChoice("AR PL UMing TW（文鼎明體）", UMING, 2) in found
    assert fonts.resolve_font("").path == found[0].path
    assert fonts.is_truetype(UMING, 2)
    assert not fonts.is_truetype(UMING, 9)


@pytest.mark.skipif(not Path(NOTO).exists(), reason="Noto CJK not installed")
def test_cff_font_is_refused_with_a_reason():
    assert not fonts.is_truetype(NOTO, 0)
    assert "不是 TrueType" in fonts.font_problem(NOTO)


@pytest.mark.skipif(not Path(UKAI).exists(), reason="ukai not installed")
def test_user_choice_wins(store, tmp_path):
    from pypdf import PdfReader

    from desktop.printing.control_table import write_control_table

    store.set_setting("pdf_font", f"{UKAI}#2")
    plan = store.create_plan(113, "臺北市大安區戶政事務所")
    store.insert_sections(plan.id, [{"name": "人事室", "items": []}])
    out = write_control_table(store, plan, tmp_path / "k.pdf")
    names = [f.get_object()["/BaseFont"] for f in
             PdfReader(str(out)).pages[0]["/Resources"]["/Font"].values()]
    assert any("UKaiTW" in n for n in names)


def test_bad_user_choice_falls_back_or_explains(tmp_path, monkeypatch):
    assert "找不到字型檔" in fonts.font_problem(str(tmp_path / "gone.ttf"))
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    assert "不是 TrueType" in fonts.font_problem(str(junk))
    monkeypatch.setattr(fonts, "builtin_candidates", lambda: [])
    with pytest.raises(fonts.FontMissingError, match="fonts-arphic-uming"):
        fonts.resolve_font(str(junk))


def test_latin_only_font_is_not_accepted(monkeypatch):
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not Path(dejavu).exists():
        pytest.skip("DejaVu not installed")
    assert "沒有繁體中文字" in fonts.font_problem(dejavu)
    monkeypatch.setattr(fonts, "builtin_candidates", lambda: [fonts.FontChoice("x", dejavu)])
    with pytest.raises(fonts.FontMissingError, match="標楷體"):
        fonts.resolve_font("")


def test_para_text_escapes_and_keeps_lines():
    assert para_text("AT&T") == "AT&amp;T"
    assert para_text("a < b > c") == "a &lt; b &gt; c"
    assert para_text("<img src=/etc/passwd>") == "&lt;img src=/etc/passwd&gt;"
    assert para_text("一\r\n二\n三") == "一<br/>二<br/>三"
    assert para_text("x\x00\x07y") == "xy"
    assert para_text(None) == ""


def test_months_text():
    assert months_text((3, 4, 5, 9)) == "3～5月、9月"
    assert months_text([12]) == "12月"
    assert months_text(range(1, 13)) == "1～12月"
    assert months_text(()) == ""


def test_fast_char_widths_match_reportlab_and_punctuation_does_not_start_a_line():
    from reportlab.lib import textsplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.printing.pages import CachedParagraph, styles

    font = fonts.register_cjk_font()
    word = "戶籍登記，AT&T 100%：ｗ◆"
    assert textsplit.getCharWidths(word, font, 8) == pytest.approx(
        [stringWidth(c, font, 8) for c in word])
    p = CachedParagraph("一二三四五，六七八九十", styles(font, 10)["body"])
    p.wrap(10 * 5 + 5, 1000)  # five characters and the right indent per line
    lines = ["".join(words) for _extra, words in p.blPara.lines]
    assert lines == ["一二三四五，", "六七八九十"]  # the comma hangs on the first line


def test_cli_reports_missing_font_in_chinese(tmp_path, monkeypatch, capsys):
    from desktop.cli import run
    from desktop.models.store import Store

    db = tmp_path / "p.sqlite"
    s = Store(db)
    s.create_plan(113, "臺北市士林區戶政事務所")
    s.close()
    monkeypatch.setattr(fonts, "builtin_candidates", lambda: [])
    code = run(["--db", str(db), "export", "--year", "113", "--format", "pdf",
                "--out", str(tmp_path / "t.pdf")])
    assert code == 2
    assert "fonts-arphic-uming" in capsys.readouterr().err
    assert not (tmp_path / "t.pdf").exists()
    assert run(["--db", str(db), "handout", "--year", "113", "--month", "3",
                "--out", str(tmp_path / "h.pdf")]) == 2
    assert "標楷體" in capsys.readouterr().err
