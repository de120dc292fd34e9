"""conditional: where a document uses pattern `first`, pattern `second` must be in it too.

The first use of each different match of `first` (its first group when it has one: its "key") is
reported when the document has no match of `second` for it:
- `second` holding `\\1`: the key, written in (as literal text) where `\\1` stands. An abbreviation
  defined before use: first '\\b([A-Z]{3,5})\\b', second '(?:[A-Z][a-z]+ ){2,}\\(\\1\\)' reads "SEND"
  as defined by "Special Educational Needs and Disabilities (SEND)" anywhere in the document;
- `second` with a group of its own (Vale's form): the keys it captures anywhere in the document;
- otherwise: any match of `second` anywhere in the document.
Keys listed in `exceptions` are never reported.
"""
from __future__ import annotations

import re

from auditor.checks import compile_pattern, register
from auditor.checks._common import excerpt_around, finding_on
from auditor.checks._messages import EXPECTED, MESSAGES, render, validate_message
from auditor.errors import RuleFileError

# \1 or \g<1> in `second`, not an escaped backslash before a 1
BACKREF_RE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:1(?!\d)|g<1>)")


def _with_key(second: str, key: str) -> str:
    return BACKREF_RE.sub(lambda m: m.group(1) + "(?:" + re.escape(key) + ")", second)


def _validate(params, where):
    what = {"first": "the pattern whose use needs 'second'",
            "second": "the pattern a document that uses 'first' must hold too"}
    for name in ("first", "second"):
        if not params.get(name):
            raise RuleFileError(f"{where}: missing field '{name}' ({what[name]})")
    ignore_case = params.get("case", "match") == "ignore"
    first = compile_pattern(params["first"], f"{where}: field 'first'", ignore_case)
    second = params["second"]
    if BACKREF_RE.search(second):
        if _groups(first) > 1:
            raise RuleFileError(f"{where}: field 'first' has more than one group; '\\1' in 'second' stands "
                                "for one: make the others non-capturing, '(?:...)'")
        second = _with_key(second, "KEY")
    compile_pattern(second, f"{where}: field 'second'", ignore_case)
    for n, item in enumerate(params.get("exceptions", []), 1):
        if not isinstance(item, str):
            raise RuleFileError(f"{where}: field 'exceptions' item {n} must be text, not {item!r}")
    validate_message("conditional", params.get("message"), where)


def _groups(compiled) -> int:
    return getattr(compiled, "groups", None) or getattr(getattr(compiled, "_compiled", None), "groups", 0)


def _texts(doc, include_tables: bool):
    for block in doc.blocks:
        if block.table is None:
            if block.text:
                yield block.text, block.location_at
        elif include_tables:
            for row in block.table.rows:
                for cell in row:
                    if cell.text:
                        yield cell.text, (lambda _offset, loc=cell.location: loc)


@register("conditional", params={
    "first": (str, ""),  # pattern: what needs the other (its first group, if any, is the key)
    "second": (str, ""),  # pattern: what must be in the document too; '\1' stands for the key
    "exceptions": (list, []),  # keys never reported ('VAT', 'NHS')
    "case": (str, "match", ("match", "ignore")),
    "include_tables": (bool, False),
    "message": (str, MESSAGES["conditional"]),
})
def check_conditional(pack, rule, params, ctx):
    """Where a document uses `first`, `second` must be in it too: the first use of each without it."""
    ignore_case = params["case"] == "ignore"
    first = compile_pattern(params["first"], rule.id, ignore_case)
    template = params["second"]
    per_key = bool(BACKREF_RE.search(template))
    second = None if per_key else compile_pattern(template, rule.id, ignore_case)
    exceptions = {e.casefold() if ignore_case else e for e in params["exceptions"]}
    for doc in pack.documents:
        texts = list(_texts(doc, params["include_tables"]))
        whole = "\n\n".join(text for text, _ in texts)
        defined = _defined_keys(second, whole, ignore_case) if second is not None and _groups(second) else None
        if second is not None and defined is None and second.search(whole):
            continue  # plain `second`, and the document has it
        uses = _first_uses(texts, first, ignore_case, exceptions)
        if second is not None and defined is None:
            uses = uses[:1]  # no key tells one use from another: the first use is reported, once
        for text, location_at, m, key in uses:
            norm = key.casefold() if ignore_case else key
            if defined is not None:
                if norm in defined:
                    continue
                missing = f"'{key}' as '{template}' captures it"
            elif per_key:
                if compile_pattern(_with_key(template, key), rule.id, ignore_case).search(whole):
                    continue
                missing = f"'{template}' for '{key}'"
            else:
                missing = f"'{template}'"
            message = render(params["message"], found=m.group(0), key=key, missing=missing)
            yield finding_on(rule, doc, location_at(m.start()), excerpt_around(text, m.start(), m.end()),
                             message, expected=render(EXPECTED["conditional"], missing=missing),
                             found=m.group(0), key=key)


def _first_uses(texts, first, ignore_case: bool, exceptions: set) -> list:
    """(text, location_at, match, key) for the first use of each key, in reading order."""
    seen, out = set(), []
    keyed = _groups(first) > 0
    for text, location_at in texts:
        for m in first.finditer(text):
            key = m.group(1) if keyed and m.group(1) is not None else m.group(0)
            norm = key.casefold() if ignore_case else key
            if norm not in seen and norm not in exceptions:
                seen.add(norm)
                out.append((text, location_at, m, key))
    return out


def _defined_keys(second, whole: str, ignore_case: bool) -> set[str]:
    keys = {m.group(1) for m in second.finditer(whole) if m.group(1) is not None}
    return {k.casefold() for k in keys} if ignore_case else keys


check_conditional.validate_params = _validate
