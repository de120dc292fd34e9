"""The messages of the kinds a rule file writes in full (consistency, order, conditional), in one place.

Each is a template with {placeholders}; a rule may give its own in `message:`, using the same
placeholders. A placeholder the kind does not fill is an error when the rule file is read, naming the
file, the rule and the field, with the closest known placeholder.
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
}

# the placeholders each kind fills
PLACEHOLDERS = {
    "consistency": ("found", "expected", "term", "found_count", "expected_count", "scope"),
    "order": ("first", "first_iso", "second", "second_iso", "days", "weeks", "interval", "expected"),
    "conditional": ("found", "key", "missing"),
}

# what a finding says it expected, per kind
EXPECTED = {
    "order_at_least": "at least {low} days after {first_iso}",
    "order_at_most": "at most {high} days after {first_iso}",
    "order_between": "between {low} and {high} days after {first_iso}",
    "conditional": "{missing} somewhere in the document",
}

# how far apart two dates are, for {interval}
INTERVALS = {"after": "{span} after", "before": "{span} before", "same": "the same day as"}


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
