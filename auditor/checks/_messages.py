"""The messages of the kinds a rule file writes in full (consistency, order, conditional), in one place;
and those of person-title, recommendation-consistency and the prose-* kinds (PROSE_MESSAGES,
PROSE_NOTES, DIRECTION_MESSAGES). A finding of person-title or recommendation-consistency carries the
values its template was filled with in its detail.

Each is a template with {placeholders}; a rule may give its own in `message:`, using the same
placeholders. A placeholder the kind does not fill is an error when the rule file is read, naming the
file, the rule and the field, with the closest known placeholder.

The prose claims (auditor.facts.claims) name their template and give its values, the figures as
written; the prose-* kinds fill it here when a claim does not hold.
"""
from __future__ import annotations

import difflib
import string

from auditor.errors import RuleFileError

MESSAGES = {
    "consistency": "'{found}' here, but '{expected}' {expected_count} times in this {scope}: "
                   "one term ({term}) written two ways",
    "order": "'{second}' (read as {second_iso}) is {interval} '{first}' (read as {first_iso}); "
             "expected {expected}",
    "conditional": "'{found}' is used, but {missing} is nowhere in this document",
    "person-title": "{name} is titled '{title}' here, but '{first_title}' earlier",
    "recommendation-consistency": "The meeting is asked to '{verb}' the report here, but to '{first_verb}' it "
                                  "earlier: which decision is sought?",
}

# the placeholders each kind fills
PLACEHOLDERS = {
    "consistency": ("found", "expected", "term", "found_count", "expected_count", "scope"),
    "order": ("first", "first_iso", "second", "second_iso", "days", "weeks", "interval", "expected"),
    "conditional": ("found", "key", "missing"),
    "person-title": ("name", "title", "first_title"),
    "recommendation-consistency": ("verb", "first_verb"),
}

# what a finding says it expected, per kind
EXPECTED = {
    "order_at_least": "at least {low} days after {first_iso}",
    "order_at_most": "at most {high} days after {first_iso}",
    "order_between": "between {low} and {high} days after {first_iso}",
    "conditional": "{missing} somewhere in the document",
    "recommendation-consistency": "asked to {first_verb} the report (as earlier)",
}
# what a finding says it found, per kind
FOUND = {
    "recommendation-consistency": "asked to {verb} the report",
}

# how far apart two dates are, for {interval}
INTERVALS = {"after": "{span} after", "before": "{span} before", "same": "the same day as"}

# table-total and table-identity; {cell}, {total}... are cells named “row” / “column”, {table} the table's name
TABLE_MESSAGES = {
    "total": "{cell} is {found} but its {parts} parts add up to {sum} (difference {difference}), in {table}",
    "total-rounding": "{cell} is {found}; its {parts} parts add up to {sum} — within rounding, in {table}",
    "total-culprit": "{cell} looks wrong: both the total {total} and the total {other_total} are out by {amount}; "
                     "{wanted} here would make both hold",
    "whole-row-over": "total row “{label}” is out by the same amount in all {columns} columns, in {table}: its rows "
                      "add up to {amount} more than it in each column: a row may be listed twice, or left out of "
                      "the total",
    "whole-row-under": "total row “{label}” is out by the same amount in all {columns} columns, in {table}: it is "
                       "{amount} more than its rows in each column: a row may be missing from the table, or counted "
                       "twice",
    "identity": "{cell} is {found} but {how} gives {expected} (difference {difference}), in {table}",
    "identity-rounding": "{cell} is {found}; {how} gives {expected} — within rounding, in {table}",
    "identity-culprit": "{culprit} looks wrong: {cell} should be {how} = {expected} but is {found}, and the total "
                        "{total} is out by the same amount; {wanted} here would make both hold, in {table}",
}

# a prose claim that does not hold, by its template (Claim.template); {stated} is the figure judged
PROSE_MESSAGES = {
    "percent-of": "{part} out of {whole} is {exact}%, which rounds to {expected}, not {stated}",
    "percent-of-named-whole": "{part} out of {whole} is {exact}%, which rounds to {expected}, not {stated} "
                              "(the {noun} is given as {whole} earlier in the paragraph)",
    "parts-exhaustive": "The items after '{keyword}' add up to {expected} ({sum}), not the {whole} stated",
    "parts-exhaustive-before": "The items listed before '{keyword}' add up to {expected} ({sum}), not the {whole} stated",
    "parts-exhaustive-list": "The items (in the list that follows) after '{keyword}' add up to {expected} ({sum}), "
                             "not the {whole} stated",
    "parts-at-most": "The parts listed ({sum} = {expected}) exceed the whole of {whole}",
    "parts-at-most-list": "The parts listed (in the list that follows) ({sum} = {expected}) exceed the whole of {whole}",
    "parts-remaining": "The remaining share should be {expected} (100% - {first}), not {stated}",
    "change-points": "The change from {old} to {new} is {expected} (percentage points), not {stated}",
    "change-relative": "From {old} to {new} is a change of {exact}%, not {stated}",
    "change-of-values": "The change from {old} to {new} is {expected}, not {stated}",
    "change-percent": "{change} on {old} is a change of {exact}%, not {stated}",
    "difference": "The difference between {subject} and {other} is {expected}, not {stated}",
    "difference-wrong-side": "The difference between {subject} and {other} is {expected}, not {stated}; and {subject} "
                             "is not {polarity} than {other}",
    "difference-direction": "{subject} is {word} than {other} by {stated} in the text, but {subject} is not "
                            "{polarity} than {other}",
    "gap-direction": "The text calls the gap of {stated} an {noun}, but the spending ({subject}) is {relation} "
                     "the budget ({other})",
}
# a remark on a claim (Claim.note), added to its message after '; ' and kept as the finding's note
PROSE_NOTES = {
    "wrong-base-relative": "{stated} is the change as a share of the new value ({new}): computed on the wrong base",
    "wrong-base-change": "{stated} is {change} as a share of the new value ({new}): the percentage change was "
                         "computed on the wrong base",
}
# what prose-direction says of a direction word its own numbers contradict
DIRECTION_MESSAGES = {
    "word": "The text calls it {said} ('{word}'), but {new} is {actual} {old}",
    "rising-to": "'{word} to' {new} from {old}, but {new} is {size} than {old}",
    "expected": "{other_way} (from {old} to {new})",
    "comparison": "The text says {new} is '{word}' {old}, but {new} is {actual} {old}",
    "expected-comparison": "{new} {actual} {old}",
}


def validate_message(kind: str, template, where: str) -> None:
    """A rule's own `message:` may use only the kind's placeholders."""
    if not isinstance(template, str):
        return  # the type check of the field reports it
    known = PLACEHOLDERS[kind]
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise RuleFileError(f"{where}: field 'message' is not a valid template ({exc}); write a literal "
                            "brace as '{{' or '}}'") from None
    for name in fields:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{{{close[0]}}}'?)" if close else ""
            raise RuleFileError(f"{where}: field 'message' has unknown placeholder '{{{name}}}'{hint}; "
                                f"kind '{kind}' fills {', '.join('{' + k + '}' for k in known)}")


def render(template: str, **values) -> str:
    return template.format(**values)
