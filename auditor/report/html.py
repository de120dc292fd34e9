"""One self-contained HTML file: a summary by severity and document, then each finding
with its excerpt, expected and found; for PDF packs, a highlighted crop of the page area."""
from __future__ import annotations

import os
from collections import Counter
from html import escape

from auditor import __version__
from auditor.report import as_run, counts_by_document, summary_counts

MAX_CROPS_PER_PACK = 150

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d1d1f;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px} h2{margin-top:32px;border-bottom:2px solid #d0d4da;padding-bottom:4px}
h3{margin:28px 0 8px;font-size:1.15em}
.meta{color:#555} table.summary{border-collapse:collapse;margin:12px 0;background:#fff}
table.summary th,table.summary td{border:1px solid #d0d4da;padding:4px 10px;text-align:left}
table.summary td.n{text-align:right;font-variant-numeric:tabular-nums}
.finding{background:#fff;border:1px solid #d0d4da;border-left:6px solid #888;border-radius:4px;padding:10px 14px;margin:10px 0}
.finding.error{border-left-color:#c62828} .finding.warning{border-left-color:#ef8f00} .finding.info{border-left-color:#1565c0}
.sev{display:inline-block;font-weight:600;font-size:.8em;text-transform:uppercase;padding:1px 6px;border-radius:3px;color:#fff}
.sev.error{background:#c62828} .sev.warning{background:#ef8f00} .sev.info{background:#1565c0}
.rule{font-family:ui-monospace,Menlo,Consolas,monospace;color:#555;font-size:.9em}
.where{color:#555} blockquote{margin:8px 0;padding:6px 10px;background:#f3f3f3;border-left:3px solid #bbb}
.values{margin:6px 0} .values b.exp{color:#1b5e20} .values b.fnd{color:#b71c1c}
.crop{margin-top:8px} .crop img{max-width:100%;border:1px solid #ccc}
.related{color:#444;font-size:.92em} .warn{background:#fff8e1;border:1px solid #ffe082;padding:6px 10px;border-radius:4px}
table.accepted{border-collapse:collapse;background:#fff;width:100%} table.accepted td,table.accepted th{border:1px solid #d0d4da;padding:4px 8px;vertical-align:top}
footer{color:#777;font-size:.85em;margin-top:40px}
"""


def render_html(run_or_results, crops: bool = True) -> str:
    run = as_run(run_or_results)
    body = ["<main>", "<h1>Committee pack audit</h1>"]
    for result in run.results:
        body += _pack(result, crops)
    if run.unmatched_waivers or run.expired_waivers:
        body.append("<h2>Waivers to tidy up</h2><ul>")
        body += [f"<li>{escape(w.describe())} matches no finding any more</li>" for w in run.unmatched_waivers]
        body += [f"<li>{escape(w.describe())} expired on {w.expires.isoformat()}; its findings are reported again</li>"
                 for w in run.expired_waivers]
        body.append("</ul>")
    body.append(f"<footer>auditor {escape(__version__)}</footer></main>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Audit: {escape(', '.join(r.pack.source for r in run.results)[:200])}</title>"
            f"<style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _pack(result, crops: bool) -> list[str]:
    pack, findings = result.pack, result.findings
    m = pack.meeting
    counts = summary_counts(findings)
    out = [f"<h2>{escape(pack.source)}</h2>",
           f"<p class=\"meta\">{escape(m.committee or '')} {escape(m.date or '')} {escape(m.time or '')}"
           f"{' · ' + str(pack.pages) + ' pages' if pack.pages else ''} · {len(pack.documents)} document(s)</p>",
           f"<p><b>{len(findings)} finding(s)</b>: {counts['error']} error(s), {counts['warning']} warning(s), "
           f"{counts['info']} info"
           + (f"; {len(result.accepted)} accepted" if result.accepted else "")
           + (f"; {result.baselined} already in the baseline" if result.baselined else "") + "</p>"]
    out += [f"<p class=\"warn\">{escape(w)}</p>" for w in pack.warnings]
    out += _summary(findings)
    images = _crops(result, findings) if crops else {}
    for doc in dict.fromkeys(f.document for f in findings):
        out.append(f"<h3>{escape(doc)}</h3>")
        for i, f in enumerate(findings):
            if f.document == doc:
                out += _finding(f, images.get(i))
    if result.accepted:
        out.append("<h3>Accepted findings (audit trail)</h3><table class=\"accepted\"><tr><th>Rule</th><th>Where</th>"
                   "<th>Finding</th><th>Accepted by</th><th>Reason</th><th>Expires</th></tr>")
        for acc in result.accepted:
            f, w = acc.finding, acc.waiver
            out.append(f"<tr><td class=\"rule\">{escape(f.rule)}</td><td>{escape(f.document)}, "
                       f"{escape(f.location.describe())}</td><td>{escape(f.message)}</td><td>{escape(w.by)}</td>"
                       f"<td>{escape(w.reason)}</td><td>{w.expires.isoformat() if w.expires else '—'}</td></tr>")
        out.append("</table>")
    return out


def _summary(findings) -> list[str]:
    if not findings:
        return ["<p>No findings.</p>"]
    rows = ["<table class=\"summary\"><tr><th>Document</th><th>Errors</th><th>Warnings</th><th>Info</th></tr>"]
    for doc, c in counts_by_document(findings).items():
        rows.append(f"<tr><td>{escape(doc)}</td><td class=\"n\">{c['error']}</td><td class=\"n\">{c['warning']}</td>"
                    f"<td class=\"n\">{c['info']}</td></tr>")
    total = Counter(f.severity for f in findings)
    rows.append(f"<tr><th>All</th><th class=\"n\">{total['error']}</th><th class=\"n\">{total['warning']}</th>"
                f"<th class=\"n\">{total['info']}</th></tr></table>")
    return rows


def _finding(f, image: str | None) -> list[str]:
    out = [f"<div class=\"finding {escape(f.severity)}\">",
           f"<span class=\"sev {escape(f.severity)}\">{escape(f.severity)}</span> "
           f"<span class=\"rule\">{escape(f.rule)}</span> <span class=\"where\">{escape(f.location.describe())}</span>",
           f"<div class=\"msg\">{escape(f.message)}</div>"]
    if f.excerpt:
        out.append(f"<blockquote>{_highlighted(f.excerpt, f.found)}</blockquote>")
    if f.expected is not None or f.found is not None:
        out.append(f"<div class=\"values\">expected: <b class=\"exp\">{escape(str(f.expected or '—'))}</b> · "
                   f"found: <b class=\"fnd\">{escape(str(f.found or '—'))}</b></div>")
    for r in f.related:
        out.append(f"<div class=\"related\">see also {escape(r.document)}, {escape(r.location.describe())}: "
                   f"“{escape(r.excerpt[:200])}”</div>")
    if image:
        out.append(f"<div class=\"crop\"><img alt=\"page {f.location.page}\" src=\"{image}\"></div>")
    out.append("</div>")
    return out


def _highlighted(excerpt: str, found) -> str:
    found = (found or "").strip()
    if len(found) >= 2 and found in excerpt:
        a = excerpt.index(found)
        return escape(excerpt[:a]) + f"<mark>{escape(found)}</mark>" + escape(excerpt[a + len(found):])
    return escape(excerpt)


def _crops(result, findings) -> dict[int, str]:
    """finding index -> data URI of its highlighted page crop (PDF packs only)."""
    path = result.path or result.pack.source
    if result.pack.format != "pdf" or not os.path.exists(path):
        return {}
    import pdfplumber

    from auditor.report.pdfcrop import PdfLocator, crop_data_uri

    images: dict[int, str] = {}
    by_page: dict[int, list[int]] = {}
    for i, f in enumerate(findings[:MAX_CROPS_PER_PACK]):
        if f.location.page:
            by_page.setdefault(f.location.page, []).append(i)
    try:
        with pdfplumber.open(path) as pdf, PdfLocator(path) as locator:
            for page_no, indices in sorted(by_page.items()):
                if page_no > len(pdf.pages):
                    continue
                page = pdf.pages[page_no - 1]
                for i in indices:
                    hit = locator.find(findings[i])
                    if hit:
                        images[i] = crop_data_uri(page, hit[1])
                page.flush_cache()
    except Exception:  # a crop is a convenience: never lose the report over it
        return images
    return images
