"""Helpers shared by check kinds: building findings and excerpts."""
from __future__ import annotations

from auditor.model import Block, Document, Finding, Location


def excerpt_around(text: str, start: int, end: int, width: int = 60) -> str:
    """The matched text with some context, cut at word boundaries."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    if a > 0:
        space = text.find(" ", a)
        a = space + 1 if 0 <= space < start else a
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space > end else b
    return ("…" if a > 0 else "") + text[a:b].strip() + ("…" if b < len(text) else "")


def finding_at(rule, doc: Document, block: Block, start: int, end: int, message: str,
               expected=None, found=None, **extra) -> Finding:
    """A finding on characters start:end of a block's text."""
    return Finding(rule=rule.id, severity=rule.severity, message=message, document=doc.title,
                   location=block.location_at(start), excerpt=excerpt_around(block.text, start, end),
                   expected=expected, found=found, extra=extra)


def finding_on(rule, doc: Document, location: Location, excerpt: str, message: str,
               expected=None, found=None, **extra) -> Finding:
    return Finding(rule=rule.id, severity=rule.severity, message=message, document=doc.title,
                   location=location, excerpt=excerpt, expected=expected, found=found, extra=extra)
