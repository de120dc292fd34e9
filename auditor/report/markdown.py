"""A Markdown report to paste into a merge request or an email."""
from __future__ import annotations

from auditor.report import (also_lines, also_rules, as_run, counts_by_document, meeting_date_text, shown_meeting,
                            summary_counts)

ICON = {"error": "🔴", "warning": "🟠", "info": "🔵"}


def md_escape(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
            .replace("`", "\\`").replace("<", "&lt;").replace("\n", " "))


def render_markdown(run_or_results) -> str:
    run = as_run(run_or_results)
    out: list[str] = ["# Committee pack audit", ""]
    for result in run.results:
        out += _pack_section(result)
    if run.unmatched_waivers or run.expired_waivers:
        out += ["## Waivers to tidy up", ""]
        out += [f"- {md_escape(w.describe())} matches no finding any more" for w in run.unmatched_waivers]
        out += [f"- {md_escape(w.describe())} expired on {w.expires.isoformat()}; its findings are reported again"
                for w in run.expired_waivers]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _pack_section(result) -> list[str]:
    pack, findings = result.pack, result.findings
    m = shown_meeting(result)
    counts = summary_counts(findings)
    out = [f"## {md_escape(pack.source)}", ""]
    if m["committee"] or m["date"]:
        when = md_escape(meeting_date_text(m))
        out += [f"{md_escape(m['committee'] or '?')} — {when} {m['time'] or ''}".rstrip(), ""]
    out.append(f"**{len(findings)} finding(s)**: {counts['error']} error(s), {counts['warning']} warning(s), "
               f"{counts['info']} info" + (f"; {len(result.accepted)} accepted" if result.accepted else "")
               + (f"; {result.baselined} already in the baseline" if result.baselined else ""))
    out.append("")
    out += [f"> Reading note (not a finding): {md_escape(w)}" for w in pack.warnings]
    if pack.warnings:
        out.append("")
    if findings:
        out += _summary_table(findings)
    for doc in _documents_in_order(findings):
        out += [f"### {md_escape(doc)}", ""]
        for f in (f for f in findings if f.document == doc):
            out += _finding(f)
    if result.accepted:
        out += ["### Accepted findings (audit trail)", "",
                "| Rule | Where | Finding | Accepted by | Reason | Expires |", "|---|---|---|---|---|---|"]
        for acc in result.accepted:
            f, w = acc.finding, acc.waiver
            out.append(f"| `{f.rule}` | {md_escape(f.document)}, {f.location.describe()} | {md_escape(f.message)} "
                       f"| {md_escape(w.by)} | {md_escape(w.reason)} | {w.expires.isoformat() if w.expires else '—'} |")
        out.append("")
    return out


def _documents_in_order(findings) -> list[str]:
    return list(dict.fromkeys(f.document for f in findings))


def _summary_table(findings) -> list[str]:
    out = ["| Document | Errors | Warnings | Info |", "|---|---:|---:|---:|"]
    for doc, c in counts_by_document(findings).items():
        out.append(f"| {md_escape(doc)} | {c['error']} | {c['warning']} | {c['info']} |")
    return out + [""]


def _finding(f) -> list[str]:
    rule = f"`{f.rule}`" + "".join(f" (also `{r}`)" for r in also_rules(f))
    out = [f"- {ICON.get(f.severity, '')} **{f.severity}** {rule} — {f.location.describe()}: {md_escape(f.message)}"]
    if f.excerpt:
        out.append(f"  > {md_escape(f.excerpt)}")
    if f.expected is not None or f.found is not None:
        out.append(f"  - expected: **{md_escape(f.expected if f.expected is not None else '—')}**, "
                   f"found: **{md_escape(f.found if f.found is not None else '—')}**")
    for r in f.related:
        out.append(f"  - see also {md_escape(r.document)}, {r.location.describe()}: {md_escape(r.excerpt[:160])}")
    out += [f"  - {md_escape(line)}" for line in also_lines(f)]
    return out
