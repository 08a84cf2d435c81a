"""The HTML report: one self-contained page — inline CSS and script, no fonts, images or requests from
outside — with a summary, a bar chart of findings per rule (inline SVG), and per document a findings
table that sorts by any column and filters by severity and text, each finding with its quoted source.
It prints on A4 (the filter controls are not printed; rows are not split across pages).
"""

from __future__ import annotations

from collections import Counter
from html import escape

from budgetcheck import __version__
from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.finding_rows import FindingRow, coverage_text, decimal_text, finding_rows, severity_totals
from budgetcheck.report.words import SEVERITY_ORDER, severity_rank, word

_CSS = """
:root{--error:#b3261e;--warning:#8a5a00;--info:#1f5fa8;--line:#d0d7de}
body{font-family:system-ui,-apple-system,"Segoe UI","Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:24px;color:#1b1f24;line-height:1.45}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid var(--line);padding-bottom:.2em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.4em 0}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef2f7;white-space:nowrap}
td.where{min-width:7em}
table.findings th{cursor:pointer;user-select:none}
table.findings th[aria-sort=ascending]::after{content:" \\25B2"}table.findings th[aria-sort=descending]::after{content:" \\25BC"}
td.short{white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sev{font-weight:600;white-space:nowrap}.sev-error{color:var(--error)}.sev-warning{color:var(--warning)}.sev-info{color:var(--info)}
blockquote.source{margin:.3em 0 0;padding:.2em .6em;border-left:3px solid var(--line);color:#444;background:#f8f9fb;white-space:pre-wrap}
.controls{margin:.6em 0;display:flex;gap:.6em;align-items:center}
.controls input{padding:3px 6px;min-width:18em}
.meta,.footer{color:#57606a;font-size:.85em}
.chart text{font-size:12px;fill:#1b1f24}.chart rect.bar{fill:#5b7db1}
@page{size:A4;margin:15mm}
@media print{body{margin:0;font-size:10pt}.controls{display:none}tr{break-inside:avoid}thead{display:table-header-group}
table.findings th{cursor:auto}h2{break-after:avoid}}
"""

# Sorting compares numbers as numbers and text by the locale; filtering hides rows that do not match.
_SCRIPT = """
(function(){
  function key(cell){var v=cell.getAttribute('data-sort');return v===null?cell.textContent.trim():v;}
  function num(v){return v!==''&&!isNaN(Number(v));}
  document.querySelectorAll('table.findings').forEach(function(table){
    table.querySelectorAll('th').forEach(function(th,i){
      th.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        table.querySelectorAll('th').forEach(function(o){o.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
          var r=num(x)&&num(y)?Number(x)-Number(y):x.localeCompare(y);return asc?r:-r;});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  var text=document.getElementById('filter-text'),sev=document.getElementById('filter-severity');
  function apply(){
    var q=text.value.trim().toLowerCase(),s=sev.value;
    document.querySelectorAll('tr.finding').forEach(function(tr){
      var show=(!s||tr.getAttribute('data-severity')===s)&&(!q||tr.textContent.toLowerCase().indexOf(q)>=0);
      tr.hidden=!show;
    });
  }
  if(text){text.addEventListener('input',apply);sev.addEventListener('change',apply);}
})();
"""


def to_html(results: list[DocumentResult], lang: str) -> bytes:
    w = lambda key: word(key, lang)  # noqa: E731 - a short alias keeps the markup readable
    rows = finding_rows(results, lang, limit=None)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(w('report_title'))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(w('report_title'))}</h1>",
        f'<p class="meta">{escape(_verdict(results, lang))}</p>',
        f"<h2>{escape(w('summary'))}</h2>",
        _summary_table(results, lang),
    ]
    if rows:
        parts += [f"<h2>{escape(w('findings_per_rule'))}</h2>", _rule_chart(rows, lang)]
        parts.append(_controls(lang))
    for index, result in enumerate(results, start=1):
        parts.append(_document_section(index, result, [row for row in rows if row.result is result], lang))
    parts.append(f'<p class="footer">{escape(w("generated_by").format(version=__version__))}</p>')
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts).encode("utf-8")


def _verdict(results: list[DocumentResult], lang: str) -> str:
    errors = sum(severity_totals(r)["error"] for r in results if r.status == "checked")
    warnings = sum(severity_totals(r)["warning"] for r in results if r.status == "checked")
    unreadable = sum(1 for r in results if r.status == "unreadable")
    if lang == "en":
        text = f"{len(results)} file(s): {errors} error(s), {warnings} warning(s)"
        return text + (f", {unreadable} unreadable" if unreadable else "")
    text = f"共 {len(results)} 个文件：错误 {errors} 条，警告 {warnings} 条"
    return text + (f"，无法读取 {unreadable} 个" if unreadable else "")


def _summary_table(results: list[DocumentResult], lang: str) -> str:
    keys = ("file", "format", "status", "errors", "warnings", "infos", "checks_run", "pass", "fail", "rounding", "not_applicable", "insufficient_data", "statements")
    head = "".join(f"<th>{escape(word(key, lang))}</th>" for key in keys)
    body = []
    for index, result in enumerate(results, start=1):
        totals, counts = severity_totals(result), result.counts()
        cells = [f'<td><a href="#doc-{index}">{escape(result.path)}</a></td>', f"<td>{escape(result.format or '')}</td>", f"<td>{escape(word(result.status, lang))}</td>"]
        numbers = [totals["error"], totals["warning"], totals["info"], counts["run"], counts["passed"], counts["failed"], counts["rounding"], counts["not_applicable"], counts["insufficient_data"]]
        cells += [f'<td class="num">{n}</td>' for n in numbers]
        cells.append(f'<td class="num">{escape(coverage_text(result))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _rule_chart(rows: list[FindingRow], lang: str) -> str:
    """A horizontal bar per rule, longest first: a static picture that also prints."""
    counts = Counter(row.finding.rule for row in rows)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    bar_height, gap, label_width, bar_width = 18, 6, 70, 420
    height = len(ordered) * (bar_height + gap) + gap
    biggest = max(counts.values())
    shapes = []
    for index, (rule, count) in enumerate(ordered):
        y = gap + index * (bar_height + gap)
        length = max(2, round(bar_width * count / biggest))
        shapes.append(
            f'<g class="bar-row" data-rule="{escape(rule)}" data-count="{count}">'
            f'<text x="0" y="{y + bar_height - 5}">{escape(rule)}</text>'
            f'<rect class="bar" x="{label_width}" y="{y}" width="{length}" height="{bar_height}"><title>{escape(rule)}: {count}</title></rect>'
            f'<text x="{label_width + length + 6}" y="{y + bar_height - 5}">{count}</text></g>'
        )
    width = label_width + bar_width + 50
    label = escape(word("findings_per_rule", lang))
    return f'<svg class="chart" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(shapes)}</svg>'


def _controls(lang: str) -> str:
    options = f'<option value="">{escape(word("all_severities", lang))}</option>' + "".join(
        f'<option value="{severity}">{escape(word(severity, lang))}</option>' for severity in SEVERITY_ORDER
    )
    return (
        f'<div class="controls"><label>{escape(word("filter", lang))} <input id="filter-text" type="search"></label>'
        f'<select id="filter-severity">{options}</select></div>'
    )


def _document_section(index: int, result: DocumentResult, rows: list[FindingRow], lang: str) -> str:
    w = lambda key: word(key, lang)  # noqa: E731
    parts = [f'<section class="document" id="doc-{index}">', f"<h2>{escape(result.path)}</h2>"]
    parts.append(f'<p class="meta">{escape(result.format or "?")} · {escape(w(result.status))} · {escape(_counts_line(result, lang))}</p>')
    if not rows:
        parts.append(f"<p>{escape(w('no_findings'))}</p>")
    else:
        keys = ("number", "severity", "rule", "category", "location", "message", "expected", "actual", "difference", "tolerance")
        head = "".join(f'<th scope="col">{escape(w(key))}</th>' for key in keys)
        body = [_finding_row(row) for row in rows]
        parts.append(f'<table class="findings"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    unchecked = [check for check in result.checks if check.status == "insufficient_data"]
    if unchecked:
        items = "".join(f"<li>{escape(check.rule.id)}: {escape(check.reason)}</li>" for check in unchecked)
        parts.append(f"<details><summary>{escape(w('not_checked'))} ({len(unchecked)})</summary><ul>{items}</ul></details>")
    parts.append("</section>")
    return "\n".join(parts)


def _counts_line(result: DocumentResult, lang: str) -> str:
    counts = result.counts()
    keys = ("pass", "fail", "rounding", "not_applicable", "insufficient_data")
    names = {"pass": "passed", "fail": "failed", "rounding": "rounding", "not_applicable": "not_applicable", "insufficient_data": "insufficient_data"}
    colon, comma, semicolon = (": ", ", ", "; ") if lang == "en" else ("：", "，", "；")
    text = f"{word('checks_run', lang)} {counts['run']}{colon}" + comma.join(f"{word(key, lang)} {counts[names[key]]}" for key in keys)
    coverage = coverage_text(result)
    return text + (f"{semicolon}{word('statements', lang)} {coverage}" if coverage else "")


def _finding_row(row: FindingRow) -> str:
    finding = row.finding
    quotes = "".join(f'<blockquote class="source">{escape(text)}</blockquote>' for text in row.sources)
    unit = f" {escape(row.unit)}" if row.unit else ""
    numbers = "".join(
        f'<td class="num" data-sort="{decimal_text(value)}">{escape(decimal_text(value))}{unit if value is not None and i < 3 else ""}</td>'
        for i, value in enumerate(row.numbers())
    )
    return (
        f'<tr class="finding" data-severity="{finding.severity}" data-rule="{escape(finding.rule)}">'
        f'<td class="num">{row.number}</td>'
        f'<td class="sev sev-{finding.severity}" data-sort="{severity_rank(finding.severity)}">{escape(row.severity)}</td>'
        f'<td class="short">{escape(finding.rule)}</td><td class="short">{escape(row.category)}</td><td class="where">{escape(row.location)}</td>'
        f'<td><div class="message">{escape(finding.message)}</div>{quotes}</td>{numbers}</tr>'
    )
