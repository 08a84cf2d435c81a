"""DOCX symbols (w:sym) and footnotes/endnotes: read as the reader of the document sees them."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.model import Paragraph, Table
from budgetcheck.parsers import load
from budgetcheck.parsers.docx_symbols import UNKNOWN_SYMBOL, symbol_character

from test_docx import W_NS, p, parse, raw_docx, tc


def sym(font: str, char: str) -> str:
    return f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


# ---------------------------------------------------------------- symbols


@pytest.mark.parametrize(
    ("font", "char", "shown"),
    [
        ("Symbol", "F0B3", "≥"),  # shifted into the private-use range, as Word writes it
        ("Symbol", "00A3", "≤"),  # the same font's byte written plainly
        ("Symbol", "F0B1", "±"),
        ("Symbol", "F0B4", "×"),
        ("Symbol", "F061", "α"),
        ("Wingdings", "F0FE", "☑"),
        ("Wingdings", "F0A8", "◻"),
        ("Wingdings", "F0FC", "✓"),
        ("Wingdings 2", "F052", "☑"),
        ("Wingdings 2", "F0A3", "□"),
        ("Segoe UI Symbol", "2611", "☑"),  # a Unicode font: the code is the character
        ("宋体", "2265", "≥"),
        ("Wingdings", "F021", UNKNOWN_SYMBOL),  # a glyph with no counterpart we know
        ("Some Icon Font", "F0B3", UNKNOWN_SYMBOL),  # private use in an unknown font
        ("Symbol", "zz", UNKNOWN_SYMBOL),
    ],
)
def test_symbol_character(font: str, char: str, shown: str) -> None:
    assert symbol_character(font, char) == shown


def test_symbols_in_paragraphs_and_cells(tmp_path: Path) -> None:
    body = (
        f"<w:p>{run('服务对象满意度')}{sym('Symbol', 'F0B3')}{run('95%')}</w:p>"
        f"<w:p>{run('是否公开：')}{sym('Wingdings 2', 'F052')}{run('是 ')}{sym('Wingdings 2', 'F0A3')}{run('否')}</w:p>"
        f"<w:tbl><w:tr>{tc('指标值')}<w:tc><w:p>{sym('Symbol', 'F0A3')}{run('10次')}</w:p></w:tc></w:tr></w:tbl>"
    )
    document = parse(raw_docx(tmp_path, body))
    assert [block.text for block in document.texts] == ["服务对象满意度≥95%", "是否公开：☑是 □否"]
    (table,) = document.tables
    assert table.rows[0].texts() == ["指标值", "≤10次"]


def test_text_typed_in_a_symbol_font_reads_as_its_glyphs(tmp_path: Path) -> None:
    # Private-use codes in a Symbol run are that font's glyphs; other text in the run stays as typed.
    symbol_run = '<w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>\uf0b3</w:t></w:r>'
    box_run = '<w:r><w:rPr><w:rFonts w:hAnsi="Wingdings"/></w:rPr><w:t>\uf0fe 95</w:t></w:r>'
    plain_run = '<w:r><w:rPr><w:rFonts w:ascii="宋体"/></w:rPr><w:t>\uf0b3</w:t></w:r>'
    body = f"<w:p>{run('满意度')}{symbol_run}{run('95%')}</w:p><w:p>{box_run}</w:p><w:p>{plain_run}</w:p>"
    document = parse(raw_docx(tmp_path, body))
    assert [block.text for block in document.texts] == ["满意度≥95%", "☑ 95", "\uf0b3"]


def test_symbol_in_a_hidden_run_is_not_read(tmp_path: Path) -> None:
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:sym w:font="Symbol" w:char="F0B3"/></w:r>'
    document = parse(raw_docx(tmp_path, f"<w:p>{run('满意度')}{hidden}{run('95%')}</w:p>"))
    assert [block.text for block in document.texts] == ["满意度95%"]


# ---------------------------------------------------------------- footnotes and endnotes

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def note(kind: str, note_id: int, *paragraphs: str, note_type: str | None = None) -> str:
    kind_attr = f' w:type="{note_type}"' if note_type else ""
    mark = f'<w:r><w:{kind}Ref/></w:r>' if note_type is None else ""
    body = "".join(f"<w:p>{mark if i == 0 else ''}{run(' ' + text)}</w:p>" for i, text in enumerate(paragraphs))
    return f'<w:{kind}{kind_attr} w:id="{note_id}">{body}</w:{kind}>'


SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)


def with_notes(path: str, footnotes: str = "", endnotes: str = "", *, related: bool = True) -> str:
    """Add footnotes.xml / endnotes.xml to a raw DOCX, named by the document's relationships or not."""
    rels = []
    with zipfile.ZipFile(path, "a") as archive:
        for kind, content in (("footnote", footnotes), ("endnote", endnotes)):
            if content:
                archive.writestr(f"word/{kind}s.xml", f'<w:{kind}s xmlns:w="{W_NS}">{content}</w:{kind}s>')
                rels.append(f'<Relationship Id="rId{len(rels) + 1}" Type="{REL_TYPE}{kind}s" Target="{kind}s.xml"/>')
        if related:
            archive.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{RELS_NS}">{"".join(rels)}</Relationships>')
    return path


def ref(kind: str, note_id: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Reference w:id="{note_id}"/></w:r>'


def test_footnotes_follow_the_body_in_the_order_the_body_refers_to_them(tmp_path: Path) -> None:
    body = (
        p("一、收支预算总体情况")
        + f"<w:p>{run('支出预算2999.85万元')}{ref('footnote', 3)}{run('，其中基本支出1251.46万元')}{ref('footnote', 2)}{run('。')}</w:p>"
        + f"<w:tbl><w:tr><w:tc><w:p>{run('合计')}{ref('endnote', 1)}</w:p></w:tc>{tc('344')}</w:tr></w:tbl>"
        + p("二、其他")
    )
    footnotes = SEPARATORS + note("footnote", 2, "基本支出含人员经费。") + note("footnote", 3, "按部门预算口径统计。", "不含上年结转。")
    footnotes += note("footnote", 9, "正文没有引用的脚注。")
    endnotes = note("endnote", 1, "合计为四舍五入后的数。")
    document = parse(with_notes(raw_docx(tmp_path, body), footnotes, endnotes))

    # The reference marks stay out of the body: the amount reads as printed.
    assert document.texts[1].text == "支出预算2999.85万元，其中基本支出1251.46万元。"
    assert document.tables[0].rows[0].texts() == ["合计", "344"]
    notes = [(b.text, b.location.paragraph, b.location.footnote, b.location.endnote) for b in document.blocks[-4:]]
    assert notes == [
        ("按部门预算口径统计。", 4, 1, None),
        ("不含上年结转。", 5, 1, None),
        ("基本支出含人员经费。", 6, 2, None),
        ("合计为四舍五入后的数。", 7, None, 1),
    ]
    assert all(isinstance(block, Paragraph) for block in document.blocks[-4:])
    assert document.blocks[-4].location.describe() == "脚注1"
    assert document.blocks[-1].location.describe("en") == "endnote 1"


def test_notes_part_found_without_relationships(tmp_path: Path) -> None:
    body = f"<w:p>{run('正文')}{ref('footnote', 1)}</w:p>"
    path = with_notes(raw_docx(tmp_path, body), note("footnote", 1, "脚注文字。"), related=False)
    assert [(b.text, b.location.footnote) for b in parse(path).texts] == [("正文", None), ("脚注文字。", 1)]


def test_extract_json_locates_a_footnote(tmp_path: Path) -> None:
    body = f"<w:p>{run('正文')}{ref('footnote', 1)}</w:p>"
    path = with_notes(raw_docx(tmp_path, body), SEPARATORS + note("footnote", 1, "脚注文字。"))
    result = CliRunner().invoke(app, ["extract", path, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["blocks"][-1] == {
        "type": "paragraph",
        "text": "脚注文字。",
        "location": {"path": path, "paragraph": 2, "footnote": 1},
    }


def test_footnotes_as_libreoffice_writes_them(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed; it rewrites the DOCX its own way")
    body = p("预算说明") + f"<w:p>{run('支出预算2999.85万元')}{ref('footnote', 1)}{run('。')}</w:p>"
    source = with_notes(raw_docx(tmp_path, body, name="原稿.docx"), SEPARATORS + note("footnote", 1, "按部门预算口径统计。"))
    out = tmp_path / "converted"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "docx", "--outdir", str(out), source],
        check=True,
        capture_output=True,
        timeout=120,
    )
    document = load(str(out / "原稿.docx"))
    assert [(b.text, b.location.footnote) for b in document.texts] == [
        ("预算说明", None),
        ("支出预算2999.85万元。", None),
        ("按部门预算口径统计。", 1),
    ]
    assert not any(isinstance(block, Table) for block in document.blocks)
