"""Hypothesis strategies that damage sample files, for fuzzing `parsers.load()`.

Two families.  Byte mutations (flip, overwrite, insert, delete, truncate, duplicate) treat a file
as bytes, which mostly exercises the container checks: a flipped bit inside a deflate stream ends
at the CRC.  Zip-aware mutations open the package, damage one member's XML — its bytes, or its
markup: attribute values, tags, closing tags, declarations — and zip it again, so the damage
reaches our XML readers and the code behind them.

Shared by the short fuzz test in the suite and the long run in fuzz/fuzz_load.py.
"""

from __future__ import annotations

import io
import re
import zipfile

from hypothesis import strategies as st

# Values that have broken readers before: out-of-range numbers, references past a sheet's edge,
# empty and huge strings, number-format syntax, markup characters and odd Unicode.
ODD_VALUES = [
    "", "0", "-1", "1", "2", "65535", "4294967296", "99999999999999999999", "1e308", "-0", "NaN", "inf",
    "A0", "A1048577", "XFD1", "XFE1", "ZZZZ1", "$A$1", "A1:XFD1048576", "B2:A1", ":", "1:1", "A1:",
    "s", "n", "str", "inlineStr", "b", "e", "d", "true", "false", "x", "\u3000", "\ufeff", "\U0001f4b0",
    "#,##0.00;[Red]-#,##0.00", "0.0E+00", '[$-804]yyyy"年"m"月"d"日"', "@", "0%", "# ?/?", '"', "[", "]",
    ";;;", "0" * 400, "yyyy-mm-dd hh:mm:ss", "[h]:mm", "\\", "_x0000_", "_xD800_", "_xFFFF_", "decimal",
    "upperRoman", "chineseCounting", "%1.%2.%3", "%9", "bullet", "restart", "continue", "1" * 40,
]
MARKUP = [
    "<", ">", "&", "&amp;", "&#0;", "&#x110000;", "&nosuch;", "]]>", "<!---->", "<?pi?>",
    '<!DOCTYPE x [<!ENTITY e "e">]>', "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">", "<x:y/>",
    "<c/>", "<v>1</v>", "<row/>", '<c r="A1" t="s"><v>999999</v></c>', "<w:p/>", "<w:tbl/>", "<w:tc/>",
    '<w:gridSpan w:val="999999"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>", "<w:tr/>",
    '<mergeCell ref="A1:XFD1048576"/>', '<w:numPr><w:ilvl w:val="9"/><w:numId w:val="1"/></w:numPr>',
]
_ATTRIBUTE = re.compile(rb'="[^"]*"')
_TAG = re.compile(rb"<[^<>]{1,200}>")


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` after one to four random byte-level edits."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        size = len(out)
        kind = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate", "duplicate"]))
        at = draw(st.integers(0, max(size - 1, 0)))
        if kind == "flip" and size:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "overwrite" and size:
            chunk = draw(st.binary(min_size=1, max_size=16))
            out[at : at + len(chunk)] = chunk
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete" and size:
            del out[at : at + draw(st.integers(1, 256))]
        elif kind == "truncate":
            del out[at:]
        elif kind == "duplicate" and size:
            length = draw(st.integers(1, 512))
            out[at:at] = out[at : at + length]
    return bytes(out)


@st.composite
def markup_mutation(draw: st.DrawFn, xml: bytes) -> bytes:
    """`xml` after one to three edits of its markup: an attribute value, a tag, or inserted markup."""
    out = xml
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["attribute", "drop_tag", "duplicate_tag", "insert", "rename"]))
        matches = list((_ATTRIBUTE if kind == "attribute" else _TAG).finditer(out))
        if kind == "insert" or not matches:
            at = draw(st.integers(0, len(out)))
            out = out[:at] + draw(st.sampled_from(MARKUP)).encode("utf-8") + out[at:]
            continue
        match = matches[draw(st.integers(0, len(matches) - 1))]
        start, end = match.span()
        if kind == "attribute":
            value = draw(st.sampled_from(ODD_VALUES) | st.text(max_size=12))
            replacement = b'="' + value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").encode("utf-8") + b'"'
        elif kind == "drop_tag":
            replacement = b""
        elif kind == "duplicate_tag":
            replacement = match.group() * draw(st.integers(2, 50))
        else:  # rename: same tag, another element name of the same family
            replacement = re.sub(rb"^<(/?)([\w:]+)", lambda m: b"<" + m.group(1) + draw(_element_names), match.group(), count=1)
        out = out[:start] + replacement + out[end:]
    return out


_element_names = st.sampled_from(
    [b"w:p", b"w:r", b"w:t", b"w:tbl", b"w:tr", b"w:tc", b"w:body", b"w:numPr", b"w:pStyle", b"w:tcPr",
     b"c", b"v", b"row", b"is", b"si", b"t", b"sheetData", b"mergeCell", b"sheet", b"xf", b"numFmt", b"x"]
)


@st.composite
def zip_member_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """The package `data` with one member's content damaged (as bytes or as markup), zipped again."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    xml_members = [index for index, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    chosen = draw(st.sampled_from(xml_members))
    content = members[chosen][1]
    damaged = draw(markup_mutation(content) | byte_mutation(content))
    buffer = io.BytesIO()
    # Stored, not deflated: re-compressing the seed's 1 MB of XML would cost most of each example.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        for index, (info, content) in enumerate(members):
            target.writestr(info.filename, damaged if index == chosen else content)
    return buffer.getvalue()


def mutations_of(data: bytes) -> st.SearchStrategy[bytes]:
    """Every mutation that fits the file: zip-aware ones only for zip packages."""
    if data.startswith(b"PK"):
        return zip_member_mutation(data) | byte_mutation(data)
    return byte_mutation(data)
