"""One self-contained HTML file: a summary by severity and document, then each finding
with its excerpt, expected and found; for PDF packs, a highlighted crop of the page area."""
from __future__ import annotations

import os
from collections import Counter
from datetime import datetime
from html import escape

from auditor import __version__
from auditor.report import (also_lines, also_rules, as_run, counts_by_document, meeting_date_text, shown_meeting,
                            summary_counts)

MAX_CROPS_PER_PACK = 150
MAX_RELATED_CROPS = 3  # per finding: a total checked against 40 cells shows the first few places

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
.related{color:#444;font-size:.92em} .note{background:#f4f4f4;border:1px solid #ddd;color:#444;padding:6px 10px;border-radius:4px} .also{color:#444;font-size:.92em}
table.accepted{border-collapse:collapse;background:#fff;width:100%} table.accepted td,table.accepted th{border:1px solid #d0d4da;padding:4px 8px;vertical-align:top}
footer{color:#777;font-size:.85em;margin-top:40px}
.run{background:#fff;border:1px solid #d0d4da;border-radius:4px;padding:8px 14px;margin:12px 0}
.run dt{font-weight:600;float:left;clear:left;width:11em} .run dd{margin:0 0 4px 11em}
nav.contents ul{margin:4px 0} nav.contents li{margin:2px 0} .count{color:#555;font-size:.9em}
.related-crop img{max-width:60%}
.filter{position:sticky;top:0;background:#f6f7f9;padding:8px 0;border-bottom:1px solid #d0d4da;z-index:1}
.filter label{margin-right:14px} .filter input[type=search]{width:22em;padding:3px 6px}
.hidden{display:none}
"""

# The filter bar: severities to show and words a finding must contain (rule id, document, text).
# Plain script inside the file: the report stays one file that opens with no network.
FILTER_SCRIPT = """
(function(){
  var bar=document.querySelector('.filter'); if(!bar) return;
  function apply(){
    var shown={}; bar.querySelectorAll('input[type=checkbox]').forEach(function(c){shown[c.value]=c.checked;});
    var words=bar.querySelector('input[type=search]').value.toLowerCase().split(/\\s+/).filter(Boolean);
    var n=0;
    document.querySelectorAll('.finding').forEach(function(f){
      var text=f.textContent.toLowerCase();
      var keep=shown[f.dataset.severity]!==false && words.every(function(w){return text.indexOf(w)>=0;});
      f.classList.toggle('hidden',!keep); if(keep) n++;
    });
    bar.querySelector('.shown').textContent=n+' shown';
  }
  bar.addEventListener('input',apply); apply();
})();
"""


def render_html(run_or_results, crops: bool = True) -> str:
    run = as_run(run_or_results)
    body = ["<main>", "<h1>Committee pack audit</h1>"]
    body += _run_details(run)
    body += _contents(run)
    body += _filter_bar(run)
    if run.failures:  # packs that could not be read: said first, so nobody takes them for clean
        body.append("<h2>Packs not audited</h2><ul>")
        body += [f"<li><b>{escape(f.path)}</b>: {escape(f.message)}</li>" for f in run.failures]
        body.append("</ul>")
    for n, result in enumerate(run.results):
        body += _pack(result, crops, n)
    if run.unmatched_waivers or run.expired_waivers:
        body.append("<h2>Waivers to tidy up</h2><ul>")
        body += [f"<li>{escape(w.describe())} matches no finding any more</li>" for w in run.unmatched_waivers]
        body += [f"<li>{escape(w.describe())} expired on {w.expires.isoformat()}; its findings are reported again</li>"
                 for w in run.expired_waivers]
        body.append("</ul>")
    body.append(f"<footer>auditor {escape(__version__)}</footer></main>")
    body.append(f"<script>{FILTER_SCRIPT}</script>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Audit: {escape(', '.join(r.pack.source for r in run.results)[:200])}</title>"
            f"<style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _filter_bar(run) -> list[str]:
    if not any(r.findings for r in run.results):
        return []
    boxes = "".join(f"<label><input type=\"checkbox\" value=\"{level}\" checked> {level}</label>"
                    for level in ("error", "warning", "info"))
    return [f"<div class=\"filter\">Show {boxes}<input type=\"search\" placeholder=\"rule, document or words\" "
            "aria-label=\"Filter findings\"> <span class=\"shown count\"></span></div>"]


def _run_details(run) -> list[str]:
    """When, with what, and which rules: what a reader of an archived report needs to trust it."""
    rows = [("Audited", (run.created or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip()
             + f" with auditor {__version__}")]
    if run.config_path:
        rows.append(("Configuration", run.config_path))
    rows.append(("Rules selected", ", ".join(run.select) if run.select else "all rules on by default"))
    if run.ignore:
        rows.append(("Rules ignored", ", ".join(run.ignore)))
    if run.rules:
        rows.append(("Rules run", f"{len(run.rules)}: " + ", ".join(sorted(r.id for r in run.rules))))
    if run.options.get("meeting_date"):
        rows.append(("Meeting date given", str(run.options["meeting_date"])))
    if run.min_severity:
        rows.append(("Findings shown", f"{run.min_severity} and above"))
    if run.baseline:
        rows.append(("Baseline", f"{run.baseline} (findings already in it are left out)"))
    rows.append(("Fails on", run.fail_on))
    return (["<dl class=\"run\">"] + [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows] + ["</dl>"])


def _contents(run) -> list[str]:
    out = ["<nav class=\"contents\"><h2>Contents</h2><ul>"]
    for n, result in enumerate(run.results):
        out.append(f"<li><a href=\"#{_anchor(n)}\">{escape(result.pack.source)}</a> "
                   f"<span class=\"count\">{_counts_text(result.findings)}</span><ul>")
        for d, (doc, c) in enumerate(counts_by_document(result.findings).items()):
            total = sum(c.values())
            out.append(f"<li><a href=\"#{_anchor(n, d)}\">{escape(doc)}</a> <span class=\"count\">"
                       f"{total} finding{'s' if total != 1 else ''}</span></li>")
        out.append("</ul></li>")
    out.append("</ul></nav>")
    return out


def _anchor(pack: int, document: int | None = None) -> str:
    return f"pack-{pack + 1}" + (f"-doc-{document + 1}" if document is not None else "")


def _counts_text(findings) -> str:
    c = summary_counts(findings)
    return f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info"


def _pack(result, crops: bool, n: int = 0) -> list[str]:
    pack, findings = result.pack, result.findings
    m = shown_meeting(result)
    out = [f"<h2 id=\"{_anchor(n)}\">{escape(pack.source)}</h2>",
           f"<p class=\"meta\">{escape(m['committee'] or '')} {escape(meeting_date_text(m) if m['date'] else '')} "
           f"{escape(m['time'] or '')}"
           f"{' · ' + str(pack.pages) + ' pages' if pack.pages else ''} · {len(pack.documents)} document(s)</p>",
           f"<p><b>{len(findings)} finding(s)</b>: {_counts_text(findings)}"
           + (f"; {len(result.accepted)} accepted" if result.accepted else "")
           + (f"; {result.baselined} already in the baseline" if result.baselined else "") + "</p>"]
    out += [f"<p class=\"note\">Reading note (not a finding): {escape(w)}</p>" for w in pack.warnings]
    out += _summary(findings)
    images = _crops(result, findings) if crops else {}
    for d, doc in enumerate(dict.fromkeys(f.document for f in findings)):
        out.append(f"<h3 id=\"{_anchor(n, d)}\">{escape(doc)}</h3>")
        for i, f in enumerate(findings):
            if f.document == doc:
                out += _finding(f, images.get((i, 0)), [images.get((i, j)) for j in range(1, len(f.related) + 1)])
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


def _finding(f, image: str | None, related_images=()) -> list[str]:
    out = [f"<div class=\"finding {escape(f.severity)}\" data-severity=\"{escape(f.severity)}\">",
           f"<span class=\"sev {escape(f.severity)}\">{escape(f.severity)}</span> "
           f"<span class=\"rule\">{escape(f.rule)}</span>"
           + "".join(f" <span class=\"also\">also <span class=\"rule\">{escape(r)}</span></span>" for r in also_rules(f))
           + f" <span class=\"where\">{escape(f.location.describe())}</span>",
           f"<div class=\"msg\">{escape(f.message)}</div>"]
    if f.excerpt:
        out.append(f"<blockquote>{_highlighted(f.excerpt, f.found)}</blockquote>")
    if f.expected is not None or f.found is not None:
        out.append(f"<div class=\"values\">expected: <b class=\"exp\">{escape(str(f.expected or '—'))}</b> · "
                   f"found: <b class=\"fnd\">{escape(str(f.found or '—'))}</b></div>")
    if image:
        out.append(f"<div class=\"crop\"><img alt=\"page {f.location.page}\" src=\"{image}\"></div>")
    for r, crop in zip(f.related, list(related_images) + [None] * len(f.related)):
        out.append(f"<div class=\"related\">see also {escape(r.document)}, {escape(r.location.describe())}: "
                   f"“{escape(r.excerpt[:200])}”"
                   + (f"<div class=\"crop related-crop\"><img alt=\"page {r.location.page}\" src=\"{crop}\"></div>"
                      if crop else "")
                   + "</div>")
    out += [f"<div class=\"also\">{escape(line)}</div>" for line in also_lines(f)]
    out.append("</div>")
    return out


def _highlighted(excerpt: str, found) -> str:
    found = (found or "").strip()
    if len(found) >= 2 and found in excerpt:
        a = excerpt.index(found)
        return escape(excerpt[:a]) + f"<mark>{escape(found)}</mark>" + escape(excerpt[a + len(found):])
    return escape(excerpt)


def _crops(result, findings) -> dict[tuple[int, int], str]:
    """(finding index, 0) -> data URI of its highlighted page crop; (finding index, j) -> that of its
    j-th related place (PDF packs only)."""
    path = result.path or result.pack.source
    if result.pack.format != "pdf" or not os.path.exists(path):
        return {}
    import pdfplumber

    from auditor.report.pdfcrop import PdfLocator, crop_data_uri

    images: dict[tuple[int, int], str] = {}
    by_page: dict[int, list[tuple[tuple[int, int], object]]] = {}
    for key, place in list(_places(findings))[:MAX_CROPS_PER_PACK]:
        by_page.setdefault(place.location.page, []).append((key, place))
    try:
        with pdfplumber.open(path) as pdf, PdfLocator(path) as locator:
            for page_no, places in sorted(by_page.items()):
                if page_no > len(pdf.pages):
                    continue
                page = pdf.pages[page_no - 1]
                for key, place in places:
                    hit = locator.find(place)
                    if hit and hit[0] == page_no:
                        images[key] = crop_data_uri(page, hit[1])
                page.flush_cache()
    except Exception:  # a crop is a convenience: never lose the report over it
        return images
    return images


def _places(findings):
    """(key, something with location, excerpt, found and message) for each finding, then its related places."""
    from types import SimpleNamespace

    for i, f in enumerate(findings):
        if f.location.page:
            yield (i, 0), f
    for i, f in enumerate(findings):
        for j, r in enumerate(f.related[:MAX_RELATED_CROPS], 1):
            if r.location.page:
                yield (i, j), SimpleNamespace(location=r.location, excerpt=r.excerpt, found=None, message="")
