"""Regular expressions from users' rule files: which ones may take exponential time on a pack."""
from __future__ import annotations

import functools
import re
from typing import Optional


# Every string written in the shipped rule files (filled as auditor.rules reads them). A pattern
# among them was written and tested with the project (tests, bench/adversarial.py) and is matched by
# Python's re with no time limit; any other pattern is a user's and is matched with one
# (auditor.checks.RulePattern).
SHIPPED_TEXTS: set[str] = set()


def _sre():
    """Python's own regex parser and its opcodes (renamed private modules since Python 3.11)."""
    try:
        from re import _constants, _parser
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as _constants
        import sre_parse as _parser
    return _parser, _constants


@functools.lru_cache(maxsize=1024)
def regex_hazard(pattern: str) -> Optional[str]:
    """Why pattern may take exponential time on text that nearly matches, or None.

    Python's engine backtracks: a repeat of something that can itself match a run of text in more
    than one way, as in '(a+)+$' or '(\\w+\\s?)*$', tries every way to split the run before it
    fails. Such a pattern is refused when the rule file is read, instead of hanging on a pack."""
    parser, _ = _sre()
    try:
        tree = parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # re.compile reports it
    return _first_nested_repeat(tree)


def _first_nested_repeat(tree) -> Optional[str]:
    _, c = _sre()
    for op, av in tree:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, body = av
            if _varies(low, high) and _splits(body):
                return "a repeat inside a repeat, as in '(a+)+'"
            inner = [body]
        elif op is getattr(c, "POSSESSIVE_REPEAT", None):  # never backtracks into: only its body matters
            inner = [av[2]]
        elif op is c.SUBPATTERN:
            inner = [av[-1]]
        elif op is getattr(c, "ATOMIC_GROUP", None):
            inner = [av]
        elif op in (c.ASSERT, c.ASSERT_NOT):
            inner = [av[1]]
        elif op is c.BRANCH:
            inner = av[1]
        elif op is c.GROUPREF_EXISTS:
            inner = [branch for branch in av[1:] if branch is not None]
        else:
            inner = []
        found = next((h for sub in inner if (h := _first_nested_repeat(sub))), None)
        if found:
            return found
    return None


def _varies(low: int, high: int) -> bool:
    return high > 1 and high != low


def _splits(body) -> bool:
    """Can body, repeated, match one run of text in several ways? When one of its items is a
    variable repeat and everything else in it may match nothing, the run can be cut anywhere."""
    items = list(body)
    return any(_variable_part(item) and all(_may_be_empty(body, other) for j, other in enumerate(items) if j != i)
               for i, item in enumerate(items))


def _variable_part(item) -> bool:
    _, c = _sre()
    op, av = item
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return _varies(av[0], av[1])
    if op is c.SUBPATTERN:
        return _splits(av[-1])
    if op is c.BRANCH:
        return any(_splits(branch) for branch in av[1])
    return False


def _may_be_empty(body, item) -> bool:
    return body.__class__(body.state, [item]).getwidth()[0] == 0
