"""resolution-wording: a minuted resolution "That ..." that never says what was resolved.

"RESOLVED: That the report be noted." carries its decision in the verb ("be noted", "be approved",
"is endorsed", "the Committee notes ..."). A resolution that stops after its subject ("That the
overview of activity of the Fostering Service for the period March 2023 to March 2024.") records
no decision at all: words were lost when the minute was drafted. Resolutions written as "To note
..." / "To approve ..." start with their verb and are left alone.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks import register
from auditor.checks._common import finding_at
from auditor.model import Finding

RESOLVED_RE = re.compile(r"\bRESOLVED\b")
RESOLUTION_LINE_RE = re.compile(
    r"^[ \t]*(?:[-•*▶][ \t]*)?(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)][ \t]*)?(?P<body>That\b[^\n]*)", re.M)
DECISION_RE = re.compile(
    r"\b(?:be|is|are|was|were|been|being|shall|should|will|would|may|must|"
    r"notes?|noted|agrees?|agreed|approves?|approved|endorses?|endorsed|recommends?|recommended|"
    r"requests?|requested|asks?|asked|delegates?|delegated|authori[sz]es?|authori[sz]ed|supports?|"
    r"welcomes?|welcomed|thanks?|thanked|receives?|received|accepts?|accepted|adopts?|adopted|"
    r"confirms?|confirmed|resolves?|resolved|refers?|referred|defers?|deferred|declines?|declined|"
    r"rejects?|rejected|considers?|considered|expresses?|expressed|places?|placed|"
    # the bare verb of a subjunctive resolution: 'That the Director write to the Minister'
    r"write|report|submit|prepare|seek|bring|consult|undertake|continue|provide|arrange|investigate|"
    r"circulate|explore|review|monitor|publish|proceed|meet|inform|liaise|invite|establish|set|take|make|"
    r"give|send|contact|ensure|include|amend|update|remain|stand|form|hold|share|work|develop|"
    r"proceeds?|continues?|remains?|stands?)\b", re.I)
# only 'That the/a/this ...' resolutions: their subject is a noun phrase, so a missing verb shows
NOUN_PHRASE_START_RE = re.compile(r"That\s+(?:the|a|an|this|these|its|their)\b", re.I)
FOLLOWING_BLOCKS = 4


@register("resolution-wording", params={})
def check_resolution_wording(pack, rule, params, ctx) -> Iterable[Finding]:
    """'That ...' resolutions under RESOLVED with no verb of decision."""
    for doc in pack.documents:
        blocks = doc.blocks
        for i, block in enumerate(blocks):
            if block.table is not None or not RESOLVED_RE.search(block.text or ""):
                continue
            same_block = block.text[RESOLVED_RE.search(block.text).end():]
            candidates = [(block, len(block.text) - len(same_block))] if same_block.strip(" :;-–\n") else []
            candidates += [(b, 0) for b in blocks[i + 1:i + 1 + FOLLOWING_BLOCKS]]
            yield from _undecided(rule, doc, candidates)


def _undecided(rule, doc, candidates) -> Iterable[Finding]:
    for block, offset in candidates:
        if block.table is not None or block.kind == "heading":
            return
        text = block.text or ""
        found = list(RESOLUTION_LINE_RE.finditer(text, offset))
        if not found:
            if text[offset:].strip():
                return  # the resolution is over: other text follows
            continue
        for m in found:
            end = _sentence_end(text, m.start("body"))
            body = " ".join(text[m.start("body"):end].split())
            if body.endswith(":") or not NOUN_PHRASE_START_RE.match(body) or \
                    DECISION_RE.search(body[len("That"):]) or len(body) < 15:
                continue  # 'That the Cabinet:' introduces its decisions as a list
            yield finding_at(rule, doc, block, m.start("body"), end,
                             "The resolution never says what was resolved: it has no verb such as "
                             "'be noted' or 'be approved' (words lost in drafting?)",
                             expected="a decision, e.g. '..., be noted.'", found=body[:160])


def _sentence_end(text: str, start: int) -> int:
    """The end of the resolution starting at `start`: its full stop or colon, a blank line, or the next item
    (a wrapped line of a PDF or text pack is part of it)."""
    stop = re.compile(r"[.:](?=\s|$)|\n[ \t]*\n|\n[ \t]*(?:[-•*▶]|\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)])\s")
    m = stop.search(text, start)
    if m is None:
        return len(text)
    return m.end() if text[m.start()] in ".:" else m.start()
