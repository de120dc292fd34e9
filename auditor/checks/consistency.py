"""consistency: one term written two ways in the same document (or pack).

`either` names each term and lists its spellings ("Cllr" and "Councillor", "Centre Line" and
"Centreline"). Where a document uses more than one spelling of a term, the spelling used most is
taken as the document's own, and each place of another spelling is reported (found: the spelling as
written there; expected: the majority one). A tie goes to the spelling listed first. Spellings match
as whole words (not inside a longer word); a space in a spelling matches any run of spaces or a line
break.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from auditor.checks import register
from auditor.checks._common import excerpt_around, finding_on
from auditor.checks._messages import MESSAGES, render, validate_message
from auditor.errors import RuleFileError
from auditor.model import Related


@dataclass
class _Use:
    doc: object
    location: object
    text: str
    start: int
    end: int
    spelling: int  # index into the term's spellings


def _key(spelling: str, ignore_case: bool) -> str:
    joined = " ".join(spelling.split())
    return joined.casefold() if ignore_case else joined


def _validate(params, where):
    either = params.get("either")
    if either is None:
        raise RuleFileError(f"{where}: missing field 'either' (the spellings of each term, "
                            "e.g. either: {councillor: [Cllr, Councillor]})")
    if not either:
        raise RuleFileError(f"{where}: field 'either' names no term; give at least one, "
                            "e.g. either: {councillor: [Cllr, Councillor]}")
    ignore_case = params.get("case", "ignore") == "ignore"
    owner: dict[str, str] = {}
    for term, spellings in either.items():
        at = f"{where}: field 'either' term '{term}'"
        if not isinstance(spellings, list) or len(spellings) < 2:
            raise RuleFileError(f"{at} must be a list of two or more spellings, e.g. [Cllr, Councillor]")
        for spelling in spellings:
            if not isinstance(spelling, str) or not spelling.strip():
                raise RuleFileError(f"{at}: each spelling must be text, not {spelling!r}")
            key = _key(spelling, ignore_case)
            if key in owner:
                other = "twice" if owner[key] == str(term) else f"also under term '{owner[key]}'"
                raise RuleFileError(f"{at}: spelling '{spelling}' is listed {other}"
                                    + (" (case is ignored: case: ignore)" if ignore_case else ""))
            owner[key] = str(term)
    validate_message("consistency", params.get("message"), where)


def _pattern(spellings: list[str], ignore_case: bool) -> re.Pattern:
    """Any spelling as a whole word, the longest first ('Centre Line' before 'Centre')."""
    alternatives = sorted(spellings, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(word) for word in s.split()) for s in alternatives)
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.I if ignore_case else 0)


def _texts(pack, include_tables: bool):
    """(doc, text, location_at(offset)) for every paragraph, heading, item and (optionally) table cell."""
    for doc, block in pack.iter_blocks():
        if block.table is None:
            if block.text:
                yield doc, block.text, block.location_at
        elif include_tables:
            for row in block.table.rows:
                for cell in row:
                    if cell.text:
                        yield doc, cell.text, (lambda _offset, loc=cell.location: loc)


@register("consistency", params={
    "either": (dict, {}),  # {term: [spelling, spelling, ...]}: the ways one term may be written
    "scope": (str, "document", ("document", "pack")),  # where one spelling must be kept
    "case": (str, "ignore", ("ignore", "match")),  # 'match': 'CENTRELINE' is not 'Centreline'
    "include_tables": (bool, True),
    "message": (str, MESSAGES["consistency"]),
})
def check_consistency(pack, rule, params, ctx):
    """One term written two ways in the same document (or pack): the less used spelling's places."""
    ignore_case = params["case"] == "ignore"
    terms = [(str(term), [str(s) for s in spellings]) for term, spellings in params["either"].items()]
    compiled = [(term, spellings, _pattern(spellings, ignore_case),
                 {_key(s, ignore_case): i for i, s in enumerate(spellings)}) for term, spellings in terms]
    uses: dict[tuple, list[_Use]] = {}
    for doc, text, location_at in _texts(pack, params["include_tables"]):
        unit = id(doc) if params["scope"] == "document" else 0
        for n, (_, _, rx, index) in enumerate(compiled):
            for m in rx.finditer(text):
                spelling = index.get(_key(m.group(0), ignore_case))
                if spelling is not None:
                    uses.setdefault((unit, n), []).append(
                        _Use(doc, location_at(m.start()), text, m.start(), m.end(), spelling))
    for (_, n), found in uses.items():
        term, spellings, _, _ = compiled[n]
        counts = Counter(use.spelling for use in found)
        if len(counts) < 2:
            continue
        majority = max(counts, key=lambda i: (counts[i], -i))
        first_majority = next(use for use in found if use.spelling == majority)
        for use in found:
            if use.spelling == majority:
                continue
            written = use.text[use.start:use.end]
            message = render(params["message"], found=written, expected=spellings[majority], term=term,
                             found_count=counts[use.spelling], expected_count=counts[majority],
                             scope=params["scope"])
            finding = finding_on(rule, use.doc, use.location, excerpt_around(use.text, use.start, use.end),
                                 message, expected=spellings[majority], found=written, term=term)
            finding.related = [Related(first_majority.doc.title, first_majority.location,
                                       excerpt_around(first_majority.text, first_majority.start,
                                                      first_majority.end))]
            yield finding


check_consistency.validate_params = _validate
