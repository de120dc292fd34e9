"""The characters a pattern's match can end with, ignoring trailing white space.

A cue such as 'approximately' or 'more than' is looked for just before each figure of a pack
(facts.prose_numbers.match_before) with a pattern written for the end of a text ('...\\s*$'),
matched backwards by the `regex` module. That search costs some microseconds whatever the text,
and a pack of 20,000 paragraphs asks it hundreds of thousands of times. But a match that must end
at the figure has, as its last character other than white space, one of a few letters ('y' of
'approximately', 'n' of 'more than', '<'...). Reading that set from the pattern once lets a
search whose text ends otherwise be skipped: it could not have matched.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from auditor.regex_safety import _sre

_MAX_RANGE = 512  # characters of a class's range beyond ASCII listed (the others are searched at anyway)
# what '\s' matches in the `regex` module, which runs the backward searches (str.isspace() less
# the four separators \x1c-\x1f)
SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                  "\u2028\u2029\u202f\u205f\u3000")


# a multiline flag written in the pattern, for all of it or a group ('(?m)', '(?im:...)'): the
# compiled pattern's flags show only the first
_INLINE_MULTILINE_RE = re.compile(r"\(\?[a-zA-Z]*m[a-zA-Z]*[:)-]")


class _Any(Exception):
    """The pattern may end with any character: no gate."""


@functools.lru_cache(maxsize=256)
def final_characters(pattern: str, ignore_case: bool) -> Optional[frozenset[str]]:
    """The non-space characters a match of `pattern` can end with, when every match must end at
    the end of the text ('$') and the last such character is always known; else None.

    Items that match only white space ('\\s*', ' ') or nothing ('\\b', '$', a look-around) are
    passed over: the character asked about is the last one before the text's trailing spaces."""
    if _INLINE_MULTILINE_RE.search(pattern):
        return None  # '$' may end any line, not only the text
    parser, c = _sre()
    try:
        tree = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - no gate for what this reader cannot parse
        return None
    if not _ends_at_end(list(tree), c):
        return None
    try:
        chars, may_be_blank = _last(list(tree), c)
    except _Any:
        return None
    if may_be_blank:  # a match of white space alone, or of nothing: any text may hold one
        return None
    if ignore_case:  # each character's other cases, and an ASCII letter that a sign such as 'ſ' folds to
        chars = chars | {variant for ch in chars for variant in (ch.lower(), ch.upper(), ch.casefold())}
    return frozenset(chars - SPACE)


@functools.lru_cache(maxsize=256)
def ends_at_end(pattern: str) -> bool:
    """Whether every match of `pattern` ends with '$' or '\\Z' (read without MULTILINE: at the end of
    the text, or for '$' before a newline that ends it)."""
    if _INLINE_MULTILINE_RE.search(pattern):
        return False  # '$' may end any line
    parser, c = _sre()
    try:
        tree = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - not known to
        return False
    return _ends_at_end(list(tree), c)


def _ends_at_end(items: list, c) -> bool:
    """Whether every match ends with '$' (or '\\Z'), perhaps inside a group or every branch."""
    if not items:
        return False
    op, av = items[-1]
    if op is c.AT:
        return av in (c.AT_END, c.AT_END_STRING)
    if op is c.SUBPATTERN:
        return _ends_at_end(list(av[-1]), c)
    if op is c.BRANCH:
        return all(_ends_at_end(list(branch), c) for branch in av[1])
    return False


def _last(items: list, c) -> tuple[set[str], bool]:
    """(characters the sequence can end with other than trailing spaces, whether it can match
    only spaces or nothing)."""
    chars: set[str] = set()
    for op, av in reversed(items):
        item_chars, blank = _last_of(op, av, c)
        chars |= item_chars
        if not blank:
            return chars, False
    return chars, True


def _last_of(op, av, c) -> tuple[set[str], bool]:
    if op is c.LITERAL:
        ch = chr(av)
        return (set(), True) if ch in SPACE else ({ch}, False)
    if op in (c.NOT_LITERAL, c.ANY):
        return set(_ASCII), True  # may be a space, or any other character
    if op is c.IN:
        members = _class_members(av, c)
        return members - SPACE, bool(members & SPACE)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True
    if op is c.SUBPATTERN:
        return _last(list(av[-1]), c)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _last(list(av), c)
    if op is c.BRANCH:
        chars: set[str] = set()
        blank = False
        for branch in av[1]:
            branch_chars, branch_blank = _last(list(branch), c)
            chars |= branch_chars
            blank = blank or branch_blank
        return chars, blank
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, _, body = av
        chars, blank = _last(list(body), c)
        return chars, blank or low == 0
    raise _Any  # a back-reference, a conditional group...


# Only an ASCII character of the text is ever looked up (match_before searches at any other), so
# classes such as \w, '.' or '[^x]' are written as the ASCII characters they may match.
_ASCII = frozenset(map(chr, range(128)))
_CATEGORIES = {
    "CATEGORY_DIGIT": frozenset("0123456789"),
    "CATEGORY_WORD": frozenset("0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "CATEGORY_SPACE": SPACE,
}


def _class_members(av, c) -> set[str]:
    members: set[str] = set()
    negated = False
    for op, value in av:
        if op is c.NEGATE:
            negated = True
        elif op is c.LITERAL:
            members.add(chr(value))
        elif op is c.RANGE:
            low, high = value
            members.update(chr(code) for code in range(low, min(high, 127) + 1))
            if high > 127:
                members.update(chr(code) for code in range(max(low, 128), min(high, low + _MAX_RANGE) + 1))
        elif op is c.CATEGORY and str(value) in _CATEGORIES:
            members |= _CATEGORIES[str(value)]
        elif op is c.CATEGORY and str(value).startswith("CATEGORY_NOT_"):
            members |= _ASCII - _CATEGORIES.get(str(value).replace("NOT_", ""), frozenset())
            members |= SPACE - _CATEGORIES.get(str(value).replace("NOT_", ""), frozenset())
        else:
            raise _Any
    if negated:  # every ASCII character not listed, and every non-ASCII space (unless listed)
        return (set(_ASCII) | SPACE) - members
    return members
