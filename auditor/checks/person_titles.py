"""person-title: one person given two different job titles in the pack.

Attendance lists and contact boxes name officers with their titles: "Mr J McKay (Acting Chief
Accountant)" in one place and "Joe McKay (Acting Chief Analyst)" in another cannot both be right.
A title that is a shortening of the other ("Head of Finance" for "Head of Finance Operations")
is not a conflict.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks import register
from auditor.checks._common import finding_at
from auditor.checks._messages import MESSAGES, render
from auditor.model import Finding, Related
from auditor.vocab import word_list_pattern

HONORIFIC = rf"(?:{word_list_pattern('honorifics')})\.?"
PERSON_TITLE_RE = re.compile(
    rf"(?P<name>(?:{HONORIFIC}\s+)?(?:(?P<first>[A-Z][\w'’-]*\.?)\s+)?(?:[A-Z]\.?\s+)*(?P<surname>[A-Z][a-z][\w'’-]+))"
    r"\s*\((?P<title>[^()]{3,80})\)")
ROLE_WORD_RE = re.compile(rf"\b(?:{word_list_pattern('role_words')})\b")


def _words(title: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[^\w\s]", " ", title.lower()).split())


def _shortening(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One title is the other with words left out ('Head of Finance' in 'Head of Finance Operations')."""
    short, long = sorted((a, b), key=len)
    it = iter(long)
    return all(word in it for word in short)


@register("person-title", params={})
def check_person_titles(pack, rule, params, ctx) -> Iterable[Finding]:
    seen: dict[str, list] = {}
    for doc in pack.documents:
        for block in doc.blocks:
            if block.table is not None or not block.text:
                continue
            for m in PERSON_TITLE_RE.finditer(block.text):
                title = " ".join(m.group("title").split())
                if not ROLE_WORD_RE.search(title):
                    continue
                seen.setdefault(m.group("surname"), []).append((doc, block, m, title))
    for mentions in seen.values():
        yield from _conflicts(rule, mentions)


def _same_person(a, b) -> bool:
    first_a, first_b = a.group("first"), b.group("first")
    return not (first_a and first_b and first_a[0] != first_b[0])


def _conflicts(rule, mentions) -> Iterable[Finding]:
    first_doc, first_block, first, first_title = mentions[0]
    titles = [_words(first_title)]
    for doc, block, m, title in mentions[1:]:
        if not _same_person(first, m) or any(_shortening(seen, _words(title)) for seen in titles):
            continue
        titles.append(_words(title))
        values = {"name": m.group("name"), "title": title, "first_title": first_title}
        f = finding_at(rule, doc, block, m.start(), m.end(), render(MESSAGES["person-title"], **values),
                       expected=first_title, found=title, **values)
        f.related = [Related(first_doc.title, first_block.location_at(first.start()), first.group(0))]
        yield f
