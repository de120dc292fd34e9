"""recommendation-consistency: the decision a report asks of the meeting, stated with different verbs.

A report's summary and its recommendations section both say what the meeting is asked to do
with the report: "County Council is asked to note the report" on page 1 and "County Council is
asked to endorse this report" in section 12 ask for two different decisions. Only requests whose
object is the report itself are compared: "asked to note the report and approve the strategy"
asks for two things, and each is left alone.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks import register
from auditor.checks._common import finding_at
from auditor.checks._messages import EXPECTED, FOUND, MESSAGES, render
from auditor.model import Finding, Related

ASKED_RE = re.compile(
    r"\b(?:is|are)\s+(?:asked|requested|recommended|invited)\s+to\s+(?P<verb>[a-z]+)\s+(?:the|this)\s+report\s*[.;]",
    re.I)


KIND = "recommendation-consistency"


@register(KIND, params={})
def check_recommendations(pack, rule, params, ctx) -> Iterable[Finding]:
    """Per report (with its appendices), the verbs asked of the meeting about the report must agree."""
    by_report: dict[str, list] = {}
    for doc in pack.documents:
        for block in doc.blocks:
            if block.table is not None or not block.text:
                continue
            for m in ASKED_RE.finditer(block.text):
                by_report.setdefault(doc.parent or doc.title, []).append((doc, block, m))
    for asks in by_report.values():
        verbs = {m.group("verb").lower() for _, _, m in asks}
        if len(verbs) < 2:
            continue
        first_verb = asks[0][2].group("verb").lower()
        for doc, block, m in asks[1:]:
            if m.group("verb").lower() == first_verb:
                continue
            first_doc, first_block, first = asks[0]
            values = {"verb": m.group("verb"), "first_verb": first.group("verb")}
            f = finding_at(rule, doc, block, m.start(), m.end(), render(MESSAGES[KIND], **values),
                           expected=render(EXPECTED[KIND], **values), found=render(FOUND[KIND], **values), **values)
            f.related = [Related(first_doc.title, first_block.location_at(first.start()), first.group(0))]
            yield f
